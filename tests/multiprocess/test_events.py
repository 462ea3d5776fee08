"""An event on two real processes sharing one real redis-server: the Lounge on A, the metanets' phones on B."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from server.backbone.redis import RedisBackbone
from server.domain import gathering
from testkit.client import BoardClient
from testkit.event_client import EventClient, post
from testkit.metanet import MetanetServer
from testkit.redis_server import RedisServer
from tests.events.test_event_retries import send_and_drop

pytestmark = [pytest.mark.redis, pytest.mark.slow]

Pair = tuple[MetanetServer, MetanetServer]
GROUPS = ["Government / member state", "NGO / civil society", "Academia"]


def summary_channels(redis_server: RedisServer) -> dict[str, int]:
    """Every summary channel on the Redis server and how many connections (processes) listen on it."""
    client = redis_server.client()
    try:
        names = [c.decode() for c in client.pubsub_channels("*summaries*")]
        return {(n.decode() if isinstance(n, bytes) else n): int(k) for n, k in client.pubsub_numsub(*names)} if names else {}
    finally:
        client.close()


async def test_every_change_on_b_reaches_the_lounge_on_a(servers: Pair, redis_server: RedisServer) -> None:
    a, b = servers
    status, made = post(b.url + "/api/events", {"title": "Two processes", "groups": GROUPS,
                                                "metanets": [{"title": f"M{i}"} for i in range(3)]})
    assert status == 201, made
    boards = [m["board"] for m in made["metanets"]]
    lounges = [await EventClient.connect(a.ws_base, made["code"], "lounge") for _ in range(2)]
    clients: list[Any] = [*lounges]
    try:
        # Phones on B: 1, 2 and 3 people on the three metanets, each from a different group in turn.
        for i, board in enumerate(boards):
            for j in range(i + 1):
                phone = await BoardClient.connect(b.ws_base, board)
                clients.append(phone)
                await phone.ok("join", group=GROUPS[j])
                await phone.ok("add_note", text=f"note {i}.{j}")
        for lounge in lounges:
            await lounge.until(lambda c: [c.summaries[x]["people"]["total"] for x in boards] == [1, 2, 3], timeout=10)
            assert [lounge.summaries[x]["notes"] for x in boards] == [1, 2, 3]
            assert lounges[0].summaries[boards[2]]["missing"] == []
            assert lounges[0].summaries[boards[0]]["missing"] == GROUPS[1:]
        # The facilitator (on B) moves metanet 1 on and starts its timer: the Lounge on A follows.
        secret = made["metanets"][1]["facilitator_url"].split("#")[1]
        facilitator = await BoardClient.connect(b.ws_base, boards[1], role="facilitator", secret=secret)
        clients.append(facilitator)
        await facilitator.ok("next_phase")
        await facilitator.ok("start_timer", duration=120)
        await lounges[0].until(lambda c: c.summaries[boards[1]]["phase"]["index"] == 1
                               and c.summaries[boards[1]]["timer"]["status"] == "running", timeout=5)
        # The organiser on A posts a message: the phones on B get it in their board's stream.
        organiser = await EventClient.connect(a.ws_base, made["code"], "organiser", made["secret"])
        clients.append(organiser)
        ack = await organiser.command("post_message", text="Plenary at 4")
        assert ack["ok"] and set(ack["result"]["boards"].values()) == {"ok"}, ack
        for phone in clients[2:5]:
            for _ in range(100):
                if (phone.view.board.get("announcement") or {}).get("text") == "Plenary at 4":
                    break
                await asyncio.sleep(0.05)
            assert phone.view.board["announcement"]["text"] == "Plenary at 4"
        await lounges[1].until(lambda c: (c.gathering or {}).get("message") is not None)

        # A screen that opens the event on B later gets every metanet's latest summary at once (stored in Redis).
        plenary = await EventClient.connect(b.ws_base, made["code"], "plenary")
        clients.append(plenary)
        assert [plenary.summaries[x]["people"]["total"] for x in boards] == [1, 2, 3]
        assert plenary.summaries[boards[1]]["phase"]["index"] == 1

        # One summary subscription per event per process, not one per board (nor per screen).
        channels = summary_channels(redis_server)
        assert list(channels.values()) == [2], channels  # one channel, A and B listening once each
        assert made["id"] in next(iter(channels))
    finally:
        for client in clients:
            await client.close()


async def test_each_board_publishes_once_however_many_processes_serve_it(servers: Pair) -> None:
    a, b = servers
    status, made = post(a.url + "/api/events", {"title": "Shared board", "metanets": [{"title": "Only one"}]})
    assert status == 201, made
    board = made["metanets"][0]["board"]
    lounge = await EventClient.connect(a.ws_base, made["code"], "lounge")
    phones = [await BoardClient.connect(server.ws_base, board) for server in (a, b, a, b)]
    try:
        for i, phone in enumerate(phones):
            await phone.ok("join", group=GROUPS[i % 3])
        await lounge.until(lambda c: c.summaries[board]["people"]["total"] == 4, timeout=10)
        await asyncio.sleep(1.5)  # anything still on its way arrives
        start = len(lounge.messages)
        await phones[1].ok("add_note", text="one change")
        await lounge.until(lambda c: c.summaries[board]["notes"] == 1, timeout=5)
        await asyncio.sleep(1.5)
        after = [m for m in lounge.messages[start:] if m["t"] == "summary"]
        assert len(after) == 1, after  # published by the board's writer only, not by both processes
    finally:
        await lounge.close()
        for phone in phones:
            await phone.close()


async def test_an_organiser_command_retried_on_the_other_process_is_applied_once(
        servers: Pair, log_reader: RedisBackbone) -> None:
    a, b = servers
    status, made = post(a.url + "/api/events", {"title": "Retries", "metanets": [{"title": f"M{i}"} for i in range(3)]})
    assert status == 201, made
    boards = [m["board"] for m in made["metanets"]]
    lounge = await EventClient.connect(b.ws_base, made["code"], "lounge")
    try:
        # The ack is lost on A; the console reconnects to B and sends the same op again.
        await send_and_drop(a.ws_base, made["code"], made["secret"], "timers", "t-1", action="start")
        await lounge.until(lambda c: all(s["timer"]["status"] == "running" for s in c.summaries.values()))
        on_b = await EventClient.connect(b.ws_base, made["code"], "organiser", made["secret"])
        first = await on_b.command("timers", "t-1", action="start")
        await on_b.close()
        # The same op from consoles on both processes at the same moment.
        consoles = [await EventClient.connect(s.ws_base, made["code"], "organiser", made["secret"]) for s in (a, b)]
        sent = [await c.send("post_message", "m-1", text="Plenary in 10 minutes") for c in consoles]
        acks = await asyncio.wait_for(asyncio.gather(*sent), 15)
        for c in consoles:
            await c.close()
    finally:
        await lounge.close()
    assert first["ok"] and first["result"]["boards"] == dict.fromkeys(boards, "ok"), first
    assert acks[0]["ok"] and acks[0]["result"]["boards"] == dict.fromkeys(boards, "ok"), acks
    assert acks[1]["result"] == acks[0]["result"]
    event_log = [ev for _, ev in await log_reader.read(made["id"])]
    assert [ev["type"] for ev in event_log].count("timers_commanded") == 1
    assert [ev["type"] for ev in event_log].count("message_posted") == 1
    for board in boards:
        kinds = [ev["type"] for _, ev in await log_reader.read(board)]
        assert (kinds.count("timer_started"), kinds.count("announcement")) == (1, 1), board


async def test_organisers_adding_the_twelfth_metanet_at_once_on_both_processes(
        servers: Pair, log_reader: RedisBackbone, redis_server: RedisServer) -> None:
    a, b = servers
    status, made = post(a.url + "/api/events", {"title": "Almost full", "metanets": [{"title": f"M{i}"} for i in range(11)]})
    assert status == 201, made
    logs, codes = set(await log_reader.boards()), stored_codes(redis_server)
    headers = {"X-Metanet-Organiser": made["secret"]}
    urls = [f"{s.url}/api/events/{made['id']}/metanets" for s in (a, b)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: post(urls[i % 2], {"title": f"Late group {i}"}, headers), range(8)))
    accepted = [body for status, body in answers if status == 201]
    assert len(accepted) == 1, answers
    assert sorted((status, body.get("code")) for status, body in answers if status != 201) == [(400, "not_now")] * 7
    # One more board is stored, and one more join code: the event's 12th metanet's; none outside the event.
    assert set(await log_reader.boards()) - logs == {accepted[0]["board"]}
    assert {code: board for code, board in stored_codes(redis_server).items() if code not in codes} == \
           {accepted[0]["code"]: accepted[0]["board"]}
    added = [ev["board"] for _, ev in await log_reader.read(made["id"]) if ev["type"] == "metanet_added"]
    assert len(added) == 12 and added[-1] == accepted[0]["board"]


async def test_one_board_attached_to_two_events_at_once_joins_one(servers: Pair, log_reader: RedisBackbone) -> None:
    a, b = servers
    events = []
    for server in (a, b):
        status, made = post(server.url + "/api/events", {"title": f"Event on {server.port}",
                                                         "metanets": [{"title": "Own group"}]})
        assert status == 201, made
        events.append(made)
    existing = a.create_board(title="Wanted by both")
    body = {"board": existing["board"], "secret": existing["secret"]}
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda i: post(f"{(a, b)[i].url}/api/events/{events[i]['id']}/metanets", body,
                                               {"X-Metanet-Organiser": events[i]["secret"]}), range(2)))
    assert sorted(status for status, _ in answers) == [201, 400], answers
    won = events[[status for status, _ in answers].index(201)]
    lost = events[[status for status, _ in answers].index(400)]
    assert [body.get("code") for status, body in answers if status == 400] == ["not_now"]
    linked = [ev for _, ev in await log_reader.read(existing["board"]) if ev["type"] == "gathering_linked"]
    assert [ev["gathering"] for ev in linked] == [won["id"]]
    for made, boards in ((won, 2), (lost, 1)):
        state = gathering.replay(made["id"], await log_reader.read(made["id"]))
        assert len(state.metanets) == boards and (existing["board"] in [m.board for m in state.metanets]) == (made is won)


def stored_codes(redis_server: RedisServer) -> dict[str, str]:
    """Every join code (boards' and events') on the Redis server and the log it names."""
    client = redis_server.client()
    try:
        keys = list(client.scan_iter(match="metanet:code:*", count=1000))
        return {k.decode().rsplit(":", 1)[1]: client.get(k).decode() for k in keys}
    finally:
        client.close()
