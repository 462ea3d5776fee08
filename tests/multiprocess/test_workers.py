"""``metanet serve --workers N``: refused on the embedded backbone, several real workers on Redis."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT
from testkit.redis_server import RedisServer
from tests.multiprocess.conftest import junk_warnings


def serve(tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    """``metanet serve ARGS`` in a subprocess, without the caller's METANET_ settings; output in ``serve.log``."""
    cmd = [*MetanetServer(tmp_path / "data").command(), *args]  # a later --workers/--backbone wins
    env = {k: v for k, v in os.environ.items() if not k.startswith("METANET_")}
    with open(tmp_path / "serve.log", "wb") as log:
        return subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def test_several_workers_on_the_embedded_backbone_are_refused_with_a_pointer_to_redis(tmp_path: Path) -> None:
    proc = serve(tmp_path, "--workers", "2")
    assert proc.wait(30) == 2
    message = (tmp_path / "serve.log").read_text()
    assert "memory://" in message and "one process" in message
    assert "--backbone redis://" in message
    assert not (tmp_path / "data" / "metanet.sqlite3").exists()


@pytest.mark.redis
@pytest.mark.slow
async def test_two_workers_on_redis_serve_one_board_together(tmp_path: Path, redis_server: RedisServer) -> None:
    server = MetanetServer(tmp_path / "data", backbone=redis_server.url, workers=2).start()
    try:
        deadline = time.monotonic() + 20
        with redis_server.client() as r:
            # Each worker process connects to Redis under its own name.
            while len({c["name"] for c in r.client_list() if c["name"].startswith("metanet:")}) < 2:
                assert time.monotonic() < deadline, f"two workers never connected to Redis:\n{server.log()}"
                time.sleep(0.05)
        with urllib.request.urlopen(server.url + "/health", timeout=5) as resp:
            assert json.load(resp)["backbone"] == "redis"
        board = server.create_board(title="Two workers", phases=[{"kind": "group"}])
        clients = [await BoardClient.connect(server.ws_base, board["board"]) for _ in range(8)]
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
        server.stop()
    assert not junk_warnings(server.log_path.read_text(errors="replace"))
