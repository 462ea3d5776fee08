"""``metanet serve`` in a subprocess on a free port: any backbone, any number of uvicorn workers."""

from __future__ import annotations

import http.client
import json
import signal
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from testkit.process import REPO_ROOT, ChildProcess, free_port

HEALTH_TIMEOUT = 1.0  # seconds for /health to answer while the server starts
REQUEST_TIMEOUT = 10.0  # seconds for an HTTP API call


class MetanetServer(ChildProcess):
    """``python -m server.cli serve``; ``start`` waits until ``/health`` answers 200.

    - ``env``: extra environment (``METANET_RATE``, ``METANET_MAX_PER_ADDR``...);
    - ``profile``: run under cProfile, stats written to this file when it stops;
    - ``checkout``: run another checkout's server (e.g. ``git archive`` of an older commit), for before/after;
    - ``log_path``: where its output goes (default: beside ``data_dir``, named after the port).
    """

    name = "metanet"

    def __init__(
        self,
        data_dir: Path,
        backbone: str = "memory://",
        port: int | None = None,
        *,
        workers: int = 1,
        env: dict[str, str] | None = None,
        profile: str | None = None,
        checkout: Path = REPO_ROOT,
        log_path: Path | None = None,
    ) -> None:
        port = port or free_port()
        super().__init__(log_path or data_dir.parent / f"metanet-{port}.log", port, cwd=checkout)
        self.data_dir = data_dir
        self.backbone = backbone
        self.workers = workers
        self.extra_env = env or {}
        self.profile = profile
        if profile:
            # uvicorn re-raises SIGINT after shutting down, and only KeyboardInterrupt lets cProfile write its stats.
            self.stop_signal = signal.SIGINT

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        profiler = ["-m", "cProfile", "-o", self.profile] if self.profile else []
        return [
            sys.executable, *profiler, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
            "--data-dir", str(self.data_dir), "--backbone", self.backbone, "--workers", str(self.workers),
        ]  # fmt: skip

    def env(self) -> dict[str, str]:
        checkout = {"PYTHONPATH": str(self.cwd)} if self.cwd != REPO_ROOT else {}
        return {**checkout, **self.extra_env}

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/health", timeout=HEALTH_TIMEOUT) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    def create_board(self, **body: Any) -> dict[str, Any]:
        """``POST /api/boards`` with this JSON body; the server's answer (``board``, ``secret``, URLs...)."""
        req = urllib.request.Request(
            self.url + "/api/boards",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as resp:
            return dict(json.load(resp))

    def create_board_by_form(self, fields: list[tuple[str, str]]) -> tuple[int, str]:
        """``POST /boards`` as the start page's plain form does (no JavaScript): its status and ``Location``."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request("POST", "/boards", body=urllib.parse.urlencode(fields),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            resp = conn.getresponse()
            resp.read()
            return resp.status, resp.headers.get("Location", "")
        finally:
            conn.close()
