"""From raw measurements to metrics, the comparison with the peers, the table and the JSON line."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from bench.generator import LATENCY_BUCKET
from bench.scenarios import Measured, Scenario


def _hist_percentile(hist: Counter[int], q: float) -> float | None:
    total = sum(hist.values())
    if not total:
        return None
    rank = math.ceil(q * total)
    seen = 0
    for bucket in sorted(hist):
        seen += hist[bucket]
        if seen >= rank:
            return (bucket + 0.5) * LATENCY_BUCKET * 1000
    return None


def _list_percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _r(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def metrics(sc: Scenario, target: str, m: Measured) -> dict[str, Any]:
    by_welcome = sc.name in ("join-storm", "snapshot")
    if by_welcome:
        pct = {q: _list_percentile(m.welcome_s, q) for q in (0.5, 0.95, 0.99)}
        worst = 1000 * max(m.welcome_s) if m.welcome_s else None
    else:
        pct = {q: _hist_percentile(m.hist, q) for q in (0.5, 0.95, 0.99)}
        worst = 1000 * m.max_s if m.hist else None
    window = m.window_s or 1e-9
    out: dict[str, Any] = {
        "scenario": sc.name,
        "target": target,
        "clients": m.clients,
        "latency": m.extra.get("latency", "command→event at every client"),
        "p50_ms": _r(pct[0.5]),
        "p95_ms": _r(pct[0.95]),
        "p99_ms": _r(pct[0.99]),
        "max_ms": _r(worst),
        "lost": m.lost,
        "duplicated": m.dups,
        "delivered_events_per_s": round(m.events / window),
        "frames_per_s": round(m.frames / window),
        "events_per_frame": _r(m.events / m.frames) if m.frames else None,
        "server_cpu_s": _r(m.server_cpu_s, 3),
        "server_cpu_cores": _r(m.server_cpu_s / m.server_wall_s) if m.server_wall_s else None,
        "server_cpu_us_per_frame": _r(1e6 * m.server_cpu_s / m.frames) if m.frames else None,
        "server_rss_kb_per_conn": _r(m.server_rss_kb_per_conn, 1),
        "generator_cpu": _r(m.generator_cpu_s / m.generator_wall_s) if m.generator_wall_s else None,
        "window_s": _r(m.window_s, 3),
        "commands_sent": m.sent,
        "events_timed": m.extra.get("timed_events", 0),
        "refused": m.errors,
        "closed_by_server": m.closed,
        "behind": m.behind,
        "connect_failed": m.connect_failed,
        "load_avg": [round(x, 2) for x in m.load],
    }
    if m.connect_reasons:
        out["connect_errors"] = m.connect_reasons
    if by_welcome and m.hist:
        out["event_p50_ms"] = _r(_hist_percentile(m.hist, 0.5))
        out["event_p99_ms"] = _r(_hist_percentile(m.hist, 0.99))
    if m.welcome_bytes:
        out["welcome_bytes"] = max(m.welcome_bytes)
        out["welcome_raw_bytes"] = max(m.welcome_raw_bytes)
    if m.check:
        out["state_checked"] = m.check["checked"]
        out["state_mismatches"] = m.check["mismatches"]
        if m.check["diffs"]:
            out["state_diffs"] = m.check["diffs"]
    if m.extra.get("timeline"):
        out["timeline"] = m.extra["timeline"]  # [second, events, p50 ms, p99 ms] by second of sending
    for key in ("welcome_build_ms", "server_ms_per_welcome", "facilitator_welcome_bytes",
                "projector_welcome_bytes", "participant_welcome_bytes", "facilitator_welcome_raw_bytes",
                "projector_welcome_raw_bytes", "participant_welcome_raw_bytes", "welcome_parts", "notes", "dots",
                "unacked", "lounges", "lounge_p50_ms", "lounge_p99_ms", "lounge_max_ms", "lounge_updates_timed",
                "lounge_missing", "summaries_per_s", "summary_cpu_s", "server_cpu_s_all", "summary_cpu_share"):
        if key in m.extra and m.extra[key] is not None:
            value = m.extra[key]
            out[key] = _r(value, 4 if key == "summary_cpu_share" else 3) if isinstance(value, float) else value
    return out


def _ratio(a: Any, b: Any) -> float | None:
    return round(a / b, 2) if a and b else None


def combine(ours: dict[str, Any], peers: dict[str, dict[str, Any]], backbone: str, workers: int,
            deflate: bool = True) -> dict[str, Any]:
    """Metanet's metrics with the peers' as ratios, and each target of the issue checked."""
    out = {**ours, "backbone": backbone, "workers": workers, "clients_offer_deflate": deflate}
    naive, limit = peers.get("naive"), peers.get("limit")
    if naive:
        out["naive_delivered_events_per_s"] = naive["delivered_events_per_s"]
        out["naive_cpu_us_per_frame"] = naive["server_cpu_us_per_frame"]
        out["vs_naive"] = _ratio(ours["delivered_events_per_s"], naive["delivered_events_per_s"])
    if limit:
        out["limit_delivered_events_per_s"] = limit["delivered_events_per_s"]
        out["limit_cpu_us_per_frame"] = limit["server_cpu_us_per_frame"]
        out["vs_limit"] = _ratio(ours["delivered_events_per_s"], limit["delivered_events_per_s"])
        out["frame_cost_ratio"] = _ratio(ours["server_cpu_us_per_frame"], limit["server_cpu_us_per_frame"])
    memory = peers.get("memory")
    if memory and ours["p99_ms"] is not None and memory["p99_ms"] is not None:
        out["memory_p50_ms"] = memory["p50_ms"]
        out["memory_p99_ms"] = memory["p99_ms"]
        out["p99_over_memory_ms"] = round(ours["p99_ms"] - memory["p99_ms"], 2)
    if peers:
        out["peers"] = peers
    out["targets"] = targets(out)
    return out


def targets(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The issue's targets for this scenario: value, limit, met."""
    checks: list[tuple[str, Any, float, str]] = []
    name = r["scenario"]
    if name == "plenary":
        checks += [("p50_ms", r["p50_ms"], 20, "<="), ("p99_ms", r["p99_ms"], 50, "<="),
                   ("vs_naive", r.get("vs_naive"), 5, ">="), ("vs_limit", r.get("vs_limit"), 1, ">="),
                   ("frame_cost_ratio", r.get("frame_cost_ratio"), 1.25, "<=")]
        if r.get("backbone") == "redis" and r.get("workers", 1) > 1:
            checks.append(("p99_over_memory_ms", r.get("p99_over_memory_ms"), 15, "<="))
    elif name == "idle":
        checks.append(("server_rss_kb_per_conn", r["server_rss_kb_per_conn"], 30, "<="))
    elif name == "join-storm":
        checks.append(("p99_ms", r["p99_ms"], 500, "<="))
    elif name == "lounge":
        checks.append(("lounge_p99_ms", r.get("lounge_p99_ms"), 1000, "<="))
        checks.append(("summary_cpu_share", r.get("summary_cpu_share"), 0.05, "<="))
    elif name == "snapshot":
        checks.append(("welcome_kb", round(r.get("welcome_bytes", 0) / 1024, 1), 60, "<="))
        checks.append(("welcome_build_ms", r.get("welcome_build_ms"), 10, "<="))
    if r.get("backbone") == "cluster":  # the load divided across shards (bench/shards.py)
        checks.append(("max_shard_share", r.get("max_shard_share"), 0.5, "<="))
    checks += [("lost", r["lost"], 0, "<="), ("duplicated", r["duplicated"], 0, "<=")]
    out = {}
    for key, value, limit, op in checks:
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out[key] = {"value": value, "target": f"{op} {limit}", "met": met}
    return out


ROWS = (
    ("clients", "clients"),
    ("p50_ms", "p50 ms"),
    ("p95_ms", "p95 ms"),
    ("p99_ms", "p99 ms"),
    ("max_ms", "max ms"),
    ("lost", "lost"),
    ("duplicated", "duplicated"),
    ("delivered_events_per_s", "delivered events/s"),
    ("frames_per_s", "frames/s"),
    ("events_per_frame", "events per frame"),
    ("server_cpu_cores", "server CPU (cores)"),
    ("server_cpu_us_per_frame", "server CPU µs/frame"),
    ("server_rss_kb_per_conn", "server RSS KB/conn"),
    ("generator_cpu", "generator CPU (cores)"),
    ("window_s", "window s"),
    ("load_avg", "machine load (1 min)"),
    ("commands_sent", "commands sent"),
    ("event_p99_ms", "event p99 ms"),
    ("welcome_bytes", "welcome bytes (wire)"),
    ("welcome_raw_bytes", "welcome bytes (raw)"),
    ("welcome_build_ms", "welcome build ms"),
    ("server_ms_per_welcome", "server CPU ms/welcome"),
    ("state_mismatches", "state mismatches"),
    ("lounge_p50_ms", "Lounge update p50 ms"),
    ("lounge_p99_ms", "Lounge update p99 ms"),
    ("lounge_max_ms", "Lounge update max ms"),
    ("summaries_per_s", "summaries/s (1 Lounge)"),
    ("summary_cpu_share", "summary CPU share"),
)


def table(result: dict[str, Any]) -> str:
    columns = {"metanet": result, **result.get("peers", {})}
    lines = [f"scenario {result['scenario']}  (backbone {result['backbone']}, workers {result['workers']}; "
             f"latency = {result['latency']})"]
    head = f"{'':24}" + "".join(f"{name:>14}" for name in columns)
    lines += [head, "-" * len(head)]
    for key, label in ROWS:
        if all(col.get(key) is None for col in columns.values()):
            continue
        cells = "".join(f"{_fmt(col.get(key)):>14}" for col in columns.values())
        lines.append(f"{label:24}{cells}")
    for key in ("vs_naive", "vs_limit", "frame_cost_ratio", "p99_over_memory_ms"):
        if result.get(key) is not None:
            lines.append(f"{key:24}{result[key]:>14}")
    for name, col in columns.items():
        notes = []
        if col.get("refused"):
            notes.append(f"refused {col['refused']}")
        if col.get("closed_by_server"):
            notes.append(f"closed by server {col['closed_by_server']}")
        if col.get("connect_failed"):
            notes.append(f"connect failed {col['connect_failed']} {col.get('connect_errors')}")
        if col.get("behind"):
            notes.append(f"{col['behind']} clients never caught up")
        if col.get("state_diffs"):
            notes.append(f"state differs in {col['state_diffs']}")
        if notes:
            lines.append(f"  {name}: " + "; ".join(notes))
    if result.get("timeline"):
        lines.append("metanet p50/p99 ms by second: " + "  ".join(
            f"{sec}:{p50}/{p99}" for sec, _, p50, p99 in result["timeline"]))
    lines.append("targets:")
    for key, t in result["targets"].items():
        mark = "met" if t["met"] else ("n/a" if t["met"] is None else "NOT MET")
        lines.append(f"  {key:22} {_fmt(t['value']):>12}  {t['target']:>8}  {mark}")
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, list):
        return "→".join(_fmt(x) for x in v)
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def json_line(result: dict[str, Any]) -> str:
    return json.dumps(result, separators=(",", ":"), ensure_ascii=False)
