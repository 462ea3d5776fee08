"""Archive and delete reach every process: two real servers on one real Redis."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT
from testkit.redis_server import RedisServer

pytestmark = pytest.mark.redis


async def test_deleting_on_one_process_closes_the_boards_sockets_on_the_other(tmp_path: Path) -> None:
    redis_server = RedisServer(tmp_path / "redis").start()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    a = MetanetServer(tmp_path / "a" / "data", backbone=redis_server.url)
    b = MetanetServer(tmp_path / "b" / "data", backbone=redis_server.url)
    clients: list[BoardClient] = []
    try:
        a.start()
        b.start()
        board = a.create_board(title="Two processes")
        fac = await BoardClient.connect(a.ws_base, board["board"], role="facilitator", secret=board["secret"])
        bob = await BoardClient.connect(b.ws_base, board["board"])
        clients += [fac, bob]
        await bob.ok("join", group="Other")
        seq = (await fac.ok("archive_board"))["seq"]
        await bob.wait_seq(seq)
        refused = await bob.command("add_note", text="on process B")
        assert not refused["ok"] and refused["code"] == "not_now"
        await fac.ok("delete_board", confirm=fac.view.board["code"])
        await asyncio.wait_for(bob.closed.wait(), 5)
        assert bob.ws.close_code == 4004
        again = await BoardClient.connect(b.ws_base, board["board"], wait=False)
        clients.append(again)
        await asyncio.wait_for(again.closed.wait(), 5)
        assert again.ws.close_code == 4004
        cli = subprocess.run([sys.executable, "-m", "server.cli", "export", board["code"], "--backbone", redis_server.url],
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert cli.returncode == 1 and "no board" in cli.stderr
    finally:
        for client in clients:
            await client.close()
        a.stop()
        b.stop()
        redis_server.stop()
