"""The systems a saturation run compares, each started as its own server process(es).

==============  =====================================================  ==============================
system          one process                                            two processes
==============  =====================================================  ==============================
metanet         ``metanet serve``, embedded backbone                   ``--workers 2`` on Redis
socketio-node   Node Socket.IO 4, in-memory adapter                    ``cluster`` ×2 + sharded Redis adapter
socketio-py     python-socketio 5 under uvicorn, default manager       uvicorn ``--workers 2`` + AsyncRedisManager
broadcaster     Starlette + broadcaster under uvicorn, Redis backend   uvicorn ``--workers 2``, same
limit           ``websockets.broadcast``, one process                  (one process: the reference)
==============  =====================================================  ==============================
"""

from __future__ import annotations

import secrets
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.peers.plenary import NOTES
from bench.targets import CONNECT_TIMEOUT, Metanet, Peer
from testkit.process import REPO_ROOT, ChildProcess, free_port

NODE_PEER = REPO_ROOT / "bench" / "peers" / "socketio-node"
SYSTEMS = ("metanet", "socketio-node", "socketio-py", "broadcaster", "limit")
PROTOCOL = {"metanet": "metanet", "limit": "metanet", "socketio-node": "socketio", "socketio-py": "socketio",
            "broadcaster": "json"}
BOARD_BYTES = 9


class PeerServer(ChildProcess):
    """A Socket.IO or broadcaster peer on a free port; ready when the port accepts."""

    def __init__(self, workdir: Path, name: str, workers: int, redis_url: str | None, app: str | None = None) -> None:
        port = free_port()
        super().__init__(workdir / f"{name}-{port}.log", port, cwd=NODE_PEER if name == "socketio-node" else REPO_ROOT)
        self.name, self.workers, self.redis_url = name, workers, redis_url
        self.app = app  # another ASGI app factory (module:function) for a Python peer: the smoke test's lossy one

    def command(self) -> list[str]:
        if self.name == "socketio-node":
            node = shutil.which("node")
            if node is None or not (NODE_PEER / "node_modules").is_dir():
                raise RuntimeError("the Node peer needs node and `npm ci` in bench/peers/socketio-node "
                                   "(./scripts/test installs both)")
            cmd = [node, "server.js", "--port", str(self.port), "--workers", str(self.workers)]
            return cmd + (["--redis", self.redis_url] if self.redis_url else [])
        module = {"socketio-py": "bench.peers.socketio_py", "broadcaster": "bench.peers.broadcast"}[self.name]
        return [sys.executable, "-m", "uvicorn", "--factory", self.app or f"{module}:create_app", "--host", "127.0.0.1",
                "--port", str(self.port), "--workers", str(self.workers), "--log-level", "warning"]

    def env(self) -> dict[str, str]:
        return {"BENCH_REDIS_URL": self.redis_url} if self.redis_url else {}

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=CONNECT_TIMEOUT):
                return True
        except OSError:
            return False


@dataclass
class Plan:
    """How to run one system at ``workers`` processes."""

    name: str
    workers: int  # processes it really runs (limit: always 1)
    uses_redis: bool

    @property
    def protocol(self) -> str:
        return PROTOCOL[self.name]


def plan(name: str, workers: int) -> Plan:
    if name not in PROTOCOL:
        raise ValueError(f"unknown system {name!r}: one of {', '.join(SYSTEMS)}")
    if name == "limit":
        return Plan(name, 1, False)
    return Plan(name, workers, workers > 1 or name == "broadcaster")


def server(p: Plan, workdir: Path, redis_url: str | None, checkout: Path | None = None) -> Metanet | Peer | PeerServer:
    """The system's server; ``checkout``: Metanet from another checkout (before/after comparisons)."""
    url = redis_url if p.uses_redis else None
    if p.name == "metanet":
        return Metanet(workdir, url or "memory://", p.workers, checkout=checkout)
    if p.name == "limit":
        return Peer(workdir, "limit")
    return PeerServer(workdir, p.name, p.workers, url)


def peer_board() -> tuple[str, list[str]]:
    """A board id for a peer (rooms exist as soon as someone joins) and its notes."""
    return secrets.token_urlsafe(BOARD_BYTES), sorted(NOTES)
