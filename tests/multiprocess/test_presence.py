"""Presence counts the people connected to every process serving the board, not just the one a screen is on."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import msgpack
import pytest

from server.transport.presence import KEEP, REFRESH
from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from testkit.redis_server import RedisServer
from tests.multiprocess.conftest import junk_warnings

pytestmark = [pytest.mark.redis, pytest.mark.slow]

Pair = tuple[MetanetServer, MetanetServer]
ACADEMIA, NGO = "Academia", "NGO / civil society"


async def presence_becomes(screen: BoardClient, total: int, by_group: dict[str, int], within: float) -> float:
    """Wait until ``screen``'s latest presence message says this; seconds it took."""
    started = time.monotonic()
    expected = {"total": total, "by_group": by_group}
    while True:
        got: dict[str, Any] = {k: (screen.presence or {}).get(k) for k in ("total", "by_group")}
        if got == expected:
            return time.monotonic() - started
        if time.monotonic() - started > within:
            raise AssertionError(f"presence on the screen is {got}, expected {expected} (waited {within} s)")
        await asyncio.sleep(0.05)


async def phones(server: MetanetServer, board: str, group: str, count: int) -> list[BoardClient]:
    out = [await BoardClient.connect(server.ws_base, board) for _ in range(count)]
    await asyncio.gather(*(p.ok("join", group=group) for p in out))
    return out


async def test_screens_on_either_process_count_the_phones_on_both(servers: Pair) -> None:
    a, b = servers
    board = a.create_board(title="Presence")
    bid, secret = board["board"], board["secret"]
    screen_a = await BoardClient.connect(a.ws_base, bid, role="facilitator", secret=secret)
    screen_b = await BoardClient.connect(b.ws_base, bid, role="facilitator", secret=secret)
    on_a = await phones(a, bid, ACADEMIA, 2)
    on_b = await phones(b, bid, NGO, 3)
    for screen in (screen_a, screen_b):
        await presence_becomes(screen, 5, {ACADEMIA: 2, NGO: 3}, within=5)

    await on_b[0].close()
    await on_a[0].close()
    for screen in (screen_a, screen_b):
        await presence_becomes(screen, 3, {ACADEMIA: 1, NGO: 2}, within=5)

    # A screen opened now gets the whole count in its welcome.
    late = await BoardClient.connect(a.ws_base, bid, role="projector")
    assert late.welcome_msg is not None
    assert late.welcome_msg["presence"]["total"] == 3

    # One person with a tab on each process counts once.
    tab_b = await BoardClient.connect(b.ws_base, bid, token=on_a[1].token)
    assert tab_b.welcome_msg is not None and tab_b.welcome_msg["you"]["joined"]
    await asyncio.sleep(2 * 0.3 + 0.5)  # both processes' presence delay, and the post between them
    for screen in (screen_a, screen_b):
        await presence_becomes(screen, 3, {ACADEMIA: 1, NGO: 2}, within=1)
    await on_a[1].close()  # the other tab is still connected, on the other process
    await asyncio.sleep(2 * 0.3 + 0.5)
    for screen in (screen_a, screen_b):
        await presence_becomes(screen, 3, {ACADEMIA: 1, NGO: 2}, within=1)

    for client in (*on_a[1:], *on_b[1:], tab_b, late, screen_a, screen_b):
        await client.close()


async def test_the_phones_of_a_process_that_died_drop_out_of_the_count(servers: Pair) -> None:
    a, b = servers
    board = a.create_board(title="Presence")
    bid = board["board"]
    screen = await BoardClient.connect(a.ws_base, bid, role="facilitator", secret=board["secret"])
    on_a = await phones(a, bid, ACADEMIA, 1)
    await phones(b, bid, NGO, 2)
    await presence_becomes(screen, 3, {ACADEMIA: 1, NGO: 2}, within=5)

    b.kill()  # SIGKILL: it cannot say that its phones are gone
    took = await presence_becomes(screen, 1, {ACADEMIA: 1}, within=KEEP + REFRESH + 2)
    assert took > 1, "dropped at once: the test did not kill the process it meant to"
    for client in (*on_a, screen):
        await client.close()


@pytest.mark.junk_posts
async def test_a_malformed_presence_post_changes_nothing(servers: Pair, redis_server: RedisServer) -> None:
    a, b = servers
    board = a.create_board(title="Presence")
    bid = board["board"]
    screen = await BoardClient.connect(a.ws_base, bid, role="facilitator", secret=board["secret"])
    on_b = await phones(b, bid, NGO, 2)
    await presence_becomes(screen, 2, {NGO: 2}, within=5)
    junk = [b"\xc1not msgpack", msgpack.packb([1, 2]), msgpack.packb({"from": "x", "n": 1, "people": {"p": 3}}),
            msgpack.packb({"from": "x", "n": "1", "people": {}}), msgpack.packb({"from": 7, "n": 1, "people": {}})]
    with redis_server.client() as r:
        for raw in junk:
            assert r.publish(f"metanet:0:inbox:presence:{bid}", raw) == 2
    await asyncio.sleep(1)
    await presence_becomes(screen, 2, {NGO: 2}, within=1)
    for server in servers:  # each junk post is reported once by each process
        assert len(junk_warnings(server.log_path.read_text(errors="replace"))) == len(junk)
    await on_b[0].close()  # and presence still follows the real posts
    await presence_becomes(screen, 1, {NGO: 1}, within=5)
    for client in (*on_b[1:], screen):
        await client.close()
