"""Two Metanet processes on a real Redis Cluster: boards on every shard, sharded subscriptions, a master killed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from server.backbone.redis_cluster import ClusterBackbone
from testkit.metanet import MetanetServer
from testkit.redis_cluster import RedisCluster
from tests.multiprocess.conftest import check_junk, start_pair, stop_pair
from tests.multiprocess.resilient import Resilient, fresh_essentials
from tests.multiprocess.test_faults import check_nothing_lost, setup_round

pytestmark = [pytest.mark.redis, pytest.mark.slow]

Pair = tuple[MetanetServer, MetanetServer]
BOARD: dict[str, Any] = {
    "title": "Sharded",
    "phases": [{"kind": "vote", "title": "Vote"}],
    "settings": {"blind_votes": False, "dots_per_person": 12, "max_dots_per_note": 12},
}
PROMOTION_TIMEOUT = 30.0  # seconds for the replica of a killed master to take over


@pytest.fixture
def on_cluster(redis_cluster: RedisCluster, tmp_path: Path) -> Iterator[Pair]:
    pair = start_pair(redis_cluster.url, tmp_path)
    try:
        yield pair[0], pair[1]
    finally:
        stop_pair(pair)
    check_junk(pair)


def boards_on_every_shard(server: MetanetServer, cluster: RedisCluster) -> dict[int, dict[str, Any]]:
    """One new board per master (by the port of the node holding its slot), creating boards until each has one."""
    found: dict[int, dict[str, Any]] = {}
    for _ in range(60):
        board = server.create_board(**BOARD)
        found.setdefault(cluster.node_of(f"metanet:{{{board['board']}}}:log").port, board)
        if len(found) == 3:
            return found
    raise AssertionError(f"60 boards fell on {len(found)} shards only")


async def test_boards_on_every_shard_work_through_both_processes_with_one_sharded_subscription_each(
    on_cluster: Pair, redis_cluster: RedisCluster
) -> None:
    a, b = on_cluster
    boards = boards_on_every_shard(a, redis_cluster)
    clients: list[Resilient] = []
    for board in boards.values():
        bid = board["board"]
        fac = await Resilient.open([a], bid, role="facilitator", secret=board["secret"])
        person = await Resilient.open([b], bid)
        await person.ok("join", group="Academia")
        note = (await fac.ok("add_note", text=f"idea on {bid}"))["note"]
        vote = await person.do("vote", note=note)
        assert vote["ok"], vote
        clients += [fac, person]
    for fac, person in zip(clients[::2], clients[1::2], strict=True):
        await fac.wait_seq(person.view.seq)
        await person.wait_seq(fac.view.seq)
        assert fac.view.essentials() == await fresh_essentials(b, fac.board, fac)
        assert person.view.essentials() == await fresh_essentials(a, person.board, person)

    assert a.proc is not None and b.proc is not None
    names = {f"metanet:{a.proc.pid}:pubsub", f"metanet:{b.proc.pid}:pubsub"}
    for port, board in boards.items():
        bid = board["board"]
        live = f"metanet:{{{bid}}}:live".encode()
        for node in redis_cluster.masters():
            with node.client() as r:
                channels = set(r.execute_command("PUBSUB", "SHARDCHANNELS", f"*{{{bid}}}*"))
                numsub = dict(zip(*[iter(r.execute_command("PUBSUB", "SHARDNUMSUB", live))] * 2, strict=True))
                has_log = r.execute_command("EXISTS", f"metanet:{{{bid}}}:log") if node.port == port else 0
            if node.port == port:
                assert has_log == 1  # the board's log is on the shard of its slot
                assert live in channels and numsub[live] == 2  # one subscription per process, on this shard
                assert f"metanet:inbox:presence:{{{bid}}}".encode() in channels
            else:
                assert channels == set() and numsub[live] == 0
    for node in redis_cluster.masters():  # each process: one subscriber connection on each shard it serves
        with node.client() as r:
            ours = [c["name"] for c in r.client_list(_type="pubsub") if c["name"] in names]
        assert sorted(ours) == sorted(names), (node.port, ours)
    for client in clients:
        await client.close()


@pytest.fixture
def own_cluster(tmp_path: Path) -> Iterator[RedisCluster]:
    """A cluster of this test's own: it kills one of its masters."""
    with RedisCluster(tmp_path / "cluster") as cluster:
        yield cluster


@pytest.fixture
async def cluster_reader(own_cluster: RedisCluster) -> AsyncIterator[ClusterBackbone]:
    backbone = ClusterBackbone(own_cluster.url)
    await backbone.start()
    yield backbone
    await backbone.close()


async def test_killing_the_master_of_a_busy_board_mid_vote_loses_no_acknowledged_vote(
    own_cluster: RedisCluster, cluster_reader: ClusterBackbone, tmp_path: Path
) -> None:
    pair = start_pair(own_cluster.url, tmp_path)
    a, b = pair
    try:
        bid, fac, people, rnd = await setup_round([a, b], a, [a, b, a, b])
        master = own_cluster.node_of(f"metanet:{{{bid}}}:log")
        replica_port = int(master.info("replication")["slave0"]["port"])  # type: ignore[index]
        replica = next(n for n in own_cluster.nodes if n.port == replica_port)
        promoted: list[float] = []

        async def kill_the_master() -> None:
            master.kill()  # SIGKILL
            loop = asyncio.get_running_loop()
            began = loop.time()
            while replica.role() != "master":
                assert loop.time() - began < PROMOTION_TIMEOUT, "the replica was never promoted"
                await asyncio.sleep(0.1)
            promoted.append(loop.time() - began)

        await rnd.run(kill_the_master)
        print(f"replica promoted {promoted[0]:.1f}s after the kill")
        assert own_cluster.node_of(f"metanet:{{{bid}}}:log") is replica
        assert sum(c.retries for c in (fac, *people)) > 0, "the failover was never noticed"
        await check_nothing_lost(rnd, cluster_reader, bid, b)
    finally:
        stop_pair(pair)
    check_junk(pair)
