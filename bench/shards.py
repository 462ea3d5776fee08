"""``--backbone cluster``: Metanet on a Redis Cluster, boards spread evenly over its shards, load per shard.

A board's slot (the CRC16 of its id, its hash tag) decides its shard. The
target creates boards until each shard has its share (board ``k`` goes to
the shard with the fewest so far; boards that fall elsewhere are left idle),
and the run reads ``INFO commandstats`` of every master before and after:
the commands each shard executed, per second, and its share of the total. The
shares are the evidence that shards divide the work: on one machine, absolute
throughput cannot show it (every shard shares the same cores).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from bench.targets import Metanet
from testkit.redis_cluster import RedisCluster

# Not board traffic: the cluster's and the clients' housekeeping.
HOUSEKEEPING = ("cluster", "info", "ping", "client", "command", "hello", "readonly", "select", "config", "wait")
MAX_TRIES = 200  # boards created while looking for one on the emptiest shard


class ClusterMetanet(Metanet):
    """Metanet on ``cluster``; :meth:`new_board` keeps the boards in use evenly spread over the masters."""

    def __init__(self, workdir: Path, cluster: RedisCluster, workers: int = 1, ws: str | None = None,
                 profile: str | None = None, checkout: Path | None = None) -> None:
        super().__init__(workdir, cluster.url, workers, ws, profile, checkout)
        self.cluster = cluster
        self.placed: Counter[int] = Counter({node.port: 0 for node in cluster.masters()})

    def new_board(self) -> dict[str, str]:
        fewest = min(self.placed.values())
        for _ in range(MAX_TRIES):
            board = super().new_board()
            port = self.cluster.node_of(f"metanet:{{{board['board']}}}:log").port
            if self.placed[port] == fewest:
                self.placed[port] += 1
                return board
        raise RuntimeError(f"{MAX_TRIES} boards and none on the emptiest shard")


def command_counts(cluster: RedisCluster) -> dict[int, tuple[int, int, float]]:
    """Master port -> (commands executed so far, housekeeping left out; batches appended (XADD); CPU seconds)."""
    counts = {}
    for node in cluster.masters():
        calls = xadds = 0
        for name, value in node.info("commandstats").items():
            command = name.removeprefix("cmdstat_").split("|")[0].lower()
            if command not in HOUSEKEEPING and isinstance(value, dict):
                calls += int(value["calls"])
                xadds += int(value["calls"]) if command == "xadd" else 0
        cpu = node.info("cpu")
        counts[node.port] = (calls, xadds, float(str(cpu["used_cpu_sys"])) + float(str(cpu["used_cpu_user"])))
    return counts


def shard_load(before: dict[int, tuple[int, int, float]], after: dict[int, tuple[int, int, float]], seconds: float,
               boards: Counter[int]) -> dict[str, Any]:
    """Per shard: boards, commands/s, share of all commands, appends/s, Redis CPU; and the largest share."""
    done = {port: [a - b for a, b in zip(after[port], before.get(port, (0, 0, 0.0)), strict=True)] for port in after}
    total = sum(d[0] for d in done.values()) or 1
    shards: dict[str, dict[str, Any]] = {
        str(port): {
            "boards": boards.get(port, 0),
            "commands_per_s": round(calls / seconds, 1),
            "share": round(calls / total, 3),
            "appends_per_s": round(xadds / seconds, 1),
            "redis_cpu_cores": round(cpu / seconds, 3),
            "redis_cpu_us_per_append": round(cpu * 1e6 / xadds, 1) if xadds else None,
        }
        for port, (calls, xadds, cpu) in sorted(done.items())
    }
    shares = [float(s["share"]) for s in shards.values()]
    return {"shards": shards, "max_shard_share": max(shares) if shares else None}


def shard_lines(result: dict[str, Any]) -> list[str]:
    """The per-shard table lines of a cluster run."""
    shards = result.get("shards")
    if not shards:
        return []
    lines = ["Redis Cluster shards (INFO commandstats and INFO cpu over the run):"]
    for port, s in shards.items():
        lines.append(f"  master {port}: {s['boards']} boards {s['commands_per_s']:>9,.1f} commands/s "
                     f"{s['share']:>6.1%} of all {s['appends_per_s']:>8,.1f} appends/s "
                     f"{s['redis_cpu_cores']:.3f} cores ({s['redis_cpu_us_per_append']} µs/append)")
    return lines
