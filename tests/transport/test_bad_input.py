"""Every kind of bad input gets a clear error code and leaves the board as it was."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgpack
import pytest

from testkit.client import BoardClient
from testkit.metanet import MetanetServer

Send = Callable[[BoardClient, dict[str, str]], Awaitable[None]]


async def _raw(client: BoardClient, data: bytes | str) -> None:
    await client.send_raw(data)


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"k": value}
    return value


CASES: list[tuple[str, Callable[[dict[str, str]], bytes | str], str]] = [
    ("oversized frame", lambda n: msgpack.packb({"t": "add_note", "op": "o1", "text": "x" * 20_000}), "frame_too_large"),
    ("garbage bytes", lambda n: b"\xc1\xff\x00garbage", "bad_message"),
    ("text frame", lambda n: '{"t": "add_note", "op": "o2", "text": "hi"}', "bad_message"),
    ("not a map", lambda n: msgpack.packb([1, 2, 3]), "bad_message"),
    ("unknown type", lambda n: msgpack.packb({"t": "launch_missiles", "op": "o3"}), "bad_message"),
    ("missing op", lambda n: msgpack.packb({"t": "add_note", "text": "hi"}), "bad_message"),
    ("wrong field type", lambda n: msgpack.packb({"t": "add_note", "op": "o4", "text": 42}), "bad_message"),
    ("unknown field", lambda n: msgpack.packb({"t": "vote", "op": "o5", "note": n["note"], "weight": 9}), "bad_message"),
    ("deep nesting", lambda n: msgpack.packb({"t": "update_settings", "op": "o6", "settings": _nested(10)}), "bad_message"),
    ("non-finite number", lambda n: msgpack.packb({"t": "move_note", "op": "o7", "note": n["note"], "x": float("nan"), "y": 0.5}), "bad_message"),
    ("over-long text", lambda n: msgpack.packb({"t": "add_note", "op": "o8", "text": "y" * 300}), "invalid"),
    ("blank text", lambda n: msgpack.packb({"t": "add_note", "op": "o9", "text": "   "}), "invalid"),
    ("participant sends a facilitator command", lambda n: msgpack.packb({"t": "next_phase", "op": "o10"}), "forbidden"),
    ("participant expires the timer", lambda n: msgpack.packb({"t": "expire_timer", "op": "o11", "generation": 1}), "bad_message"),
    ("vote on a hidden note", lambda n: msgpack.packb({"t": "vote", "op": "o12", "note": n["hidden"]}), "not_found"),
    ("vote on a missing note", lambda n: msgpack.packb({"t": "vote", "op": "o13", "note": "n999"}), "not_found"),
    ("vote beyond the per-note cap", lambda n: msgpack.packb({"t": "vote", "op": "o14", "note": n["full"]}), "budget_exceeded"),
    ("vote with no dots left", lambda n: msgpack.packb({"t": "vote", "op": "o16", "note": n["note"]}), "budget_exceeded"),
    ("edit someone else's note", lambda n: msgpack.packb({"t": "edit_note", "op": "o15", "note": n["note"], "text": "mine now"}), "forbidden"),
    ("second hello", lambda n: msgpack.packb({"t": "hello", "role": "facilitator", "token": "t" * 20}), "bad_message"),
    ("settings with an unknown key", lambda n: msgpack.packb({"t": "update_settings", "op": "o17", "settings": {"colour": "red"}}), "bad_message"),
    ("settings with nothing", lambda n: msgpack.packb({"t": "update_settings", "op": "o18", "settings": {}}), "bad_message"),
    ("settings of the wrong type", lambda n: msgpack.packb({"t": "update_settings", "op": "o19", "settings": {"anonymous": "no"}}), "bad_message"),
]

# The reason (and params) each refusal a person can meet carries for the page's sentence; the others'
# reason is their code.
REASONS: dict[str, tuple[str, dict[str, Any]]] = {
    "over-long text": ("text_too_long", {"max": 280}),
    "blank text": ("text_empty", {}),
    "participant sends a facilitator command": ("facilitator_only", {}),
    "vote on a hidden note": ("note_not_found", {}),
    "vote on a missing note": ("note_not_found", {}),
    "vote beyond the per-note cap": ("per_note_cap", {"count": 3}),
    "vote with no dots left": ("no_dots_left", {"count": 5}),
    "edit someone else's note": ("own_notes_only", {}),
}

# b sends every row but these: b has the most dots allowed on one note (3) on "full" and 2 of 5 left,
# while a has placed all 5 (2 on "note", 3 on "full").
SENT_BY_A = {"vote with no dots left"}
SENT_BY_FACILITATOR = {"settings with an unknown key", "settings with nothing", "settings of the wrong type"}


@pytest.fixture
async def setup(server: MetanetServer, board: dict[str, str]) -> Any:
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    a = await BoardClient.connect(server.ws_base, board["board"])
    b = await BoardClient.connect(server.ws_base, board["board"])
    await a.ok("join", group="Academia")
    await b.ok("join", group="Other")
    await fac.ok("next_phase")  # group
    note = (await a.ok("add_note", text="a's note"))["note"]
    full = (await a.ok("add_note", text="popular"))["note"]
    hidden = (await a.ok("add_note", text="hidden one"))["note"]
    await fac.ok("hide_note", note=hidden)
    await fac.ok("next_phase")  # vote
    for _ in range(3):
        await b.ok("vote", note=full)
    for target in (note, note, full, full, full):
        await a.ok("vote", note=target)
    yield fac, a, b, {"note": note, "full": full, "hidden": hidden}
    for client in (fac, a, b):
        await client.close()


@pytest.mark.parametrize(("case", "frame", "code"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_gets_a_clear_error_and_changes_nothing(
    server: MetanetServer, board: dict[str, str], setup: Any, case: str, frame: Callable[[dict[str, str]], bytes | str], code: str
) -> None:
    fac, a, b, notes = setup
    sender = a if case in SENT_BY_A else fac if case in SENT_BY_FACILITATOR else b
    probe = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    before = probe.view.essentials()
    await probe.close()
    seen = len(sender.messages)
    sent = frame(notes)
    await sender.send_raw(sent)
    reply = None
    for _ in range(200):
        replies = [m for m in sender.messages[seen:] if m["t"] == "ack"]
        if replies:
            reply = replies[0]
            break
        await _sleep()
    assert reply is not None, f"no reply to {case}"
    assert reply["ok"] is False and reply["code"] == code, reply
    # a frame the server could read answers its own op (a deep one too), so its sender stops waiting
    assert reply["op"] == (None if code == "frame_too_large" else _op_of(sent)), reply
    assert reply["message"]
    assert (reply["reason"], reply["params"]) == REASONS.get(case, (code, {})), reply
    # the socket still works, and the board is as it was
    assert (await sender.command("unvote", note="n999"))["code"] == "not_found"
    after = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    assert after.view.essentials() == before
    await after.close()


def _op_of(sent: bytes | str) -> str | None:
    try:
        value = msgpack.unpackb(sent) if isinstance(sent, bytes) else None
    except Exception:  # noqa: BLE001 -- garbage has no op
        return None
    op = value.get("op") if isinstance(value, dict) else None
    return op if isinstance(op, str) else None


async def _sleep() -> None:
    import asyncio

    await asyncio.sleep(0.02)


async def test_a_frame_beyond_the_socket_limit_closes_the_socket_with_1009(server: MetanetServer, board: dict[str, str]) -> None:
    a = await BoardClient.connect(server.ws_base, board["board"])
    await a.send_raw(msgpack.packb({"t": "add_note", "op": "big", "text": "z" * 100_000}))
    await a.closed.wait()
    assert a.ws.close_code == 1009
    await a.close()


async def test_a_flood_is_rate_limited(server: MetanetServer, board: dict[str, str]) -> None:
    a = await BoardClient.connect(server.ws_base, board["board"])
    futures = [await a.send("leave") for _ in range(80)]
    import asyncio

    acks = await asyncio.gather(*futures)
    codes = {ack.get("code") for ack in acks if not ack["ok"]}
    assert "rate_limited" in codes
    await a.close()
