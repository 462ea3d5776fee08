"""``python -m bench chaos``: real processes, real faults, and proof that no acknowledged command was lost.

Starts a ``redis-server`` (append-only file on) and two ``metanet serve``
processes on it, then a population of clients doing mixed work on one board
(participants join, add, edit, move, recolour and delete notes, vote and take
dots back; the facilitator moves through the agenda and plays with the timer)
while faults are injected:

- ``kill_server``: ``kill -9`` one Metanet process, start it again a moment later;
- ``restart_redis``: ``kill -9`` redis-server, start it again on its append-only file;
- ``kill_pubsub``: ``CLIENT KILL TYPE pubsub`` (every process's subscriber connection);
- ``kill_master`` (``--backbone cluster``, instead of ``restart_redis``): ``kill -9`` the Redis Cluster
  master holding the board, wait until its replica is promoted, start it again as a replica;
- ``flap``: every few seconds, some clients drop their connection (abort or close)
  and reconnect to either process, resuming with ``since``;
- ``stall``: a client stops reading for a while.

Clients resend unacknowledged commands with the same op id (see
``bench/chaos/client.py``). At the end every acknowledged command is checked
against the log in Redis and the final state (``bench/chaos/check.py``), and
every client's picture of the board against a fresh welcome.

    python -m bench chaos [--clients 60] [--duration 90] [--seed 1] [--backbone cluster] [--json]

``--backbone cluster`` runs on a Redis Cluster (six redis-servers: three masters,
three replicas), every append acknowledged after ``WAIT 1``.

The table goes to stdout; with ``--json`` the last line is one JSON object
(``sent``, ``acked``, ``present``, ``lost``, ``duplicated``, ``diverged``,
``faults`` ...). The exit code is 1 when anything was lost, duplicated,
diverged, wrongly acked or left unanswered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bench.chaos.faults import log
from bench.chaos.run import FAILURES, Options, chaos


def failed(result: dict[str, Any]) -> list[str]:
    return [key for key in FAILURES if result.get(key)]


def table(r: dict[str, Any]) -> str:
    rows = [
        ("clients / servers", f"{r['clients']} / {r['servers']} on {r['backbone']}, {r['duration']:g} s, seed {r['seed']}"),
        ("faults", ", ".join(f"{k} {v}" for k, v in sorted(r["fault_counts"].items()))),
        ("commands sent", r["sent"]),
        ("acknowledged", f"{r['acked']} ({r['ok']} ok, refused {r['refused'] or 'none'})"),
        ("present at the end", r["present"]),
        ("lost", r["lost"]),
        ("duplicated", r["duplicated"]),
        ("diverged clients", r["diverged"]),
        ("wrong acks / phantoms / unacked", f"{r['wrong_ack']} / {r['phantom']} / {r['unacked']}"),
        ("log events", f"{r['log_events']} (gaps {r['log_gaps']}, timer expired twice {r['timer_expired_twice']})"),
        (
            "connections",
            f"{r['connections']} ({r['resumed']} resumed with {r['replayed']} events, "
            f"{r['snapshots']} fresh snapshots)",
        ),
        ("commands resent / retried", f"{r['resent']} / {r['retried']}"),
        ("elapsed", f"{r['elapsed_s']} s"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines += [f"  ! {p}" for p in r["problems"]]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench chaos", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--clients", type=int, default=Options.clients, help="participants (plus one facilitator)")
    p.add_argument("--duration", type=float, default=Options.duration, help="seconds of work under faults")
    p.add_argument("--seed", type=int, default=Options.seed)
    p.add_argument("--servers", type=int, default=Options.servers, help="Metanet processes (default 2)")
    p.add_argument("--fault-every", type=float, default=Options.fault_every, help="seconds between big faults")
    p.add_argument("--backbone", choices=("redis", "cluster"), default="redis",
                   help="one redis-server, or a Redis Cluster (kill_master instead of restart_redis)")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, AOF)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    opts = Options(
        clients=args.clients,
        duration=args.duration,
        seed=args.seed,
        servers=args.servers,
        fault_every=args.fault_every,
        keep=args.keep,
        backbone=args.backbone,
    )
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        result = asyncio.run(chaos(opts))
    else:
        result = uvloop.run(chaos(opts))
    print(table(result), flush=True)
    if args.json:
        print(json.dumps(result, separators=(",", ":")), flush=True)
    bad = failed(result)
    if bad:
        log(f"FAILED: {', '.join(f'{k} {result[k]}' for k in bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
