"""A real ``redis-server`` of one's own: its own port and directory, append-only file on or off.

Started as a child process (no daemonize), so a test or a fault run can kill
it (``kill -9``), freeze it (SIGSTOP), and start it again on the same port with
the same data. A missing ``redis-server`` is an error: ``scripts/test``
installs Debian's.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Self

import redis

from testkit.process import START_TIMEOUT, ChildProcess

MAX_CLIENTS = 10000  # a benchmark or fault run connects thousands of clients through a few processes
PING_TIMEOUT = 0.5  # seconds to wait for +PONG while it starts
CLIENT_TIMEOUT = 5.0  # seconds a synchronous client waits for a reply


def redis_binary() -> str:
    path = shutil.which("redis-server")
    if path is None:
        raise RuntimeError("redis-server is not installed: run ./scripts/test, which installs Debian's redis-server")
    return path


class RedisServer(ChildProcess):
    """``redis-server`` on ``127.0.0.1``. ``durable``: append-only file on; off for benchmarks.

    Tests kill processes, never the machine: what survives a ``kill -9`` is what Redis wrote to the
    operating system before it replied. ``appendfsync no`` writes every append before the reply.
    ``everysec`` does too while the disk keeps up, but while its background fsync is slow (a busy
    disk: another test's browser) it postpones the write for up to 2 s and keeps replying, so a
    ``kill -9`` then loses acknowledged appends (docs/deploy.md, "Redis persistence")."""

    name = "redis"

    def __init__(self, directory: Path, port: int | None = None, *, durable: bool = True) -> None:
        super().__init__(directory / "redis.log", port)
        self.dir = directory
        self.durable = durable

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        persistence = ["--appendonly", "yes", "--appendfsync", "no"] if self.durable else ["--appendonly", "no"]
        return [
            redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
            *persistence, "--save", "", "--maxclients", str(MAX_CLIENTS),
            "--daemonize", "no", "--logfile", str(self.log_path), "--loglevel", "notice",
        ]  # fmt: skip

    def start(self, timeout: float = START_TIMEOUT) -> Self:
        self.dir.mkdir(parents=True, exist_ok=True)
        return super().start(timeout)

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=PING_TIMEOUT) as s:
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def client(self) -> redis.Redis:
        """A plain synchronous client, to look and poke (close it after: ``with server.client() as r``)."""
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=CLIENT_TIMEOUT)

    def restart(self, *, kill: bool = True) -> Self:
        """Crash (or stop) and start again on the same port, loading the append-only file."""
        if kill:
            self.kill()
        else:
            self.stop()
        return self.start()

    def kill_pubsub(self) -> int:
        """``CLIENT KILL TYPE pubsub``: cut every process's subscriber connection; how many were cut."""
        with self.client() as r:
            return int(r.client_kill_filter(_type="pubsub"))
