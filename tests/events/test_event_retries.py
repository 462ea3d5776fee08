"""Organiser commands apply once per op: a retry after a lost ack is answered with the first result.

On two processes (and two organisers adding the 12th metanet at once): tests/multiprocess/test_events.py.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import msgpack
import websockets

from testkit.event_client import EventClient
from testkit.metanet import MetanetServer
from tests.events.test_event_server import make_event


def logged(server: MetanetServer, log_id: str) -> list[dict[str, Any]]:
    """One log's events as stored (read-only, as `metanet export` reads it)."""
    path = (server.data_dir / "metanet.sqlite3").resolve()
    db = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT data FROM events WHERE board = ? ORDER BY seq", (log_id,)).fetchall()
        return [msgpack.unpackb(data, raw=False) for (data,) in rows]
    finally:
        db.close()


def count(events: list[dict[str, Any]], kind: str) -> int:
    return sum(1 for ev in events if ev["type"] == kind)


async def send_and_drop(ws_base: str, code: str, secret: str, kind: str, op: str, **fields: Any) -> None:
    """An organiser sends a command and loses the connection before reading anything back (its ack)."""
    ws = await websockets.connect(f"{ws_base}/e/{code}/ws")
    await ws.send(msgpack.packb({"t": "hello", "role": "organiser", "secret": secret}))
    first = msgpack.Unpacker(raw=False)
    first.feed(await ws.recv())
    assert next(first)["t"] == "welcome"
    await ws.send(msgpack.packb({"t": kind, "op": op, **fields}))
    await ws.close()


async def test_a_message_resent_after_a_lost_ack_is_posted_once(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a, b = (m["board"] for m in made["metanets"])
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    try:
        await send_and_drop(server.ws_base, made["code"], made["secret"], "post_message", "m-1", text="Lunch at 1")
        await lounge.until(lambda c: (c.gathering or {}).get("message") is not None)
        organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
        first = await organiser.command("post_message", "m-1", text="Lunch at 1")
        again = await organiser.command("post_message", "m-1", text="Lunch at 1")
        await organiser.close()
    finally:
        await lounge.close()
    event_log = logged(server, made["id"])
    assert count(event_log, "message_posted") == 1
    assert first["ok"] and first["result"]["boards"] == {a: "ok", b: "ok"}, first
    assert first["result"]["seq"] == next(i + 1 for i, ev in enumerate(event_log) if ev["type"] == "message_posted")
    assert again["result"] == first["result"]
    for board in (a, b):
        assert count(logged(server, board), "announcement") == 1, board


async def test_timers_and_plenary_resent_after_a_reconnect_answer_the_first_result(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a, b = (m["board"] for m in made["metanets"])
    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    started = await organiser.command("timers", "t-1", action="start")
    paused = await organiser.command("timers", "t-2", action="pause")
    opened = await organiser.command("open_plenary", "p-1", open=True)
    reporters = await organiser.command("set_reporters", "r-1", board=a, names=["Amina"])
    await organiser.close()
    assert started["ok"] and started["result"]["boards"] == {a: "ok", b: "ok"}, started
    assert paused["ok"] and paused["result"]["boards"] == {a: "ok", b: "ok"}, paused
    assert opened["ok"] and reporters["ok"], (opened, reporters)

    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    try:
        assert await organiser.command("timers", "t-1", action="start") == started  # not a restart
        assert await organiser.command("timers", "t-2", action="pause") == paused
        assert await organiser.command("open_plenary", "p-1", open=True) == opened
        assert await organiser.command("set_reporters", "r-1", board=a, names=["Amina"]) == reporters
        # A new op does act again: the timers are paused, so each board refuses a second pause.
        fresh = await organiser.command("timers", action="pause")
        assert fresh["result"]["boards"] == {a: "not_now", b: "not_now"}, fresh
        fresh = await organiser.command("open_plenary", open=True)
        assert (fresh["ok"], fresh["code"]) == (False, "not_now")
    finally:
        await organiser.close()
    for board in (a, b):
        assert (count(logged(server, board), "timer_started"), count(logged(server, board), "timer_paused")) == (1, 1)
    assert count(logged(server, a), "reporters_set") == 1
    event_log = logged(server, made["id"])
    assert count(event_log, "plenary_opened") == 1
    assert count(event_log, "timers_commanded") == 3  # start, pause, and the pause every board refused


async def test_the_same_op_from_two_consoles_at_once_is_applied_once(server: MetanetServer) -> None:
    made = make_event(server, 3)
    boards = [m["board"] for m in made["metanets"]]
    consoles = [await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
                for _ in range(2)]
    try:
        sent = [await c.send("post_message", "same-op", text="Plenary in 10 minutes") for c in consoles]
        acks = await asyncio.wait_for(asyncio.gather(*sent), 15)
    finally:
        for c in consoles:
            await c.close()
    assert acks[0]["ok"] and acks[0]["result"]["boards"] == dict.fromkeys(boards, "ok"), acks
    assert acks[1]["result"] == acks[0]["result"]
    assert count(logged(server, made["id"]), "message_posted") == 1
    for board in boards:
        assert count(logged(server, board), "announcement") == 1, board
