"""Bad input to events: each a clear error, and nothing changed (the event's and the boards' logs as they were)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import msgpack
import websockets

from testkit.client import BoardClient
from testkit.event_client import EventClient, get, post
from testkit.metanet import MetanetServer
from tests.events.test_event_server import make_event


def stored(server: MetanetServer) -> dict[str, int]:
    """Every log in the server's data directory and its length (read-only, as `metanet export` reads it)."""
    path = (server.data_dir / "metanet.sqlite3").resolve()
    db = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        return {board: n for board, n in db.execute("SELECT board, MAX(seq) FROM events GROUP BY board")}
    finally:
        db.close()


async def _refused_hello(server: MetanetServer, code: str, hello: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    async with websockets.connect(f"{server.ws_base}/e/{code}/ws") as ws:
        await ws.send(msgpack.packb({"t": "hello", **hello}))
        error = msgpack.unpackb(await ws.recv())
        with contextlib.suppress(websockets.ConnectionClosed):
            await ws.recv()
        return error, ws.close_code


async def test_unknown_event_code(server: MetanetServer) -> None:
    make_event(server, 1)
    before = stored(server)
    error, close = await _refused_hello(server, "ZZZZZZ", {"role": "lounge"})
    assert (error["t"], error["code"], close) == ("error", "not_found", 4004)
    status, body = post(f"{server.url}/api/events/e.nope/metanets", {"title": "x"}, {"X-Metanet-Organiser": "s"})
    assert (status, body["code"]) == (404, "not_found")
    status, body = post(f"{server.url}/api/events/not-an-event/metanets", {"title": "x"}, {"X-Metanet-Organiser": "s"})
    assert (status, body["code"]) == (404, "not_found")
    for page in ("", "/lounge", "/console", "/plenary", "/qr.svg", "/export.md"):
        assert get(f"{server.url}/e/ZZZZZZ{page}")[0] == 404, page
    # A board's code is not an event's.
    board = server.create_board(title="Just a board")
    error, close = await _refused_hello(server, board["code"], {"role": "lounge"})
    assert (error["code"], close) == ("not_found", 4004)
    assert stored(server) == {**before, board["board"]: 1}


async def test_a_bad_hello(server: MetanetServer) -> None:
    made = make_event(server, 1)
    for hello in ({"role": "facilitator"}, {"role": "lounge", "since": 3}, {"role": 7}, {}):
        error, close = await _refused_hello(server, made["code"], hello)
        assert (error["code"], close) == ("bad_message", 1008), hello


async def test_wrong_organiser_secret(server: MetanetServer) -> None:
    made = make_event(server, 1)
    before = stored(server)
    error, close = await _refused_hello(server, made["code"], {"role": "organiser", "secret": "x" * 32})
    assert (error["code"], close) == ("unauthorized", 4001)
    error, close = await _refused_hello(server, made["code"], {"role": "organiser"})
    assert (error["code"], close) == ("unauthorized", 4001)
    for headers in ({"X-Metanet-Organiser": "wrong"}, {}):
        status, body = post(f"{server.url}/api/events/{made['id']}/metanets", {"title": "x"}, headers)
        assert (status, body["code"]) == (403, "unauthorized")
    # Screens other than the organiser's cannot send the organiser's commands.
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    try:
        ack = await lounge.command("post_message", text="hijack")
        assert (ack["ok"], ack["code"]) == (False, "forbidden")
    finally:
        await lounge.close()
    assert stored(server) == before


async def test_attaching_a_board_needs_its_facilitator_secret(server: MetanetServer) -> None:
    made = make_event(server, 1)
    other = server.create_board(title="Someone else's board")
    before = stored(server)
    headers = {"X-Metanet-Organiser": made["secret"]}
    url = f"{server.url}/api/events/{made['id']}/metanets"
    status, body = post(url, {"board": other["board"], "secret": "not-its-secret"}, headers)
    assert (status, body["code"]) == (403, "unauthorized")
    status, body = post(url, {"board": other["board"]}, headers)
    assert (status, body["code"]) == (400, "invalid")
    status, body = post(url, {"board": "no-such-board", "secret": "x"}, headers)
    assert (status, body["code"]) == (404, "not_found")
    assert stored(server) == before


async def test_a_thirteenth_metanet(server: MetanetServer) -> None:
    status, body = post(server.url + "/api/events", {"title": "Too big", "metanets": [{"title": "m"}] * 13})
    assert (status, body["code"]) == (400, "not_now")
    assert stored(server) == {}  # no event, no board, no code
    made = make_event(server, 12)
    other = server.create_board(title="One more")
    before = stored(server)
    headers = {"X-Metanet-Organiser": made["secret"]}
    status, body = post(f"{server.url}/api/events/{made['id']}/metanets", {"title": "13th"}, headers)
    assert (status, body["code"]) == (400, "not_now")
    assert "12" in body["message"]
    status, body = post(f"{server.url}/api/events/{made['id']}/metanets",
                        {"board": other["board"], "secret": other["secret"]}, headers)
    assert (status, body["code"]) == (400, "not_now")
    assert stored(server) == before


async def test_switching_into_an_archived_metanet(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a, b = made["metanets"]
    facilitator = await BoardClient.connect(server.ws_base, b["board"], role="facilitator",
                                            secret=b["facilitator_url"].split("#")[1])
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    phone = await BoardClient.connect(server.ws_base, a["board"])
    try:
        await facilitator.ok("archive_board")
        await lounge.until(lambda c: c.summaries[b["board"]]["archived"])
        await phone.ok("join", group="Academia")
        await phone.close()
        before = stored(server)
        moved = await BoardClient.connect(server.ws_base, b["board"], token=phone.token)
        ack = await moved.command("join", group="Academia")
        assert (ack["ok"], ack["code"]) == (False, "not_now")
        assert "archived" in ack["message"]
        await moved.close()
        assert stored(server) == before
    finally:
        await facilitator.close()
        await lounge.close()


async def test_bad_event_fields(server: MetanetServer) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"metanets": [{"title": "a"}]}, "invalid"),  # no title
        ({"title": "x" * 500}, "invalid"),
        ({"title": "ok", "groups": "Academia"}, "invalid"),
        ({"title": "ok", "metanets": "three"}, "invalid"),
        ({"title": "ok", "metanets": [{"title": "a", "template": "no-such"}]}, "invalid"),
        ({"title": "ok", "template": "no-such-event"}, "invalid"),
        ({"title": "ok", "metanets": [{"title": "a"}, {"title": "b", "settings": {"dots_per_person": 0}}]}, "invalid"),
    ]
    for body, code in cases:
        status, answer = post(server.url + "/api/events", body)
        assert (status, answer["code"]) == (400, code), (body, answer)
    assert stored(server) == {}
    made = make_event(server, 1)
    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    try:
        for kind, fields, code in [("post_message", {"text": "x" * 141}, "invalid"),
                                   ("post_message", {}, "bad_message"),
                                   ("timers", {"action": "explode"}, "invalid"),
                                   ("set_reporters", {"board": "nope", "names": ["A"]}, "invalid"),
                                   ("no_such_command", {}, "bad_message")]:
            ack = await organiser.command(kind, **fields)
            assert (ack["ok"], ack["code"]) == (False, code), (kind, ack)
    finally:
        await organiser.close()


async def test_event_and_board_sockets_share_one_limit_per_address(tmp_path: Path) -> None:
    server = MetanetServer(tmp_path / "data", env={"METANET_MAX_PER_ADDR": "2"}).start()
    open_clients: list[BoardClient | EventClient] = []
    try:
        made = make_event(server, 1)
        open_clients.append(await BoardClient.connect(server.ws_base, made["metanets"][0]["board"]))
        open_clients.append(await EventClient.connect(server.ws_base, made["code"], "lounge"))
        for refused in (EventClient.connect(server.ws_base, made["code"], "lounge"),
                        BoardClient.connect(server.ws_base, made["metanets"][0]["board"])):
            try:
                extra = await refused
            except websockets.InvalidStatus as err:
                assert err.response.status_code == 403
            else:
                open_clients.append(extra)
                raise AssertionError("a third socket from one address was let in")
    finally:
        for client in open_clients:
            await client.close()
        server.stop()


async def test_a_frame_nested_too_deep_is_answered_to_its_op_and_changes_nothing(server: MetanetServer) -> None:
    """The organiser's console waits on each op's answer: a refusal for nesting must carry the op."""
    made = make_event(server, 1)
    before = stored(server)
    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    try:
        deep: Any = "x"
        for _ in range(8):
            deep = {"k": deep}
        answer = await organiser.command("post_message", op="too-deep-1", text=deep)
        assert (answer["op"], answer["ok"], answer["code"]) == ("too-deep-1", False, "bad_message"), answer
        assert stored(server) == before
        assert (await organiser.command("post_message", text="still here"))["ok"]  # the socket still works
    finally:
        await organiser.close()
