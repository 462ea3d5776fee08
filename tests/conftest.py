from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.servers import ServerProcess


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A real Metanet server (uvicorn subprocess) on the embedded default."""
    proc = ServerProcess(tmp_path / "data").start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
async def board(server: ServerProcess) -> AsyncIterator[dict[str, str]]:
    yield server.create_board(title="Test board", template="note-and-vote")
