"""``python -m bench lounge``: an event of 12 metanets × 60 phones, each metanet at 20 commands/s, Lounge screens on.

The metanets are created as one event (``POST /api/events``) and run the
``metanets`` traffic (votes, taken-back votes, moves, new notes). ``LOUNGES``
Lounge screens follow the event socket from the orchestrator. Measured:

- **Lounge update delay**: for every timed command, from its send to the first
  ``summary`` of its metanet at a Lounge that covers it (``summary.seq`` ≥ the
  command's sequence number), at every Lounge screen; p50/p99 (target p99 ≤ 1 s,
  with summaries at most twice a second per metanet);
- **summary messages per second** at one Lounge;
- **summary CPU share**: the server's CPU time spent on summaries (building and
  encoding them on the boards' side, decoding and sending them on the event
  side: ``/health``'s ``summaries.cpu_s``) over the server's whole CPU time, over
  the same span (target ≤ 5 %);
- ``lost``: timed commands whose change never reached a Lounge, plus the
  harness's own lost/duplicated events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.request
from typing import Any

import msgpack
import websockets

from bench.client import make_client
from bench.run import Board, Run, token
from bench.targets import Metanet

LOUNGES = 3
TARGET_P99_MS = 1000.0
TARGET_CPU_SHARE = 0.05


class LoungeScreen:
    """One Lounge socket: every summary's arrival (monotonic time), metanet and sequence number."""

    def __init__(self, url: str, code: str) -> None:
        self.url = f"{url.replace('http', 'ws', 1)}/e/{code}/ws"
        self.arrivals: dict[str, list[tuple[float, int]]] = {}
        self.summaries = 0
        self.ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._ws: Any = None

    async def start(self) -> None:
        self._ws = await websockets.connect(self.url, max_size=None)
        await self._ws.send(msgpack.packb({"t": "hello", "role": "lounge"}))
        self._task = asyncio.create_task(self._read())
        await asyncio.wait_for(self.ready.wait(), 30)

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for frame in self._ws:
                at = time.monotonic()
                unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
                unpacker.feed(frame)
                for msg in unpacker:
                    if msg["t"] == "welcome":
                        self.ready.set()
                    elif msg["t"] == "summary":
                        self.summaries += 1
                        s = msg["summary"]
                        self.arrivals.setdefault(s["board"], []).append((at, s["seq"]))

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task


def delays(screen: LoungeScreen, sends: dict[str, dict[int, float]]) -> tuple[list[float], int]:
    """Each timed command's send → the first summary covering it at ``screen``; and how many never got one."""
    out: list[float] = []
    missing = 0
    for board, timed in sends.items():
        arrivals = screen.arrivals.get(board, [])
        i = 0
        for seq, sent in sorted(timed.items()):
            while i < len(arrivals) and (arrivals[i][1] < seq or arrivals[i][0] < sent):
                i += 1
            if i == len(arrivals):
                missing += 1
            else:
                out.append(arrivals[i][0] - sent)
    return out, missing


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary_cpu_s(target: Metanet, workers: int) -> float:
    """The CPU seconds every server process has spent on summaries (``/health``: each worker's own count).

    With several workers each request reaches one of them: ask until every one has answered.
    """
    seen: dict[int, float] = {}
    for _ in range(200):
        with urllib.request.urlopen(target.url + "/health", timeout=10) as resp:
            cost = json.load(resp)["summaries"]
        seen[int(cost["pid"])] = float(cost["cpu_s"])
        if len(seen) >= workers:
            break
    return sum(seen.values())


def create_event(target: Metanet, metanets: int) -> dict[str, Any]:
    body = {"title": "Bench event", "metanets": [{"title": f"Metanet {i + 1}", "template": "note-and-vote"}
                                                 for i in range(metanets)]}
    req = urllib.request.Request(target.url + "/api/events", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        made: dict[str, Any] = json.load(resp)
    return made


async def open_event(run: Run, metanets: int, settings: dict[str, Any], notes: int) -> dict[str, Any]:
    """The event, each metanet's facilitator connected in the orchestrator (as ``Run.open_board`` does)."""
    assert isinstance(run.target, Metanet), "the lounge scenario runs on Metanet only"
    made = await asyncio.get_running_loop().run_in_executor(None, create_event, run.target, metanets)
    for m in made["metanets"]:
        secret = m["facilitator_url"].split("#", 1)[1]
        fac = make_client(run.spec, m["board"], "facilitator", token(), secret=secret, track_view=run.check)
        await fac.start()
        board = Board(m["board"], secret, fac)
        run.boards.append(board)
        await fac.ok("update_settings", settings=settings)
        for i in range(notes):
            board.notes.append((await fac.ok("add_note", text=f"Idea {i + 1}"))["note"])
    return made


def lounge_metrics(screens: list[LoungeScreen], sends: dict[str, dict[int, float]], window_s: float,
                   summary_cpu_s: float, server_cpu_s: float) -> dict[str, Any]:
    all_delays: list[float] = []
    missing = 0
    for screen in screens:
        got, lost = delays(screen, sends)
        all_delays += got
        missing += lost
    p50, p99 = percentile(all_delays, 0.5), percentile(all_delays, 0.99)
    share = summary_cpu_s / server_cpu_s if server_cpu_s > 0 else None
    return {
        "lounges": len(screens),
        "lounge_p50_ms": round(1000 * p50, 1) if p50 is not None else None,
        "lounge_p99_ms": round(1000 * p99, 1) if p99 is not None else None,
        "lounge_max_ms": round(1000 * max(all_delays), 1) if all_delays else None,
        "lounge_updates_timed": len(all_delays),
        "lounge_missing": missing,
        "summaries_per_s": round(screens[0].summaries / window_s, 2) if screens and window_s > 0 else None,
        "summary_cpu_s": round(summary_cpu_s, 4),
        "server_cpu_s_all": round(server_cpu_s, 3),
        "summary_cpu_share": round(share, 5) if share is not None else None,
    }
