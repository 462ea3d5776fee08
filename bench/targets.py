"""The servers under test, each its own process, and what ``/proc`` says about them.

- :class:`Metanet` -- ``metanet serve`` (``python -m server.cli serve``), any backbone, any workers;
- :class:`Peer` -- ``python -m bench.peers.naive`` or ``bench.peers.limit``;
- :class:`RedisServer` -- a private ``redis-server`` on a free port for ``--backbone redis``.

CPU is ``utime + stime`` from ``/proc/<pid>/stat`` summed over the server's
process tree (uvicorn's workers are children of its supervisor); memory is
``VmRSS`` from ``/proc/<pid>/status``, summed the same way.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spawn(target: Any, cwd: Path, timeout: float, poll: float) -> None:
    """Start ``target.command()`` as ``target.proc``, logging to ``target.log_path``; wait for ``target.ready()``.

    ``target`` also has ``env()``, ``log()`` and ``name`` (``ServerProc`` here, ``chaos_procs.Proc``).
    """
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **target.env()}
    with open(target.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
        target.proc = proc = subprocess.Popen(target.command(), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{target.name} exited with {proc.returncode}:\n{target.log()}")
        if target.ready():
            return
        time.sleep(poll)
    raise RuntimeError(f"{target.name} did not start in {timeout:.0f}s:\n{target.log()}")


# -- /proc -------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    tree, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, ()))
    return out


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


# -- processes ------------------------------------------------------------------


class ServerProc:
    """A server subprocess with its log file; ``pids`` is its whole process tree."""

    name = "server"
    json = False

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / f"{self.name}-{self.port}.log"

    deflate = True  # clients offer permessage-deflate, as browsers do

    @property
    def spec(self) -> dict[str, Any]:
        return {"host": "127.0.0.1", "port": self.port, "json": self.json, "deflate": self.deflate}

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return {}

    def start(self, timeout: float = 30.0) -> None:
        spawn(self, getattr(self, "root", None) or ROOT, timeout, poll=0.05)

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def pids(self) -> list[int]:
        return process_tree(self.proc.pid) if self.proc else []

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        # SIGINT under cProfile: uvicorn re-raises the signal after shutting down, and only
        # KeyboardInterrupt lets cProfile write its stats on the way out.
        self.proc.send_signal(signal.SIGINT if getattr(self, "profile", None) else signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            for pid in reversed(self.pids()):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            self.proc.wait(5)

    def create_board(self) -> dict[str, str]:
        raise NotImplementedError


class Metanet(ServerProc):
    name = "metanet"

    def __init__(self, workdir: Path, backbone: str = "memory://", workers: int = 1, ws: str | None = None,
                 profile: str | None = None, root: Path | None = None) -> None:
        super().__init__(workdir)
        self.backbone = backbone
        self.workers = workers
        self.ws = ws
        self.profile = profile  # run under cProfile, stats written here when the server stops
        self.root = root  # another checkout's server (e.g. ``git archive`` of an older commit), for before/after
        self.data_dir = workdir / f"data-{self.port}"

    def command(self) -> list[str]:
        profiler = ["-m", "cProfile", "-o", self.profile] if self.profile else []
        return [sys.executable, *profiler, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--data-dir", str(self.data_dir), "--backbone", self.backbone, "--workers", str(self.workers)]

    def env(self) -> dict[str, str]:
        # Every generated client comes from 127.0.0.1: lift the per-address connection cap.
        env = {"METANET_MAX_PER_ADDR": "1000000"}
        if self.ws:
            env["METANET_UVICORN_WS"] = self.ws
        if self.root:
            env["PYTHONPATH"] = str(self.root)
        return env

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    def create_board(self) -> dict[str, str]:
        body = json.dumps({"title": "Benchmark", "template": "note-and-vote"}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/boards", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            data = json.load(resp)
        return {"board": data["board"], "secret": data["secret"]}


class Peer(ServerProc):
    """A reference peer (``naive`` or ``limit``); boards exist as soon as someone connects."""

    def __init__(self, workdir: Path, kind: str) -> None:
        self.name = kind
        self.json = kind == "naive"
        super().__init__(workdir)
        self.secret = secrets.token_urlsafe(16)

    def command(self) -> list[str]:
        # --secret=...: a token may start with "-", which argparse would take for an option
        return [sys.executable, "-m", f"bench.peers.{self.name}", "--port", str(self.port), f"--secret={self.secret}"]

    def create_board(self) -> dict[str, str]:
        return {"board": secrets.token_urlsafe(9), "secret": self.secret}


class RedisServer(ServerProc):
    name = "redis"

    def command(self) -> list[str]:
        exe = shutil.which("redis-server") or "/usr/bin/redis-server"
        return [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", str(self.workdir), "--maxclients", "10000"]

    def start(self, timeout: float = 30.0) -> None:
        if not (shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()):
            raise RuntimeError("--backbone redis needs redis-server (Debian package redis-server)")
        super().start(timeout)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def redis_backbone_available() -> bool:
    return importlib.util.find_spec("server.backbone.redis") is not None
