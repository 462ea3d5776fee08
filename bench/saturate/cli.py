"""``python -m bench saturate``: raise the plenary's vote rate on each system until it breaks.

    python -m bench saturate [--systems metanet,socketio-node,socketio-py,broadcaster,limit]
                             [--workers 1|2] [--json] [--plot FILE.png]

The plenary board (1,000 phones, 20 notes, 50 dots each); offered votes/s
10, 25, 50, 100, 150, 200, 300, 400, 600, 800 ... for each system in turn, in the same run, with the
same generator. A system's ``max_votes_per_s`` is the highest rate it held:
p99 (vote sent → its event at a sample phone) at most 50 ms, nothing lost,
duplicated, refused or unacked, and no generator process above 0.8 of a core.
A rate that fails on p99 alone is run once more and counts by its second try.
The table goes to stdout; with ``--json`` the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generator import raise_fd_limit
from bench.saturate.run import GENERATOR_BOUND, saturate
from bench.saturate.systems import SYSTEMS, plan
from testkit.redis_server import RedisServer

RATES = "10,25,50,100,150,200,300,400,600,800,1200,1600"  # 50, 100, 200, 400 ... with midpoints, and below
RATIOS = {"vs_socketio_node": "socketio-node", "vs_socketio_py": "socketio-py", "vs_broadcaster": "broadcaster"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench saturate", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, any of {', '.join(SYSTEMS)}")
    p.add_argument("--workers", type=int, choices=(1, 2), default=1,
                   help="processes per system; 2 puts every system but limit on Redis")
    p.add_argument("--rates", default=RATES, help=f"offered votes/s, in order (default {RATES})")
    p.add_argument("--duration", type=float, default=5.0, help="seconds of votes per rate (default 5)")
    p.add_argument("--clients", type=int, default=1000, help="phones on the board (default 1000)")
    p.add_argument("--generators", type=int, default=2, help="load-generator processes (default 2)")
    p.add_argument("--sample", type=int, default=10, help="every Nth phone decodes and times every event (default 10)")
    p.add_argument("--p99-ms", type=float, default=50.0, help="the p99 a rate must hold (default 50)")
    p.add_argument("--once", action="store_true", help="do not run a rate again when it failed on p99 alone")
    p.add_argument("--no-deflate", action="store_true", help="phones do not offer permessage-deflate")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--plot", metavar="FILE.png", type=Path, help="draw p99 against offered rate (matplotlib)")
    return p


def log(msg: str) -> None:
    print(f"[saturate {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def ratios(systems: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Metanet's maximum over each peer's, and its CPU per event over Node Socket.IO's."""
    ours = systems.get("metanet")
    out: dict[str, Any] = {}
    if ours is None:
        return out
    for key, name in RATIOS.items():
        theirs = systems.get(name)
        if theirs is not None:
            out[key] = round(ours["max_votes_per_s"] / theirs["max_votes_per_s"], 2) if theirs["max_votes_per_s"] else None
    node = systems.get("socketio-node")
    if node and node["cpu_us_per_event"] and ours["cpu_us_per_event"]:
        out["cpu_per_event_vs_socketio_node"] = round(ours["cpu_us_per_event"] / node["cpu_us_per_event"], 2)
    return out


def targets(r: dict[str, Any]) -> dict[str, bool | None]:
    """Issue #16's targets, where this run measured what they compare (None: a side held no rate)."""
    def at_least(key: str, bound: float) -> bool | None:
        return None if r.get(key) is None else bool(r[key] >= bound)

    cpu = r.get("cpu_per_event_vs_socketio_node")
    return {"vs_socketio_py >= 3": at_least("vs_socketio_py", 3), "vs_broadcaster >= 3": at_least("vs_broadcaster", 3),
            "vs_socketio_node >= 1": at_least("vs_socketio_node", 1),
            "cpu per event <= socketio-node's": None if cpu is None else bool(cpu <= 1)}


def table(result: dict[str, Any]) -> str:
    lines = [f"saturation: plenary, {result['clients']} phones, {result['workers']} process(es), "
             f"p99 bound {result['p99_bound_ms']} ms, load {result['load']}"]
    lines.append(f"{'system':<14} {'max votes/s':>11} {'events/s':>9} {'µs/event':>8}  stopped by; curve rate:p50/p99 ms")
    for name, s in result["systems"].items():
        curve = " ".join(f"{pt['rate']:g}:{pt['p50_ms']}/{pt['p99_ms']}{'G' if pt['generator_bound'] else ''}"
                         f"{'' if pt['held'] else '✗'}" for pt in s["curve"])
        lines.append(f"{name:<14} {s['max_votes_per_s']:>11g} {s['events_per_s_at_max']:>9} "
                     f"{s['cpu_us_per_event'] if s['cpu_us_per_event'] is not None else '-':>8}  {s['stopped_by']}; {curve}")
    if result["ratios"]:
        lines.append("metanet " + ", ".join(f"{k} {v}" for k, v in result["ratios"].items()))
        lines.append("targets " + ", ".join(f"{k}: {'-' if v is None else 'yes' if v else 'NO'}"
                                            for k, v in result["targets"].items()))
    lines.append(f"(G: a generator process above {GENERATOR_BOUND} of a core -- does not count; ✗: not held)")
    return "\n".join(lines)


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    for name, s in result["systems"].items():
        pts = [pt for pt in s["curve"] if pt["p99_ms"] == pt["p99_ms"]]
        line, = ax.plot([pt["rate"] for pt in pts], [pt["p99_ms"] for pt in pts], marker="o", label=name)
        bound = [pt for pt in pts if pt["generator_bound"]]
        if bound:
            ax.plot([pt["rate"] for pt in bound], [pt["p99_ms"] for pt in bound], marker="o", linestyle="none",
                    markerfacecolor="white", color=line.get_color())
    ax.axhline(result["p99_bound_ms"], color="grey", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    rates = sorted({pt["rate"] for s in result["systems"].values() for pt in s["curve"]})
    ax.set_xticks(rates, [f"{r:g}" for r in rates])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.set_xlabel("offered votes/s (1,000 phones; each vote goes to all of them)")
    ax.set_ylabel("p99 vote → event at a phone (ms)")
    ax.set_title(f"Plenary saturation, {result['workers']} process(es) per system"
                 f"{' on Redis' if result['workers'] > 1 else ''}; dashed: the {result['p99_bound_ms']:g} ms bound; "
                 f"hollow: generator-bound (does not count)", fontsize=9)
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


async def run_all(args: argparse.Namespace, names: list[str], rates: list[float]) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="metanet-saturate-"))
    plans = [plan(n, args.workers) for n in names]
    redis: RedisServer | None = None
    load0 = os.getloadavg()
    try:
        if any(p.uses_redis for p in plans):
            redis = RedisServer(workdir / "redis", durable=False)
            await asyncio.get_running_loop().run_in_executor(None, redis.start)
        systems = {}
        for p in plans:
            log(f"{p.name}: {p.workers} process(es){' on Redis' if p.uses_redis else ''}")
            systems[p.name] = await saturate(p, workdir, redis, rates, args.duration, log, clients=args.clients,
                                             generators=args.generators, sample=args.sample,
                                             deflate=not args.no_deflate, p99_bound_ms=args.p99_ms,
                                             retry_slow=not args.once)
        return {"scenario": "plenary-saturation", "clients": args.clients, "workers": args.workers,
                "duration_s": args.duration, "p99_bound_ms": args.p99_ms, "deflate": not args.no_deflate,
                "generators": args.generators, "sample_every": args.sample,
                "load": [round(x, 2) for x in load0] + [round(os.getloadavg()[0], 2)],
                "systems": systems, "ratios": (r := ratios(systems)), "targets": targets(r)}
    finally:
        if redis is not None:
            redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    names = [n for n in args.systems.split(",") if n]
    try:
        for n in names:
            plan(n, args.workers)
        rates = [float(r) for r in args.rates.split(",") if r]
    except ValueError as exc:
        print(f"bench saturate: {exc}", file=sys.stderr)
        return 2
    raise_fd_limit()
    try:
        import uvloop

        result = uvloop.run(run_all(args, names, rates))
    except ImportError:  # pragma: no cover
        result = asyncio.run(run_all(args, names, rates))
    print(table(result), flush=True)
    if args.plot:
        plot(result, args.plot)
        log(f"plot written to {args.plot}")
    if args.json:
        flat = {**result, **result["ratios"]}
        print(json.dumps(flat, separators=(",", ":")), flush=True)
    return 0
