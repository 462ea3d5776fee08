"""A child process on a port: started, waited for until it answers, stopped, killed, frozen.

Each runs as a plain child (no daemon) with its output in a log file, so a
test or a fault run can ``kill -9`` it, freeze it (SIGSTOP) and start it
again on the same port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

REPO_ROOT = Path(__file__).resolve().parent.parent  # the checkout: ``python -m server.cli`` runs from here
START_TIMEOUT = 30.0  # seconds for a process to answer after it is started
READY_POLL = 0.03  # seconds between two "does it answer yet?" checks
STOP_TIMEOUT = 15.0  # seconds for a graceful stop before the whole process tree is killed
KILL_TIMEOUT = 10.0  # seconds for a killed process to be reaped
LOG_TAIL = 4000  # characters of a log shown when a process fails


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (uvicorn's workers are children of its supervisor), from ``/proc``."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, ()))
    return tree


class ChildProcess:
    """A subprocess with a log file; ``start`` waits until :meth:`ready`. Subclasses say what to run."""

    name = "process"
    stop_signal = signal.SIGTERM

    def __init__(self, log_path: Path, port: int | None = None, cwd: Path = REPO_ROOT) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.cwd = cwd
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0  # how many times it was started (a fault run restarts it)

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        """Environment variables on top of this process's own."""
        return {}

    def ready(self) -> bool:
        raise NotImplementedError

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> Self:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env()}
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = proc = subprocess.Popen(
                self.command(), cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {proc.returncode}:\n{self.log()}")
            if self.ready():
                return self
            time.sleep(READY_POLL)
        self.kill()  # nobody would stop a process that never answered
        raise RuntimeError(f"{self.name} did not start in {timeout:.0f}s:\n{self.log()}")

    def __enter__(self) -> Self:
        """``with Server(...) as server:`` starts it and stops it at the end, whatever happens."""
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def pids(self) -> list[int]:
        """The process and its children (none once it is gone)."""
        return process_tree(self.proc.pid) if self.running and self.proc is not None else []

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        if self.running and self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(KILL_TIMEOUT)

    def stop(self) -> None:
        """Ask it to shut down; kill its whole process tree if it has not within :data:`STOP_TIMEOUT`."""
        if not self.running or self.proc is None:
            return
        self.proc.send_signal(signal.SIGCONT)  # a frozen process cannot shut down
        self.proc.send_signal(self.stop_signal)
        try:
            self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            for pid in reversed(self.pids()):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            self.proc.wait(KILL_TIMEOUT)

    def freeze(self) -> None:
        """SIGSTOP: its connections stay open but nothing answers."""
        assert self.proc is not None, "not started"
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None, "not started"
        self.proc.send_signal(signal.SIGCONT)

    def log(self) -> str:
        """The end of its log."""
        try:
            return self.log_path.read_text(errors="replace")[-LOG_TAIL:]
        except OSError:
            return ""
