"""Every benchmark scenario, smoke-sized: the harness runs end to end and nothing is lost or repeated.

These check the benchmark, not the server's speed: no timing is asserted.
The full-size numbers are in docs/performance.md (``python -m bench SCENARIO``).
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from bench.cli import main, run_scenario
from bench.report import json_line
from bench.scenarios import scenario

SMOKE: dict[str, dict[str, Any]] = {
    "plenary": {"clients": 8, "duration": 1.0, "rate": 16.0},
    "metanets": {"clients": 8, "boards": 2, "duration": 1.0, "rate": 8.0},
    "idle": {"clients": 12, "boards": 3, "duration": 1.0, "rate": 2.0},
    "join-storm": {"clients": 10, "duration": 1.0},
    "snapshot": {"clients": 3, "notes": 10, "dots": 20},
}


def _assert_clean(result: dict[str, Any]) -> None:
    for name, r in {"metanet": result, **result.get("peers", {})}.items():
        assert r["clients"] > 0, name
        assert r["connect_failed"] == 0, (name, r.get("connect_errors"))
        assert r["lost"] == 0, (name, r)
        assert r["duplicated"] == 0, (name, r)
        assert r["behind"] == 0, (name, r)
        assert not r["refused"], (name, r["refused"])
        assert not r["closed_by_server"], (name, r["closed_by_server"])
    assert result.get("state_mismatches", 0) == 0, result.get("state_diffs")


@pytest.mark.parametrize("name", sorted(SMOKE))
def test_scenario_runs_against_metanet_and_both_peers_and_loses_nothing(name: str) -> None:
    result = run_scenario(scenario(name, **SMOKE[name]), generators=2)
    _assert_clean(result)
    assert set(result["peers"]) == {"naive", "limit"}
    if name not in ("join-storm", "snapshot"):
        assert result["events_timed"] > 0
        assert result["delivered_events_per_s"] > 0
        assert result["p99_ms"] is not None
    for key in ("scenario", "clients", "p50_ms", "p95_ms", "p99_ms", "max_ms", "lost", "duplicated",
                "delivered_events_per_s", "frames_per_s", "server_rss_kb_per_conn", "generator_cpu",
                "naive_delivered_events_per_s", "limit_delivered_events_per_s", "vs_naive", "vs_limit",
                "server_cpu_us_per_frame", "limit_cpu_us_per_frame", "frame_cost_ratio"):
        assert key in result, key


def test_the_json_line_is_the_last_line_of_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plenary", "--clients", "4", "--duration", "0.5", "--rate", "8", "--no-peers", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("{") and '"scenario":"plenary"' in out[-1]
    assert "p99 ms" in "\n".join(out[:-1])
    assert json_line({"a": 1}) == '{"a":1}'


@pytest.mark.redis
def test_plenary_on_the_redis_backbone_with_two_workers_loses_nothing() -> None:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: run ./scripts/test, which installs Debian's redis-server")
    result = run_scenario(scenario("plenary", clients=8, duration=1.0, rate=16.0), backbone="redis", workers=2,
                          peers=("memory",))
    _assert_clean(result)
    assert result["events_timed"] > 0
    # The reference for the Redis target: Metanet on the embedded backbone, measured in the same run.
    memory = result["peers"]["memory"]
    assert memory["events_timed"] > 0 and memory["state_checked"] > 0
    over = result["targets"]["p99_over_memory_ms"]
    assert over["value"] == round(result["p99_ms"] - memory["p99_ms"], 2)
    assert over["target"] == "<= 15"


@pytest.mark.redis
def test_metanets_on_a_redis_cluster_spreads_three_boards_over_three_shards_and_counts_each_shards_commands() -> None:
    result = run_scenario(scenario("metanets", clients=30, duration=2.0, rate=20.0, boards=3), backbone="cluster",
                          peers=())
    _assert_clean(result)
    shards = result["shards"]
    assert len(shards) == 3 and [s["boards"] for s in shards.values()] == [1, 1, 1]
    assert all(s["commands_per_s"] > 0 and s["appends_per_s"] > 0 for s in shards.values())
    assert abs(sum(s["share"] for s in shards.values()) - 1) < 0.01
    assert result["max_shard_share"] == max(s["share"] for s in shards.values())
    assert result["targets"]["max_shard_share"]["met"] is True  # even boards, even load: no shard above half
