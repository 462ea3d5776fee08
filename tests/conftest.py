from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from testkit.metanet import MetanetServer
from testkit.redis_cluster import RedisCluster
from testkit.redis_server import RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server on a free port, append-only file on; stopped after the test."""
    with RedisServer(tmp_path / "redis") as server:
        yield server


@pytest.fixture(scope="session")
def session_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """A real Redis Cluster (3 masters, 3 replicas, AOF on), started once for the session; fails if it cannot start."""
    with RedisCluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture
def redis_cluster(session_cluster: RedisCluster) -> RedisCluster:
    """The session's cluster, emptied for this test (every master flushed, its three masters up)."""
    session_cluster.wait_ok(session_cluster.running())
    session_cluster.flush()
    return session_cluster


@pytest.fixture
def server(tmp_path: Path) -> Iterator[MetanetServer]:
    """A real Metanet server (uvicorn subprocess) on the embedded default."""
    with MetanetServer(tmp_path / "data") as server:
        yield server


@pytest.fixture
async def board(server: MetanetServer) -> AsyncIterator[dict[str, str]]:
    yield server.create_board(title="Test board", template="note-and-vote")
