"""The chaos run: real processes, real faults, nothing acknowledged lost, applied twice or seen differently.

The smoke-sized run is a subprocess of ``python -m bench chaos`` exactly as a
person would run it; the audit is also fed a doctored history to show it
catches what it claims to catch. Full-size figures: docs/security.md.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

import pytest

from bench.chaos.check import audit
from bench.chaos.client import ChaosClient, Command
from bench.chaos.work import BOARD
from testkit.process import REPO_ROOT
from testkit.view import BoardView

FAULT_KINDS = {
    "redis": {"kill_server", "restart_redis", "kill_pubsub", "flap", "stall"},
    "cluster": {"kill_server", "kill_master", "kill_pubsub", "flap", "stall"},  # a master killed, its replica promoted
}


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize("backbone", ["redis", "cluster"])
def test_a_smoke_sized_chaos_run_loses_nothing_duplicates_nothing_and_no_client_diverges(backbone: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "chaos", "--clients", "8", "--duration", "15", "--seed", "7", "--json",
         "--backbone", backbone],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert proc.stdout.strip(), proc.stderr[-4000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["problems"] == [], result["problems"]
    assert result["lost"] == 0
    assert result["duplicated"] == 0
    assert result["diverged"] == 0
    assert result["wrong_ack"] == result["phantom"] == result["unacked"] == 0
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert {f["fault"] for f in result["faults"]} == FAULT_KINDS[backbone]
    assert all(isinstance(f["at"], float | int) and 0 <= f["at"] <= 15 for f in result["faults"])
    # The work was real and the faults were felt: commands answered after a retry or on a new connection.
    assert result["sent"] > 50 and result["acked"] == result["sent"]
    assert result["present"] == result["ok"] > 0
    assert result["by_kind"]["vote"][1] > 0 and result["by_kind"]["add_note"][1] > 0
    assert result["connections"] > result["clients"] + 1
    assert result["resumed"] > 0 and result["retried"] + result["resent"] > 0
    assert result["server_tracebacks"] == {}


# -- the audit catches what it claims to ----------------------------------------------


def _client(name: str, me: str, commands: list[tuple[str, str, dict[str, Any], dict[str, Any]]]) -> ChaosClient:
    client = ChaosClient(name, ["ws://unused"], "board", role="participant", token="t" * 32)
    client.me = me
    for op, kind, fields, ack in commands:
        client.commands.append(Command(op, kind, fields, ack={"t": "ack", "op": op, **ack}))
    return client


def _view(notes: list[str], my_votes: dict[str, int] | None = None) -> BoardView:
    view = BoardView()
    view.notes = {n: {"id": n, "text": "idea", "x": 0.5, "y": 0.5, "color": "yellow"} for n in notes}
    view.my_votes = dict(my_votes or {})
    return view


def _added(seq: int, key: str, note: str) -> tuple[int, dict[str, Any]]:
    return seq, {"type": "note_added", "note": {"id": note}, "op": key, "result": {"seq": seq, "note": note}}


ADD = {"text": "idea", "x": 0.5, "y": 0.5, "color": "yellow"}


def test_the_audit_counts_an_acked_command_missing_from_the_log_as_lost() -> None:
    p = _client("p", "pid", [("p-1", "add_note", ADD, {"ok": True, "result": {"seq": 1, "note": "n1"}}),
                             ("p-2", "add_note", ADD, {"ok": True, "result": {"seq": 2, "note": "n2"}})])  # fmt: skip
    log = [_added(1, "pid:p-1", "n1")]
    result = audit(log, [p], {"p": _view(["n1"])}, _view(["n1"]), set())
    assert (result["lost"], result["present"], result["duplicated"]) == (1, 1, 0)


def test_the_audit_counts_an_op_applied_twice_and_an_uncounted_dot() -> None:
    vote = {"ok": True, "result": {"seq": 3, "dots_left": 7}}
    p = _client("p", "pid", [("p-1", "add_note", ADD, {"ok": True, "result": {"seq": 1, "note": "n1"}}),
                             ("p-2", "vote", {"note": "n1"}, vote)])  # fmt: skip
    log = [_added(1, "pid:p-1", "n1"), _added(2, "pid:p-1", "n9"),
           (3, {"type": "vote_placed", "note": "n1", "op": "pid:p-2", "result": {"seq": 3, "dots_left": 7}})]  # fmt: skip
    result = audit(log, [p], {"p": _view(["n1"], {})}, _view(["n1", "n9"]), set())
    assert result["duplicated"] == 1  # p-1 twice
    assert result["lost"] == 1  # the dot is in the log but not on the participant's count


def test_the_audit_counts_a_client_whose_view_differs_from_a_fresh_welcome_as_diverged() -> None:
    p = _client("p", "pid", [])
    p.view = _view(["n1"])
    assert audit([], [p], {"p": _view(["n1", "n2"])}, _view([]), set())["diverged"] == 1
    assert audit([], [p], {"p": _view(["n1"])}, _view([]), set())["diverged"] == 0
    assert audit([], [p], {"p": _view(["n1"])}, _view([]), {"p"})["diverged"] == 1  # never caught up



# -- a command never answered is told with its story --------------------------------------


async def test_a_command_left_unanswered_is_reported_with_its_op_and_what_happened_to_it(server: Any) -> None:
    board = server.create_board(**BOARD)
    client = ChaosClient("p001", [server.ws_base], board["board"], role="participant", token="t" * 32)
    await client.start()
    note: asyncio.Task[Command] | None = None
    try:
        group = client.view.board["settings"]["groups"][0]
        joined = await asyncio.wait_for(client.do("join", group=group, name="Ann"), 10)
        assert joined.ok and joined.history[0].endswith("sent on connection 1"), joined.history
        assert joined.history[-1].endswith("ack ok on connection 1"), joined.history
        assert client.unanswered() == []
        server.kill()  # nobody left to answer
        for _ in range(200):
            if not client.connected.is_set():
                break
            await asyncio.sleep(0.05)
        note = asyncio.create_task(client.do("add_note", text="idea", x=0.5, y=0.5, color="yellow"))
        await asyncio.sleep(0.2)
        [report] = client.unanswered()
        assert report.startswith("p001 p001-2 add_note {'text': 'idea', 'x': 0.5"), report
        assert "0 sends" in report and "not sent: no connection" in report, report
        assert "not connected after 1 connections, connection loop running" in report, report
        assert not note.done()
    finally:
        await client.close()
        if note is not None:
            note.cancel()
