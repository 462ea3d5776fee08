"""Two real ``metanet serve`` processes (different ports and data directories) on one real redis-server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from server.backbone.redis import RedisBackbone
from testkit.metanet import MetanetServer
from testkit.redis_server import RedisServer
from tests.multiprocess.resilient import Resilient

# Only Metanet processes publish on the channels these warnings are about: in a test that does not post
# junk there itself, one of them means a process posts something the others cannot read.
JUNK_WARNINGS = ("malformed", "undecodable")


def junk_warnings(log: str) -> list[str]:
    """The warnings in a server's log about messages it could not read from the other processes."""
    return [line for line in log.splitlines() if "WARNING" in line and any(w in line for w in JUNK_WARNINGS)]


@pytest.fixture
def servers(
    redis_server: RedisServer, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[MetanetServer, MetanetServer]]:
    """Process A and process B, started together; logs are printed if a test fails.

    At the end, either server's log warning about a message it could not read fails the test
    (unless the test is marked ``junk_posts``: it posts such messages itself, and counts the warnings).
    """
    pair = start_pair(redis_server.url, tmp_path)
    try:
        yield pair[0], pair[1]
    finally:
        stop_pair(pair)
    if request.node.get_closest_marker("junk_posts") is None:
        check_junk(pair)


def start_pair(url: str, tmp_path: Path) -> list[MetanetServer]:
    """Processes A and B on the backbone ``url``, started together."""
    pair = [MetanetServer(tmp_path / name / "data", backbone=url) for name in ("a", "b")]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda s: s.start(), pair))
    return pair


def stop_pair(pair: list[MetanetServer]) -> None:
    """Stop both and print their logs (shown if the test fails)."""
    for server in pair:
        server.stop()
        print(f"--- server {server.port} log ---\n{server.log()}")


def check_junk(pair: list[MetanetServer]) -> None:
    """A warning in either log about a post it could not read fails the test."""
    for server in pair:
        warned = junk_warnings(server.log_path.read_text(errors="replace"))
        assert not warned, f"server {server.port} could not read the other's posts:\n" + "\n".join(warned[:5])


@pytest.fixture
async def log_reader(redis_server: RedisServer) -> AsyncIterator[RedisBackbone]:
    """The test's own view of the stored log, to check what was really appended."""
    backbone = RedisBackbone(redis_server.url)
    await backbone.start()
    yield backbone
    await backbone.close()


@pytest.fixture(autouse=True)
async def close_clients() -> AsyncIterator[None]:
    """Clients a failed test left open are closed, so its report shows the failure, not socket warnings."""
    yield
    for client in list(Resilient.live):
        await client.close()
