"""``metanet serve --workers N``: refused on the embedded backbone, several real workers on Redis."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.multiprocess.conftest import junk_warnings
from tests.redis_support import RedisServer
from tests.servers import ROOT, ServerProcess, free_port
from tests.wsclient import BoardClient


def serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """``metanet serve ARGS`` in a subprocess; its output goes to ``tmp_path/serve.log``."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path / "data"),
        *args,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("METANET_")}
    with open(tmp_path / "serve.log", "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, port


def test_several_workers_on_the_embedded_backbone_are_refused_with_a_pointer_to_redis(tmp_path: Path) -> None:
    proc, _ = serve(tmp_path, "--workers", "2")
    assert proc.wait(30) == 2
    message = (tmp_path / "serve.log").read_text()
    assert "memory://" in message and "one process" in message
    assert "--backbone redis://" in message
    assert not (tmp_path / "data" / "metanet.sqlite3").exists()


@pytest.mark.redis
@pytest.mark.slow
async def test_two_workers_on_redis_serve_one_board_together(tmp_path: Path, redis_server: RedisServer) -> None:
    proc, port = serve(tmp_path, "--workers", "2", "--backbone", redis_server.url)
    try:
        deadline = time.monotonic() + 20
        with redis_server.client() as r:
            # Each worker process connects to Redis under its own name.
            while len({c["name"] for c in r.client_list() if c["name"].startswith("metanet:")}) < 2:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "two workers never connected to Redis"
                time.sleep(0.05)
        shim = ServerProcess(tmp_path / "data", port=port)  # only for its URLs and create_board
        with urllib.request.urlopen(shim.url + "/health", timeout=5) as resp:
            assert json.load(resp)["backbone"] == "redis"
        board = shim.create_board(title="Two workers", phases=[{"kind": "group"}])
        clients = [await BoardClient.connect(shim.ws_base, board["board"]) for _ in range(8)]
        seqs = []
        for i, client in enumerate(clients):
            await client.ok("join", group="Other")
            seqs.append((await client.ok("add_note", text=f"from client {i}"))["seq"])
        last = max(seqs)  # an ack may overtake its own event: wait for the acked sequence
        for client in clients:
            await client.wait_seq(last)
            assert sorted(n["text"] for n in client.view.notes.values()) == sorted(f"from client {i}" for i in range(8))
            await client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert not junk_warnings((tmp_path / "serve.log").read_text(errors="replace"))
