"""The scenarios: who connects where, what they send, and what is measured.

==========  ================================================================
plenary     1 board, 1,000 participants, 200 votes/s for 10 s, blind votes off
            (every dot is shown on every screen)
metanets    5 boards × 60 clients (a facilitator and 59 participants each),
            20 commands/s per board: votes, taken-back votes, moves, new notes
idle        10,000 participants on 100 boards, 20 votes/s in all: memory per
            connection
join-storm  500 participants connect and join one board within 5 s:
            connect→welcome time
snapshot    a board with 500 notes and 5,000 dots; 50 phones join one after
            another: welcome size and the server's time to build it
lounge      an event of 12 metanets × 60 clients, the metanets traffic at 20
            commands/s each, 3 Lounge screens: command→Lounge delay, summaries/s,
            the server CPU share of summaries (``bench/lounge.py``)
==========  ================================================================

Each flow returns a :class:`Measured`; ``bench.report`` turns it into metrics.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgpack

from bench.run import Run, spread, token
from bench.targets import Metanet

BROWSER_WINDOW_BITS = 15  # the deflate window a browser's permessage-deflate offer leaves the server
PLENARY_SETTINGS = {"dots_per_person": 50, "max_dots_per_note": 50, "blind_votes": False}


@dataclass(frozen=True)
class Scenario:
    name: str
    clients: int
    boards: int = 1
    duration: float = 10.0
    rate: float = 0.0  # commands per second per board
    mix: tuple[str, ...] = ("vote",)
    notes: int = 0  # notes per board, added by the facilitator before the clients come
    own_notes: bool = False  # each participant writes one note before voting opens
    facilitators: bool = False  # one facilitator client per board among the clients (it adds notes)
    storm: float = 0.0  # join-storm: seconds over which the clients connect
    dots: int = 0  # snapshot: dots placed before the probes join
    authors: int = 0  # snapshot: participants who write the notes and place the dots


SCENARIOS: dict[str, Scenario] = {
    "plenary": Scenario("plenary", clients=1000, rate=200.0, notes=20),
    "metanets": Scenario("metanets", clients=300, boards=5, rate=20.0, own_notes=True, facilitators=True,
                         mix=("vote", "move", "vote", "unvote", "move", "add_note", "vote", "move", "unvote", "move")),
    "idle": Scenario("idle", clients=10000, boards=100, rate=0.2, notes=5),
    "join-storm": Scenario("join-storm", clients=500, storm=5.0),
    "snapshot": Scenario("snapshot", clients=50, notes=500, dots=5000, authors=100),
    "lounge": Scenario("lounge", clients=720, boards=12, rate=20.0, own_notes=True, facilitators=True,
                       mix=("vote", "move", "vote", "unvote", "move", "add_note", "vote", "move", "unvote", "move")),
}


def scenario(name: str, clients: int | None = None, duration: float | None = None, rate: float | None = None,
             boards: int | None = None, notes: int | None = None, dots: int | None = None) -> Scenario:
    """Scenario ``name`` with any of its sizes overridden (a smoke run is the same scenario, tiny)."""
    sc = SCENARIOS[name]
    if notes is not None:
        sc = replace(sc, notes=notes, authors=min(sc.authors, max(1, notes // 5)) if sc.authors else 0)
    if dots is not None:
        sc = replace(sc, dots=dots)
    if clients is not None:
        sc = replace(sc, clients=clients)
    if duration is not None:
        sc = replace(sc, duration=duration, storm=duration if sc.storm else 0.0)
    if rate is not None:
        sc = replace(sc, rate=rate)
    if boards is not None:
        sc = replace(sc, boards=boards)
    return replace(sc, boards=max(1, min(sc.boards, sc.clients)))


@dataclass
class Measured:
    """Raw numbers from one target; ``bench.report`` derives the metrics."""

    clients: int = 0
    connect_failed: int = 0
    connect_reasons: dict[str, int] = field(default_factory=dict)
    welcome_s: list[float] = field(default_factory=list)
    welcome_bytes: list[int] = field(default_factory=list)  # on the wire
    welcome_raw_bytes: list[int] = field(default_factory=list)  # before compression
    hist: Counter[int] = field(default_factory=Counter)  # command→event delay, 0.1 ms buckets
    max_s: float = 0.0
    lost: int = 0
    dups: int = 0
    delivered: int = 0  # timed events delivered (one per client that got it)
    events: int = 0  # every event received in the window
    frames: int = 0
    window_s: float = 0.0
    server_cpu_s: float = 0.0
    server_wall_s: float = 0.0
    server_rss_kb_per_conn: float | None = None
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average before and after
    generator_cpu_s: float = 0.0
    generator_wall_s: float = 0.0
    sent: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    closed: dict[str, int] = field(default_factory=dict)
    behind: int = 0
    check: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    sends: dict[str, dict[int, float]] = field(default_factory=dict)  # board -> seq -> send time of timed commands


def _merge_connect(m: Measured, replies: list[dict[str, Any]]) -> dict[str, int]:
    heads: dict[str, int] = {}
    for r in replies:
        m.clients += r["ok"]
        m.connect_failed += r["failed"]
        for k, v in r["reasons"].items():
            m.connect_reasons[k] = m.connect_reasons.get(k, 0) + v
        m.welcome_s += r["welcome_s"]
        m.welcome_bytes += r["welcome_bytes"]
        m.welcome_raw_bytes += r["welcome_raw_bytes"]
        for b, s in r["heads"].items():
            heads[b] = max(heads.get(b, 0), s)
    return heads


async def _settle(run: Run, heads: dict[str, int], timeout: float) -> int:
    """Wait until every client has seen ``heads``; returns how many never did."""
    replies = await run.gens.all("sync", heads=heads, timeout=timeout)
    return sum(int(r["behind"]) for r in replies) + await run.sync_orchestrator(heads, timeout)


async def _finish(run: Run, m: Measured, t_start: float, cpu0: float, wall0: float, timeout: float) -> None:
    """After the measured window: drain to the server's heads, read the counters, compute lost/dup/delay."""
    finals = await run.heads()
    m.behind = sum(r["behind"] for r in await run.gens.all("drain", finals=finals, timeout=timeout))
    m.behind += await run.sync_orchestrator(finals, 5.0)
    m.server_cpu_s = run.server_cpu() - cpu0
    m.server_wall_s = time.monotonic() - wall0
    counters = await run.gens.all("counters")
    m.frames = sum(c["frames"] for c in counters)
    m.events = sum(c["events"] for c in counters)
    m.generator_cpu_s = sum(c["cpu"] for c in counters)
    m.generator_wall_s = max(c["wall"] for c in counters)
    sends = m.sends = await _sends(run)
    m.extra["timed_events"] = sum(len(seqs) for seqs in sends.values())
    last = 0.0
    timeline: dict[int, Counter[int]] = {}
    for r in await run.gens.all("results", sends=sends, finals=finals, start=t_start):
        m.hist.update({int(k): v for k, v in r["hist"].items()})
        for sec, h in r["timeline"].items():
            timeline.setdefault(int(sec), Counter()).update({int(k): v for k, v in h.items()})
        m.max_s = max(m.max_s, r["max"])
        m.lost += r["lost"]
        m.dups += r["dups"]
        m.delivered += r["delivered"]
        last = max(last, r["last_arrival"])
        for k, v in r["closed"].items():
            m.closed[k] = m.closed.get(k, 0) + v
    for board in run.boards:  # the orchestrator's facilitators are clients too
        fac = board.facilitator
        final = finals.get(board.id, fac.seen)
        m.lost += max(0, final - fac.seen) + sum(1 for x in fac.arrivals[: final - fac.base + 1] if x != x)
        m.dups += fac.dups
    m.window_s = max(last - t_start, 1e-9) if last else m.server_wall_s
    m.extra["timeline"] = [[sec, sum(h.values()), _ms_percentile(h, 0.5), _ms_percentile(h, 0.99)]
                           for sec, h in sorted(timeline.items())]
    if run.check:
        results = await run.gens.all("check") + [await run.check_orchestrator()]
        m.check = {
            "checked": sum(r["checked"] for r in results),
            "mismatches": sum(r["mismatches"] for r in results),
            "diffs": [d for r in results for d in r["diffs"]][:5],
        }


def _ms_percentile(hist: Counter[int], q: float) -> int:
    """A percentile of a histogram of whole milliseconds."""
    rank, seen = q * sum(hist.values()), 0
    for ms in sorted(hist):
        seen += hist[ms]
        if seen >= rank:
            return ms
    return max(hist)


async def _sends(run: Run) -> dict[str, dict[int, float]]:
    """Every timed command's (board, seq) → send time, from every generator."""
    sends: dict[str, dict[int, float]] = {}
    for r in await run.gens.all("sends"):
        for board, seq, at in r["timed"]:
            sends.setdefault(board, {})[seq] = at
        run.extra_errors.update(r["errors"])
    return sends


# -- flows ---------------------------------------------------------------------------


async def traffic(run: Run, sc: Scenario, opened: bool = False) -> Measured:
    """plenary, metanets, idle: connect everyone, then commands at a fixed rate for ``duration``.

    ``opened``: the boards are already open (``run.boards``: the lounge scenario's event).
    """
    m = Measured()
    settings = dict(PLENARY_SETTINGS)
    for _ in range(0 if opened else sc.boards):
        await run.open_board(settings, notes=sc.notes, to_vote=not sc.own_notes)
    base_rss = run.server_rss_kb()
    specs: list[dict[str, Any]] = []
    for i in range(sc.clients):
        board = run.boards[i % sc.boards]
        facilitator = sc.facilitators and i < sc.boards
        specs.append({"board": board.id, "token": token(), "role": "facilitator" if facilitator else "participant",
                      "secret": board.secret if facilitator else None, "join": None if facilitator else i,
                      "own_note": sc.own_notes and not facilitator})
    per_gen = spread(specs, len(run.gens))
    if run.check:
        for part in per_gen:
            for spec in part:
                if spec["role"] == "participant":
                    spec["view"] = True
                    break
    connect_timeout = 60.0 + sc.clients / 50
    heads = _merge_connect(m, await run.gens.each(
        "connect", [{"target": run.spec, "specs": part, "concurrency": 100} for part in per_gen], connect_timeout + 30))
    if sc.own_notes:
        for board in run.boards:
            heads[board.id] = max(heads.get(board.id, 0), await run.to_vote(board))
    heads = {b: max(s, heads.get(b, 0)) for b, s in (await run.heads()).items()}
    m.behind = await _settle(run, heads, connect_timeout)
    m.server_rss_kb_per_conn = (run.server_rss_kb() - base_rss) / max(1, m.clients)
    m.extra["connect"] = "ok" if not m.connect_failed else f"{m.connect_failed} failed"

    await run.gens.all("mark")
    cpu0, wall0 = run.server_cpu(), time.monotonic()
    t_start = time.monotonic() + 0.3
    # A server that cannot keep up (the naive peer) works through its backlog after the traffic
    # stops; it gets this long to answer every command and deliver every event.
    backlog = 60.0 + 6 * sc.duration
    plans = []
    for part in per_gen:
        plan = {}
        for board in run.boards:
            mine = sum(1 for s in part if s["board"] == board.id and s["role"] == "participant")
            total = sum(1 for s in specs if s["board"] == board.id and s["role"] == "participant")
            if mine:
                plan[board.id] = {"rate": sc.rate * mine / total, "mix": list(sc.mix), "notes": board.notes}
        plans.append({"start_at": t_start, "duration": sc.duration, "boards": plan, "ack_timeout": backlog})
    replies = await run.gens.each("traffic", plans, sc.duration + backlog + 30)
    m.sent = sum(r["sent"] for r in replies)
    m.extra["unacked"] = sum(r["unacked"] for r in replies)
    await _finish(run, m, t_start, cpu0, wall0, backlog)
    return m


async def join_storm(run: Run, sc: Scenario) -> Measured:
    """Everyone connects and joins one board within ``storm`` seconds; connect→welcome is the latency."""
    m = Measured()
    await run.open_board()
    board = run.boards[0]
    base_rss = run.server_rss_kb()
    specs = [{"board": board.id, "token": token(), "role": "participant", "join": i, "timed": True,
              "delay": i * sc.storm / sc.clients} for i in range(sc.clients)]
    await run.gens.all("mark")
    cpu0, wall0 = run.server_cpu(), time.monotonic()
    t_start = time.monotonic() + 0.5
    _merge_connect(m, await run.gens.each(
        "connect", [{"target": run.spec, "specs": part, "start_at": t_start, "concurrency": len(part) or 1,
                     "timeout": 30.0} for part in spread(specs, len(run.gens))], sc.storm + 90))
    await _finish(run, m, t_start, cpu0, wall0, 60.0)
    m.server_rss_kb_per_conn = (run.server_rss_kb() - base_rss) / max(1, m.clients)
    m.extra["latency"] = "connect→welcome"
    return m


async def snapshot(run: Run, sc: Scenario) -> Measured:
    """A big board (notes, dots), then phones join one at a time: welcome size and build time."""
    m = Measured()
    board = await run.open_board(PLENARY_SETTINGS)
    authors = [await run.connect_extra(board) for _ in range(max(1, sc.authors))]
    await asyncio.gather(*(a.ok("join", group=a.groups[i % len(a.groups)]) for i, a in enumerate(authors)))

    async def write(i: int, a: Any) -> None:
        for k in range(sc.notes * (i + 1) // len(authors) - sc.notes * i // len(authors)):
            a.my_notes.append((await a.ok("add_note", text=f"{IDEA_TEXT[(i + k) % len(IDEA_TEXT)]} ({i}.{k})"))["note"])

    await asyncio.gather(*(write(i, a) for i, a in enumerate(authors)))
    await run.to_vote(board)
    notes = [n for a in authors for n in a.my_notes]

    async def vote(i: int, a: Any) -> None:
        for k in range(sc.dots * (i + 1) // len(authors) - sc.dots * i // len(authors)):
            await a.ok("vote", note=notes[(i * 7 + k) % len(notes)])

    await asyncio.gather(*(vote(i, a) for i, a in enumerate(authors)))
    for a in authors:
        a.abort()
    await asyncio.sleep(0.5)  # presence settles

    specs = [{"board": board.id, "token": token(), "role": "participant"} for _ in range(sc.clients)]
    await run.gens.call(0, "mark")
    cpu0, wall0 = run.server_cpu(), time.monotonic()
    _merge_connect(m, [await run.gens.call(0, "connect", target=run.spec, specs=specs, concurrency=1)])
    m.server_cpu_s = run.server_cpu() - cpu0
    m.server_wall_s = time.monotonic() - wall0
    counters = await run.gens.call(0, "counters")
    m.frames, m.events, m.generator_cpu_s, m.generator_wall_s = (
        counters["frames"], counters["events"], counters["cpu"], counters["wall"])
    m.window_s = m.server_wall_s
    for role in ("facilitator", "projector", "participant"):
        probe = await run.connect_extra(board, role, secret=board.secret if role == "facilitator" else None,
                                        keep_welcome=True)
        m.extra[f"{role}_welcome_bytes"] = probe.welcome_size
        m.extra[f"{role}_welcome_raw_bytes"] = probe.welcome_raw_size
        if role == "participant" and probe.welcome_msg:
            m.extra["welcome_parts"] = welcome_parts(probe.welcome_msg)
        probe.abort()
    m.extra["notes"] = len(notes)
    m.extra["dots"] = sc.dots
    m.extra["latency"] = "connect→welcome, one at a time"
    m.extra["server_ms_per_welcome"] = 1000 * m.server_cpu_s / max(1, m.clients)
    if isinstance(run.target, Metanet) and run.target.backbone.startswith("memory"):
        m.extra["welcome_build_ms"] = await asyncio.get_running_loop().run_in_executor(
            None, welcome_build_ms_apart, run.target.data_dir, board.id)
    return m


def welcome_parts(welcome: dict[str, Any]) -> dict[str, int]:
    """Encoded bytes of the welcome's biggest parts: where its size goes."""
    snap = welcome.get("snapshot") or {}
    parts = {key: len(msgpack.packb(snap.get(key), use_bin_type=True)) for key in ("notes", "tallies", "history")}
    notes = snap.get("notes") or []
    if notes:
        keys = sum(len(msgpack.packb(k)) for k in notes[0])
        parts["note_keys_per_note"] = keys
        parts["note_text_per_note"] = sum(len(n.get("text") or "") for n in notes) // len(notes)
    parts["everything_else"] = len(msgpack.packb(welcome, use_bin_type=True)) - parts["notes"] - parts["tallies"]
    return parts


def welcome_build_ms_apart(data_dir: Any, board_id: str) -> float | None:
    """:func:`welcome_build_ms` in a fresh interpreter: not slowed by this process's garbage collector."""
    code = "import sys; from pathlib import Path; from bench.scenarios import welcome_build_ms; " \
           "print(welcome_build_ms(Path(sys.argv[1]), sys.argv[2]))"
    out = subprocess.run([sys.executable, "-c", code, str(data_dir), board_id], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).resolve().parent.parent)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def welcome_build_ms(data_dir: Any, board_id: str, repeat: int = 50) -> float | None:
    """Median time to build, encode and frame (compressed) a participant's welcome, with the server's own code.

    The board is replayed from the embedded backbone's SQLite file (read-only,
    beside the running server); the welcome is a snapshot, as for a new phone.
    """
    from collections import deque

    from server.domain.board import replay
    from server.domain.state import Actor
    from server.engine.welcome import welcome
    from server.protocol.codec import pack, unpack_trusted
    from server.transport.uvicorn_ws import frame_for

    path = data_dir / "metanet.sqlite3"
    if not path.exists():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT seq, data FROM events WHERE board = ? ORDER BY seq", (board_id,)).fetchall()
    finally:
        db.close()
    state = replay(board_id, [(seq, unpack_trusted(data)) for seq, data in rows])
    actor = Actor("bench-probe", "participant")
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        message = welcome(state, deque(), actor, None, {}, time.time())
        frame_for(pack(message), BROWSER_WINDOW_BITS)
        times.append(time.perf_counter() - t)
    times.sort()
    return 1000 * times[len(times) // 2]


IDEA_TEXT = (
    "Pool early-warning data across agencies",
    "Fund local partners directly, not through three layers",
    "A public registry of pledges and what was delivered",
    "Bring youth delegates into the drafting group",
    "Agree one set of outcome indicators for the region",
    "Open procurement for adaptation projects",
    "Translate the roadmap into the five working languages",
    "Publish the evidence base before the negotiation starts",
)

async def lounge(run: Run, sc: Scenario) -> Measured:
    """An event of ``sc.boards`` metanets with Lounge screens on, the metanets traffic on every metanet."""
    from bench import lounge as event

    assert isinstance(run.target, Metanet), "the lounge scenario runs on Metanet only"
    made = await event.open_event(run, sc.boards, dict(PLENARY_SETTINGS), sc.notes)
    screens = [event.LoungeScreen(run.target.url, made["code"]) for _ in range(event.LOUNGES)]
    loop = asyncio.get_running_loop()
    try:
        for screen in screens:
            await screen.start()
        workers = run.target.workers
        before = await loop.run_in_executor(None, event.summary_cpu_s, run.target, workers)
        cpu0, wall0, count0 = run.server_cpu(), time.monotonic(), screens[0].summaries
        m = await traffic(run, sc, opened=True)
        await asyncio.sleep(1.0)  # the last summaries (at most 0.5 s behind their change)
        after = await loop.run_in_executor(None, event.summary_cpu_s, run.target, workers)
        cpu, wall = run.server_cpu() - cpu0, time.monotonic() - wall0
        m.extra.update(event.lounge_metrics(screens, m.sends, wall, after - before, cpu))
        m.extra["summaries_per_s"] = round((screens[0].summaries - count0) / wall, 2)
        m.extra["latency"] = "command→event at every client; lounge_* is command→Lounge summary"
        m.lost += m.extra["lounge_missing"]
        return m
    finally:
        for screen in screens:
            await screen.close()


FLOWS = {"plenary": traffic, "metanets": traffic, "idle": traffic, "join-storm": join_storm, "snapshot": snapshot,
         "lounge": lounge}
