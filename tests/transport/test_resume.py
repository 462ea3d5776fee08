"""Resume after a drop, retries after a lost ack, and a SIGKILLed server."""

from __future__ import annotations

from pathlib import Path

from testkit.client import BoardClient
from testkit.metanet import MetanetServer


async def test_a_client_that_was_away_gets_exactly_the_missed_events(server: MetanetServer, board: dict[str, str]) -> None:
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    a = await BoardClient.connect(server.ws_base, board["board"])
    await a.ok("join", group="Academia")
    away_at = a.view.seq
    token = a.token
    await a.close()
    await fac.ok("next_phase")  # group
    made = [(await fac.ok("add_note", text=f"while away {i}"))["note"] for i in range(3)]
    last = (await fac.ok("move_note", note=made[0], x=0.5, y=0.5))["seq"]
    back = await BoardClient.connect(server.ws_base, board["board"], token=token, since=away_at, view=a.view)
    welcome = back.welcome_msg
    assert welcome is not None and welcome["mode"] == "resume"
    assert [ev["seq"] for ev in welcome["events"]] == list(range(away_at + 1, last + 1))
    assert set(back.view.notes) >= set(made)
    fresh = await BoardClient.connect(server.ws_base, board["board"], token=token)
    assert fresh.view.notes == {n: back.view.notes[n] for n in fresh.view.notes}
    assert set(fresh.view.notes) == set(back.view.notes)
    for client in (fac, back, fresh):
        await client.close()


async def test_a_resume_from_the_future_gets_a_fresh_snapshot_and_is_told(server: MetanetServer, board: dict[str, str]) -> None:
    a = await BoardClient.connect(server.ws_base, board["board"], since=10_000)
    assert a.welcome_msg is not None
    assert a.welcome_msg["mode"] == "snapshot" and a.welcome_msg["fresh"] is True
    await a.close()


async def test_a_retried_op_is_applied_once_and_acked_with_the_first_result(server: MetanetServer, board: dict[str, str]) -> None:
    a = await BoardClient.connect(server.ws_base, board["board"])
    await a.ok("join", group="Academia")
    first = await a.command("add_note", op="retry-me", text="only once")
    token = a.token
    await a.close()
    # the ack was "lost": the client reconnects and sends the same op again
    again = await BoardClient.connect(server.ws_base, board["board"], token=token)
    second = await again.command("add_note", op="retry-me", text="only once")
    assert first["ok"] and second["ok"]
    assert second["result"] == first["result"]
    texts = [n["text"] for n in again.view.notes.values()]
    assert texts.count("only once") == 1
    await again.close()


async def test_a_sigkilled_server_restarts_with_every_acked_note_and_vote(tmp_path: Path) -> None:
    server = MetanetServer(tmp_path / "data").start()
    board = server.create_board(title="Durable", template="note-and-vote")
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    people = [await BoardClient.connect(server.ws_base, board["board"]) for _ in range(3)]
    for person in people:
        await person.ok("join", group="Private sector")
    await fac.ok("next_phase")  # group: notes are public
    acked_notes: set[str] = set()
    for i in range(10):
        acked_notes.add((await people[i % 3].ok("add_note", text=f"note {i}"))["note"])
    await fac.ok("next_phase")  # vote
    acked_votes = 0
    for person in people:
        for note in sorted(acked_notes)[:3]:
            await person.ok("vote", note=note)
            acked_votes += 1
    # fire more votes without waiting, then kill the server mid-flight
    pending = [await people[0].send("vote", note=n) for n in sorted(acked_notes)[3:5]]
    server.kill()
    for fut in pending:
        try:
            ack = await fut
            if ack["ok"]:
                acked_votes += 1
        except ConnectionError:
            pass
    server.start()
    check = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    assert acked_notes <= set(check.view.notes)
    assert check.view.tallies is not None
    assert sum(t["total"] for t in check.view.tallies.values()) >= acked_votes
    for client in (check, fac, *people):
        await client.close()
    server.stop()


async def test_unknown_board_and_bad_facilitator_secret_are_refused(server: MetanetServer, board: dict[str, str]) -> None:
    nobody = await BoardClient.connect(server.ws_base, "no-such-board", wait=False)
    await nobody.closed.wait()
    assert nobody.ws.close_code == 4004
    forged = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret="guess", wait=False)
    await forged.closed.wait()
    assert forged.ws.close_code == 4001
    assert [m["code"] for m in forged.messages] == ["unauthorized"]
