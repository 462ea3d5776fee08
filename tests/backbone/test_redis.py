"""What only the Redis backbone has to get right: many processes, lost connections, a crashing Redis."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest

from server.backbone import BackboneDown, Batch, Conflict
from server.backbone.redis import RedisBackbone, redacted
from testkit.redis_server import RedisServer

pytestmark = pytest.mark.redis


def ev(n: int) -> dict[str, Any]:
    return {"type": "note_added", "n": n}


@pytest.fixture
async def backbones(redis_server: RedisServer) -> AsyncIterator[list[RedisBackbone]]:
    """Two backbones on one Redis, as two processes would have; fast liveness checks."""
    opened = [RedisBackbone(redis_server.url, ping_interval=0.2, ping_timeout=0.3) for _ in range(2)]
    for backbone in opened:
        await backbone.start()
    yield opened
    for backbone in opened:
        await backbone.close()


async def next_batch(batches: AsyncIterator[Batch], timeout: float = 5) -> Batch:
    return await asyncio.wait_for(anext(batches), timeout)


async def test_two_processes_append_to_one_log_and_see_each_others_batches(backbones: list[RedisBackbone]) -> None:
    a, b = backbones
    async with a.subscribe("b1") as on_a, b.subscribe("b1") as on_b:
        assert await a.append("b1", 0, [ev(1)]) == 1
        with pytest.raises(Conflict) as lost:
            await b.append("b1", 0, [ev(2)])
        assert lost.value.current == 1
        assert await b.append("b1", 1, [ev(2), ev(3)]) == 3
        for batches in (on_a, on_b):
            assert await next_batch(batches) == Batch(1, [ev(1)])
            assert await next_batch(batches) == Batch(2, [ev(2), ev(3)])


async def test_the_log_is_one_stream_entry_per_batch_keyed_by_its_last_sequence(
    backbones: list[RedisBackbone], redis_server: RedisServer
) -> None:
    a, _ = backbones
    await a.append("b1", 0, [ev(1)])
    await a.append("b1", 1, [ev(2), ev(3), ev(4)])
    with redis_server.client() as r:
        ids = [entry_id for entry_id, _ in r.xrange("metanet:{b1}:log")]
        assert ids == [b"1-1", b"4-3"]


async def test_a_long_log_is_read_page_by_page_without_a_hole_or_a_repeat(
    backbones: list[RedisBackbone], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = backbones
    monkeypatch.setattr("server.backbone.redis.READ_PAGE", 4)
    head = 0
    for size in [1, 3, 2, 1, 1, 4, 1, 2, 2, 1, 3, 1, 1, 1, 2, 1, 1, 20]:  # 18 batches: several pages
        head = await a.append("b1", head, [ev(head + i + 1) for i in range(size)])
    for after in range(head + 1):
        assert await a.read("b1", after) == [(i, ev(i)) for i in range(after + 1, head + 1)]


async def test_a_read_of_more_than_fifteen_batches_decodes(backbones: list[RedisBackbone]) -> None:
    """The read script frames up to 15 entries as a msgpack fixarray and more as array16."""
    a, _ = backbones
    for i in range(40):
        await a.append("b1", i, [ev(i + 1)])
    assert await a.read("b1") == [(i, ev(i)) for i in range(1, 41)]
    assert await a.read("b1", 30) == [(i, ev(i)) for i in range(31, 41)]


async def test_one_pubsub_connection_serves_every_board_of_a_process(
    backbones: list[RedisBackbone], redis_server: RedisServer
) -> None:
    a, _ = backbones
    boards = [f"b{i}" for i in range(6)]
    with redis_server.client() as r:
        async with a.subscribe(boards[0]):
            async with a.subscribe(boards[1]), a.subscribe(boards[1]), a.subscribe(boards[2]):
                mine = [c for c in r.client_list(_type="pubsub") if c["name"] == f"metanet:{os.getpid()}:pubsub"]
                assert len(mine) == 1
                numsub = dict(r.pubsub_numsub(*(a.channel(b) for b in boards[:3])))
                assert set(numsub.values()) == {1}
            numsub = dict(r.pubsub_numsub(*(a.channel(b) for b in boards[:3])))
            assert [numsub[a.channel(b)] for b in boards[:3]] == [1, 0, 0]  # the last one out unsubscribed


async def test_killing_the_pubsub_connection_makes_every_subscription_raise_and_resubscribing_works(
    backbones: list[RedisBackbone], redis_server: RedisServer
) -> None:
    a, b = backbones
    async with a.subscribe("b1") as one, a.subscribe("b2") as two:
        with redis_server.client() as r:
            assert r.client_kill_filter(_type="pubsub") >= 1
        for batches in (one, two):
            with pytest.raises(BackboneDown):
                await next_batch(batches)
        with pytest.raises(BackboneDown):
            await next_batch(one)  # and it stays failed
    async with a.subscribe("b1") as again:
        await b.append("b1", 0, [ev(1)])
        assert await next_batch(again) == Batch(1, [ev(1)])
    assert (await a.health())["pubsub"]["connects"] == 2


async def test_a_pubsub_connection_that_goes_silent_is_noticed(
    backbones: list[RedisBackbone], redis_server: RedisServer
) -> None:
    a, _ = backbones
    async with a.subscribe("b1") as batches:
        redis_server.freeze()
        try:
            began = asyncio.get_running_loop().time()
            with pytest.raises(BackboneDown, match="silent"):
                await next_batch(batches, timeout=5)
            noticed = asyncio.get_running_loop().time() - began
        finally:
            redis_server.thaw()
    assert noticed < 2 * (a.ping_interval + a.ping_timeout)


async def test_while_redis_is_down_appends_fail_clearly_and_afterwards_work_without_a_restart_of_ours(
    backbones: list[RedisBackbone], redis_server: RedisServer
) -> None:
    a, _ = backbones
    await a.append("b1", 0, [ev(1)])
    redis_server.kill()
    with pytest.raises(BackboneDown):
        await a.append("b1", 1, [ev(2)])
    with pytest.raises(BackboneDown):
        await a.read("b1")
    async with asyncio.timeout(5):
        with pytest.raises(BackboneDown):
            async with a.subscribe("b1"):
                pass
    health = await a.health()
    assert health["ok"] is False and "unreachable" in health["error"]
    redis_server.start()
    # Redis lost its script cache and our pooled connections are dead: both are handled.
    assert await a.append("b1", 1, [ev(2)]) == 2
    assert await a.read("b1") == [(1, ev(1)), (2, ev(2))]
    async with a.subscribe("b1") as batches:
        await a.append("b1", 2, [ev(3)])
        assert await next_batch(batches) == Batch(3, [ev(3)])


async def test_every_acknowledged_append_survives_redis_being_killed(
    backbones: list[RedisBackbone], redis_server: RedisServer
) -> None:
    a, b = backbones
    for i in range(1, 201):
        await (a if i % 2 else b).append("b1", i - 1, [ev(i)])
    await a.claim_code("KILLED", "b1")
    redis_server.kill()  # SIGKILL right after the last reply: no shutdown, no final fsync
    redis_server.start()
    assert await b.read("b1") == [(i, ev(i)) for i in range(1, 201)]
    assert await b.find_code("KILLED") == "b1"


async def test_health_describes_redis_without_the_password(backbones: list[RedisBackbone]) -> None:
    health = await backbones[0].health()
    assert health["ok"] is True
    assert health["aof_enabled"] is True
    assert health["redis_version"]
    assert health["pubsub"] == {"connected": False, "channels": 0, "connects": 0}  # nothing followed yet
    async with backbones[0].subscribe("b1"):
        assert (await backbones[0].health())["pubsub"] == {"connected": True, "channels": 1, "connects": 1}
    assert redacted("redis://user:s3cret@host:6379/0") == "redis://user:***@host:6379/0"
    assert redacted("redis://:s3cret@host/1") == "redis://:***@host/1"


async def test_starting_without_a_reachable_redis_fails_with_a_clear_message() -> None:
    from testkit.process import free_port

    backbone = RedisBackbone(f"redis://:pw@127.0.0.1:{free_port()}/0")
    with pytest.raises(BackboneDown, match=r"cannot reach Redis at redis://:\*\*\*@127\.0\.0\.1"):
        await backbone.start()
