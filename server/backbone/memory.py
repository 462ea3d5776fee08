"""The embedded default: one process, each board's log in a SQLite file.

The SQLite file (``<data_dir>/metanet.sqlite3``) is written in WAL mode with
``synchronous=NORMAL``: a committed append survives the process being killed
(even ``kill -9``); a power cut may lose the last moments (see docs/deploy.md).
Live fan-out is in-process. A lock file stops a second process from serving
the same data directory: several workers need the Redis backbone.

``MemoryBackbone(data_dir, read_only=True)`` is for reading a data directory
that a running server holds (``metanet export``): it takes no lock and opens
the SQLite file read-only; WAL mode lets it read while the server writes.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

from server.backbone.base import Batch, Conflict, Event
from server.protocol.codec import pack, unpack_trusted

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    board TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (board, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS codes (code TEXT PRIMARY KEY, board TEXT NOT NULL);
"""


T = TypeVar("T")


@asynccontextmanager
async def _listen(listeners: dict[str, set[asyncio.Queue[T]]], name: str) -> AsyncIterator[AsyncIterator[T]]:
    """A queue registered under ``name`` while the context is open, read as an iterator."""
    queue: asyncio.Queue[T] = asyncio.Queue()
    listeners.setdefault(name, set()).add(queue)

    async def items() -> AsyncIterator[T]:
        while True:
            yield await queue.get()

    try:
        yield items()
    finally:
        queues = listeners.get(name)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del listeners[name]


class DataDirInUse(RuntimeError):
    pass


class MemoryBackbone:
    url = "memory://"
    shared = False

    def __init__(self, data_dir: Path, *, read_only: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        self._db: sqlite3.Connection | None = None
        self._lock_file: IO[str] | None = None
        self._heads: dict[str, int] = {}
        self._subscribers: dict[str, set[asyncio.Queue[Batch]]] = {}
        self._leases: dict[str, tuple[str, float]] = {}  # name -> holder, monotonic expiry
        self._inboxes: dict[str, set[asyncio.Queue[bytes]]] = {}
        self._summaries: dict[str, dict[str, bytes]] = {}  # gathering -> board -> latest summary (not kept on disk)

    async def start(self) -> None:
        if self.read_only:
            path = (self.data_dir / "metanet.sqlite3").resolve()
            if not path.is_file():
                raise FileNotFoundError(f"no Metanet data in {self.data_dir} (no metanet.sqlite3)")
            self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.data_dir / "metanet.lock", "w")  # noqa: SIM115 -- held until close()
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            raise DataDirInUse(
                f"another Metanet process is already serving {self.data_dir}. The embedded "
                "backbone (memory://) runs in one process: for several workers or machines "
                "use Redis, e.g. --backbone redis://localhost:6379/0"
            ) from None
        self._lock_file.write(str(os.getpid()))
        self._lock_file.flush()
        self._db = sqlite3.connect(self.data_dir / "metanet.sqlite3", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    async def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the backbone is not started")
        return self._db

    def _head(self, board: str) -> int:
        if board not in self._heads:
            row = self.db.execute("SELECT MAX(seq) FROM events WHERE board = ?", (board,)).fetchone()
            self._heads[board] = row[0] or 0
        return self._heads[board]

    async def append(self, board: str, expected: int, events: list[Event]) -> int:
        # Synchronous on purpose: a WAL commit without fsync takes tens of
        # microseconds, and doing it inline keeps check-and-append atomic.
        head = self._head(board)
        if head != expected:
            raise Conflict(head)
        rows = [(board, expected + i + 1, pack(ev)) for i, ev in enumerate(events)]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT INTO events (board, seq, data) VALUES (?, ?, ?)", rows)
        self._heads[board] = expected + len(events)
        batch = Batch(expected + 1, events)
        for queue in self._subscribers.get(board, ()):
            queue.put_nowait(batch)
        return batch.last

    async def read(self, board: str, after: int = 0) -> list[tuple[int, Event]]:
        cur = self.db.execute("SELECT seq, data FROM events WHERE board = ? AND seq > ? ORDER BY seq", (board, after))
        return [(seq, unpack_trusted(data)) for seq, data in cur]

    def subscribe(self, board: str) -> AbstractAsyncContextManager[AsyncIterator[Batch]]:
        return _listen(self._subscribers, board)

    # -- between processes: there is one, so this is in-process bookkeeping -------------

    async def lease(self, name: str, holder: str, ttl: float) -> str:
        now = time.monotonic()
        current = self._leases.get(name)
        if current is None or current[1] <= now or current[0] == holder:
            self._leases[name] = (holder, now + ttl)
            return holder
        return current[0]

    async def release(self, name: str, holder: str) -> None:
        current = self._leases.get(name)
        if current is not None and current[0] == holder:
            del self._leases[name]

    def inbox(self, name: str) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        return _listen(self._inboxes, name)

    async def post(self, name: str, message: bytes) -> int:
        queues = self._inboxes.get(name, ())
        for queue in queues:
            queue.put_nowait(message)
        return len(queues)

    async def publish_summary(self, gathering: str, board: str, summary: bytes) -> None:
        self._summaries.setdefault(gathering, {})[board] = summary
        await self.post(f"summaries:{gathering}", summary)

    async def latest_summaries(self, gathering: str) -> dict[str, bytes]:
        return dict(self._summaries.get(gathering, {}))

    async def claim_code(self, code: str, board: str) -> bool:
        try:
            with self.db:
                self.db.execute("INSERT INTO codes (code, board) VALUES (?, ?)", (code, board))
        except sqlite3.IntegrityError:
            return False
        return True

    async def find_code(self, code: str) -> str | None:
        row = self.db.execute("SELECT board FROM codes WHERE code = ?", (code,)).fetchone()
        return row[0] if row else None

    async def delete_board(self, board: str, code: str) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM events WHERE board = ?", (board,))
            self.db.execute("DELETE FROM codes WHERE board = ?", (board,))
        self._heads.pop(board, None)

    async def boards(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT board FROM events ORDER BY board")]

    async def health(self) -> dict[str, Any]:
        return {"ok": self._db is not None, "backbone": "memory", "data_dir": str(self.data_dir)}
