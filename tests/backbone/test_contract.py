"""The backbone contract (``server/backbone/base.py``), one suite run against memory://, redis:// and redis+cluster://."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from server.backbone import Backbone, Batch, Conflict
from tests.backbone.conftest import OpenBackbone


def ev(n: int, **extra: Any) -> dict[str, Any]:
    return {"type": "note_added", "n": n, **extra}


async def next_batch(batches: AsyncIterator[Batch], timeout: float = 5) -> Batch:
    return await asyncio.wait_for(anext(batches), timeout)


async def test_append_returns_the_new_head_and_read_gives_every_event_in_order(backbone: Backbone) -> None:
    assert await backbone.append("b1", 0, [ev(1)]) == 1
    assert await backbone.append("b1", 1, [ev(2), ev(3), ev(4)]) == 4
    assert await backbone.append("b1", 4, [ev(5)]) == 5
    assert await backbone.read("b1") == [(i, ev(i)) for i in range(1, 6)]


async def test_read_after_a_sequence_starts_right_after_it_even_inside_a_batch(backbone: Backbone) -> None:
    await backbone.append("b1", 0, [ev(1), ev(2)])
    await backbone.append("b1", 2, [ev(3), ev(4), ev(5)])
    await backbone.append("b1", 5, [ev(6)])
    for after in range(7):
        assert [seq for seq, _ in await backbone.read("b1", after)] == list(range(after + 1, 7))
    assert await backbone.read("b1", 100) == []


async def test_a_board_that_was_never_written_reads_empty(backbone: Backbone) -> None:
    assert await backbone.read("nobody") == []


async def test_appending_after_a_stale_sequence_is_a_conflict_and_stores_nothing(backbone: Backbone) -> None:
    await backbone.append("b1", 0, [ev(1), ev(2)])
    with pytest.raises(Conflict) as stale:
        await backbone.append("b1", 1, [ev(99)])
    assert stale.value.current == 2
    with pytest.raises(Conflict) as ahead:
        await backbone.append("b1", 5, [ev(99)])  # would leave a hole
    assert ahead.value.current == 2
    with pytest.raises(Conflict) as fresh:
        await backbone.append("b2", 3, [ev(99)])
    assert fresh.value.current == 0
    assert await backbone.read("b1") == [(1, ev(1)), (2, ev(2))]
    assert await backbone.read("b2") == []


async def test_concurrent_appends_after_the_same_sequence_let_exactly_one_through(backbone: Backbone) -> None:
    await backbone.append("b1", 0, [ev(0)])
    results = await asyncio.gather(*(backbone.append("b1", 1, [ev(i)]) for i in range(20)), return_exceptions=True)
    winners = [r for r in results if r == 2]
    assert len(winners) == 1
    assert all(isinstance(r, Conflict) and r.current == 2 for r in results if r != 2)
    assert len(await backbone.read("b1")) == 2


async def test_boards_have_separate_logs(backbone: Backbone) -> None:
    await backbone.append("b1", 0, [ev(1)])
    await backbone.append("b2", 0, [ev(10), ev(11)])
    await backbone.append("b1", 1, [ev(2)])
    assert await backbone.read("b1") == [(1, ev(1)), (2, ev(2))]
    assert await backbone.read("b2") == [(1, ev(10)), (2, ev(11))]


async def test_events_come_back_exactly_as_stored_bytes_and_all(backbone: Backbone) -> None:
    odd = {
        "type": "note_added",
        "text": "Ünïcödé ✓ 北京 \u0000 end",
        "raw": b"\x00\xff\xfe binary \x80",
        "nested": {"list": [1, -2, 3.5, None, True, False, "x"], "deep": {"k": [b"", ""]}},
        "big": 2**53 + 1,
    }
    await backbone.append("b1", 0, [odd])
    assert await backbone.read("b1") == [(1, odd)]


async def test_a_subscriber_gets_every_batch_appended_after_it_subscribed_in_order(backbone: Backbone) -> None:
    await backbone.append("b1", 0, [ev(1)])  # before: not delivered
    async with backbone.subscribe("b1") as batches:
        await backbone.append("b1", 1, [ev(2), ev(3)])
        await backbone.append("b2", 0, [ev(100)])  # another board: not delivered
        for i in range(4, 30):
            await backbone.append("b1", i - 1, [ev(i)])
        got = [await next_batch(batches)]
        while got[-1].last < 29:
            got.append(await next_batch(batches))
    assert got[0] == Batch(2, [ev(2), ev(3)])
    assert [b.first for b in got] == [2, *range(4, 30)]
    assert [e for b in got for e in b.events] == [ev(i) for i in range(2, 30)]


async def test_every_subscriber_of_a_board_gets_each_batch_and_one_leaving_does_not_stop_the_other(
    backbone: Backbone,
) -> None:
    async with backbone.subscribe("b1") as first:
        async with backbone.subscribe("b1") as second:
            await backbone.append("b1", 0, [ev(1)])
            assert (await next_batch(first)).first == 1
            assert (await next_batch(second)).first == 1
        await backbone.append("b1", 1, [ev(2)])
        assert (await next_batch(first)).first == 2


async def test_leaving_and_entering_a_board_again_at_once_still_delivers(backbone: Backbone) -> None:
    for round_ in range(5):
        async with backbone.subscribe("b1") as batches:
            await backbone.append("b1", round_, [ev(round_ + 1)])
            assert (await next_batch(batches)).first == round_ + 1


async def test_a_subscriber_that_sees_a_gap_fills_it_with_read(backbone: Backbone) -> None:
    """What LiveBoard does: its replica is at 0, the first live batch starts at 4."""
    await backbone.append("b1", 0, [ev(1), ev(2)])
    await backbone.append("b1", 2, [ev(3)])
    known = 0
    async with backbone.subscribe("b1") as batches:
        await backbone.append("b1", 3, [ev(4)])
        batch = await next_batch(batches)
        assert batch.first > known + 1
        filled = await backbone.read("b1", known)
    assert filled == [(i, ev(i)) for i in range(1, 5)]


async def test_a_lease_has_one_holder_until_it_lapses_or_is_released(backbone: Backbone) -> None:
    assert await backbone.lease("writer:b1", "p1", 0.3) == "p1"
    assert await backbone.lease("writer:b1", "p2", 0.3) == "p1"  # taken
    assert await backbone.lease("writer:b2", "p2", 0.3) == "p2"  # another name, another lease
    await asyncio.sleep(0.2)
    assert await backbone.lease("writer:b1", "p1", 0.3) == "p1"  # renewed ...
    await asyncio.sleep(0.2)
    assert await backbone.lease("writer:b1", "p2", 0.3) == "p1"  # ... so still held past the first ttl
    await asyncio.sleep(0.45)
    assert await backbone.lease("writer:b1", "p2", 0.3) == "p2"  # lapsed: the next to ask takes it
    await backbone.release("writer:b1", "p1")  # not the holder: nothing happens
    assert await backbone.lease("writer:b1", "p3", 5) == "p2"
    await backbone.release("writer:b1", "p2")
    assert await backbone.lease("writer:b1", "p3", 5) == "p3"


async def test_a_post_reaches_the_open_inboxes_of_its_name_only_and_says_whether_any_did(backbone: Backbone) -> None:
    assert await backbone.post("board:b1", b"nobody listens") == 0
    async with backbone.inbox("board:b1") as first, backbone.inbox("board:b1") as second, \
            backbone.inbox("board:b2") as elsewhere:
        assert await backbone.post("board:b1", b"\x00one") > 0  # Redis counts processes, not inboxes
        assert await backbone.post("board:b1", b"two") > 0
        for inbox in (first, second):
            assert [await asyncio.wait_for(anext(inbox), 5) for _ in range(2)] == [b"\x00one", b"two"]
        assert await backbone.post("board:b2", b"three") > 0
        assert await asyncio.wait_for(anext(elsewhere), 5) == b"three"
    assert await backbone.post("board:b1", b"after") == 0


async def test_a_join_code_is_claimed_once_and_found(backbone: Backbone) -> None:
    assert await backbone.claim_code("ABC234", "board-1")
    assert not await backbone.claim_code("ABC234", "board-2")
    assert await backbone.find_code("ABC234") == "board-1"
    assert await backbone.find_code("ZZZ999") is None


async def test_deleting_a_board_erases_its_log_and_its_code_and_nothing_else(backbone: Backbone) -> None:
    await backbone.append("b1", 0, [ev(1), ev(2)])
    await backbone.append("b2", 0, [ev(1)])
    assert await backbone.claim_code("GONE22", "b1")
    assert await backbone.claim_code("STAY22", "b2")
    await backbone.delete_board("b1", "GONE22")
    assert await backbone.read("b1") == []
    assert await backbone.find_code("GONE22") is None
    assert await backbone.find_code("STAY22") == "b2"
    assert await backbone.read("b2") == [(1, ev(1))]
    assert await backbone.boards() == ["b2"]


async def test_boards_lists_every_board_with_events(backbone: Backbone) -> None:
    assert await backbone.boards() == []
    for name in ("zeta", "alpha", "mid-dle_9"):
        await backbone.append(name, 0, [ev(1)])
    assert await backbone.boards() == ["alpha", "mid-dle_9", "zeta"]


async def test_health_reports_ok(backbone: Backbone) -> None:
    health = await backbone.health()
    assert health["ok"] is True
    assert health["backbone"] in ("memory", "redis", "redis-cluster")


async def test_everything_survives_a_restart_of_the_backbone(open_backbone: OpenBackbone) -> None:
    first = await open_backbone()
    await first.append("b1", 0, [ev(1), ev(2)])
    await first.append("b1", 2, [ev(3)])
    await first.append("b2", 0, [ev(7)])
    assert await first.claim_code("CODE22", "b1")
    await first.close()

    again = await open_backbone()
    assert await again.read("b1") == [(1, ev(1)), (2, ev(2)), (3, ev(3))]
    assert await again.find_code("CODE22") == "b1"
    assert not await again.claim_code("CODE22", "b2")
    assert await again.boards() == ["b1", "b2"]
    with pytest.raises(Conflict) as stale:
        await again.append("b1", 0, [ev(99)])
    assert stale.value.current == 3
    async with again.subscribe("b1") as batches:
        assert await again.append("b1", 3, [ev(4)]) == 4
        assert await next_batch(batches) == Batch(4, [ev(4)])
