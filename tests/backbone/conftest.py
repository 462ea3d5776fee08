"""Backbones for the contract suite: the embedded one, Redis (a real redis-server per test) and a Redis Cluster
(six real redis-servers, started once per session, emptied per test)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from server.backbone import Backbone, from_url
from testkit.redis_cluster import RedisCluster
from testkit.redis_server import RedisServer

OpenBackbone = Callable[[], Awaitable[Backbone]]


@pytest.fixture(
    params=["memory", pytest.param("redis", marks=pytest.mark.redis), pytest.param("cluster", marks=pytest.mark.redis)]
)
def backbone_url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "cluster":
        cluster: RedisCluster = request.getfixturevalue("redis_cluster")
        return cluster.url
    server: RedisServer = request.getfixturevalue("redis_server")
    return server.url


@pytest.fixture
async def open_backbone(backbone_url: str, tmp_path: Path) -> AsyncIterator[OpenBackbone]:
    """Start a backbone on the test's storage; call again after closing one to "restart" it."""
    opened: list[Backbone] = []

    async def open_one() -> Backbone:
        backbone = from_url(backbone_url, tmp_path / "data")
        await backbone.start()
        opened.append(backbone)
        return backbone

    yield open_one
    for backbone in opened:
        await backbone.close()


@pytest.fixture
async def backbone(open_backbone: OpenBackbone) -> Backbone:
    return await open_backbone()
