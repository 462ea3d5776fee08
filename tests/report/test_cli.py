"""``metanet export`` reads the data directory of a running server, by board id or join code."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT
from testkit.redis_server import RedisServer
from tests.report.test_export_languages import decide_one


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server.cli", "export", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


async def test_export_works_against_the_data_dir_of_a_running_server(server: MetanetServer, board: dict[str, str]) -> None:
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    alice = await BoardClient.connect(server.ws_base, board["board"])
    try:
        note = await decide_one(fac, alice)
        data_dir = str(server.data_dir)
        code = fac.view.board["code"]

        by_code = _cli(code.lower(), "--format", "json", "--data-dir", data_dir, "--backbone", "memory://")
        assert by_code.returncode == 0, by_code.stderr
        assert fac.welcome_msg is not None
        req = urllib.request.Request(f"{server.url}/b/{board['board']}/export.json",
                                     headers={"X-Metanet-Key": fac.welcome_msg["you"]["export_key"]})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert by_code.stdout == resp.read().decode()

        by_id = _cli(board["board"], "--format", "md", "--data-dir", data_dir)
        assert by_id.returncode == 0, by_id.stderr
        assert "# Test board" in by_id.stdout and "Victim support hotline **(decision 1)**" in by_id.stdout
        as_csv = _cli(board["board"], "--format", "csv", "--data-dir", data_dir)
        assert as_csv.stdout.splitlines()[1].startswith("1,n1,Victim support hotline,")

        # The server was not disturbed: it still takes writes, and a second export sees them.
        await fac.ok("set_roadmap", target=note, owner="NGO coalition")
        assert "NGO coalition" in _cli(code, "--format", "md", "--data-dir", data_dir).stdout
    finally:
        await fac.close()
        await alice.close()


def test_export_says_clearly_when_there_is_no_such_board_or_no_data(tmp_path: Path) -> None:
    missing = _cli("NOPE42", "--data-dir", str(tmp_path))
    assert missing.returncode == 1 and "no Metanet data" in missing.stderr


async def test_an_unknown_board_is_reported(server: MetanetServer, board: dict[str, str]) -> None:
    result = _cli("NOPE42", "--data-dir", str(server.data_dir))
    assert result.returncode == 1 and "no board with the id or join code 'NOPE42'" in result.stderr
    assert result.stdout == ""


@pytest.mark.redis
async def test_export_reads_a_board_from_redis(tmp_path: Path) -> None:
    redis_server = RedisServer(tmp_path / "redis").start()
    server = MetanetServer(tmp_path / "data", backbone=redis_server.url)
    try:
        server.start()
        board = server.create_board(title="On Redis", template="priorities-workshop")
        alice = await BoardClient.connect(server.ws_base, board["board"])
        try:
            await alice.ok("join", group="Academia")
            await alice.ok("add_note", text="A regional lab")
        finally:
            await alice.close()
        result = _cli(board["code"], "--format", "json", "--backbone", redis_server.url)
        assert result.returncode == 0, result.stderr
        (note,) = json.loads(result.stdout)["board"]["notes"]
        assert (note["text"], note["group"], note["private"]) == ("A regional lab", "Academia", True)
    finally:
        server.stop()
        redis_server.stop()
