"""The real processes the chaos run breaks: a ``redis-server`` and ``metanet serve`` processes.

Both run as plain children (no daemon), so the run can ``kill -9`` them and
start them again on the same port with the same data: Redis reloads its
append-only file (``appendonly yes``, ``appendfsync everysec``), a Metanet
process reloads its boards from Redis. Starting one is ``bench.targets.spawn``;
the rest is copied in spirit from ``tests/redis_support.py`` and
``tests/servers.py`` (bench does not import tests).
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from bench.targets import ROOT, free_port, spawn


class Proc:
    """A child process with a log file; ``start`` waits until ``ready``."""

    name = "proc"

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.dir = directory
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = directory / f"{self.name}.log"
        self.starts = 0

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return {}

    def ready(self) -> bool:
        raise NotImplementedError

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        spawn(self, ROOT, timeout, poll=0.03)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        if self.running:
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.running:
            assert self.proc is not None
            self.proc.send_signal(signal.SIGCONT)  # a frozen process cannot shut down
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


class RedisProc(Proc):
    """``redis-server`` on its own port and directory, append-only file on."""

    name = "redis"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        exe = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(exe).exists():
            raise RuntimeError("the chaos run needs redis-server (Debian package redis-server)")
        return [
            exe, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--daemonize", "no", "--logfile", str(self.log_path), "--loglevel", "notice", "--maxclients", "10000",
        ]  # fmt: skip

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def call(self, *args: str) -> bytes:
        """One command over a fresh connection (RESP); the raw reply's first line."""
        parts = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            data = arg.encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(b"".join(parts))
            return s.recv(4096).split(b"\r\n", 1)[0]

    def kill_pubsub(self) -> int:
        """``CLIENT KILL TYPE pubsub``: every process's subscriber connection; how many were cut."""
        reply = self.call("CLIENT", "KILL", "TYPE", "pubsub")
        return int(reply[1:]) if reply.startswith(b":") else 0


class MetanetProc(Proc):
    """``metanet serve`` (``python -m server.cli serve``) on one port, with its own data directory."""

    name = "metanet"

    def __init__(self, directory: Path, backbone: str, label: str, port: int | None = None) -> None:
        super().__init__(directory, port)
        self.backbone = backbone
        self.label = label

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.dir / "data"),
            "--backbone",
            self.backbone,
        ]

    def env(self) -> dict[str, str]:
        return {"METANET_MAX_PER_ADDR": "100000"}  # every chaos client comes from 127.0.0.1

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.http + "/health", timeout=1) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    def create_board(self, **body: Any) -> dict[str, Any]:
        req = urllib.request.Request(
            self.http + "/api/boards",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return dict(json.load(resp))
