"""The servers under test, each its own process, and what ``/proc`` says about them.

- :class:`Metanet` -- ``metanet serve`` (:class:`testkit.metanet.MetanetServer`), any backbone, any workers;
- :class:`Peer` -- ``python -m bench.peers.naive`` or ``bench.peers.limit``;
- a private ``redis-server`` for ``--backbone redis`` is :class:`testkit.redis_server.RedisServer`.

CPU is ``utime + stime`` from ``/proc/<pid>/stat`` summed over the server's
process tree (uvicorn's workers are children of its supervisor); memory is
``VmRSS`` from ``/proc/<pid>/status``, summed the same way.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path
from typing import Any

from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT, ChildProcess, free_port

CLK_TCK = os.sysconf("SC_CLK_TCK")
NO_ADDRESS_CAP = "1000000"  # every generated client comes from 127.0.0.1: lift the per-address connection cap
CONNECT_TIMEOUT = 0.5  # seconds for a peer's port to accept while it starts
PEER_BOARD_BYTES = 9  # random bytes in a peer's board id (boards exist as soon as someone connects)
PEER_SECRET_BYTES = 16


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes, in seconds (0 for any that is gone)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / CLK_TCK


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


class Metanet(MetanetServer):
    """Metanet as a target: its data and log in the run's work directory, no per-address cap."""

    json = False  # clients speak msgpack in binary frames
    deflate = True  # clients offer permessage-deflate, as browsers do

    def __init__(self, workdir: Path, backbone: str = "memory://", workers: int = 1, ws: str | None = None,
                 profile: str | None = None, checkout: Path | None = None) -> None:
        port = free_port()
        env = {"METANET_MAX_PER_ADDR": NO_ADDRESS_CAP}
        if ws:
            env["METANET_UVICORN_WS"] = ws
        super().__init__(workdir / f"data-{port}", backbone, port, workers=workers, env=env, profile=profile,
                         checkout=checkout or REPO_ROOT, log_path=workdir / f"metanet-{port}.log")

    def new_board(self) -> dict[str, str]:
        data = self.create_board(title="Benchmark", template="note-and-vote")
        return {"board": data["board"], "secret": data["secret"]}


class Peer(ChildProcess):
    """A reference peer (``naive`` or ``limit``); boards exist as soon as someone connects."""

    deflate = True

    def __init__(self, workdir: Path, kind: str) -> None:
        port = free_port()
        super().__init__(workdir / f"{kind}-{port}.log", port)
        self.name = kind
        self.json = kind == "naive"  # the naive peer speaks JSON in text frames
        self.secret = secrets.token_urlsafe(PEER_SECRET_BYTES)

    def command(self) -> list[str]:
        # --secret=...: a token may start with "-", which argparse would take for an option
        return [sys.executable, "-m", f"bench.peers.{self.name}", "--port", str(self.port), f"--secret={self.secret}"]

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=CONNECT_TIMEOUT):
                return True
        except OSError:
            return False

    def new_board(self) -> dict[str, str]:
        return {"board": secrets.token_urlsafe(PEER_BOARD_BYTES), "secret": self.secret}


Target = Metanet | Peer


def spec_of(target: Target) -> dict[str, Any]:
    """What a generator process needs to reach the target."""
    return {"host": "127.0.0.1", "port": target.port, "json": target.json, "deflate": target.deflate}
