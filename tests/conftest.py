from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from testkit.metanet import MetanetServer
from testkit.redis_server import RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server on a free port, append-only file on; stopped after the test."""
    with RedisServer(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[MetanetServer]:
    """A real Metanet server (uvicorn subprocess) on the embedded default."""
    with MetanetServer(tmp_path / "data") as server:
        yield server


@pytest.fixture
async def board(server: MetanetServer) -> AsyncIterator[dict[str, str]]:
    yield server.create_board(title="Test board", template="note-and-vote")
