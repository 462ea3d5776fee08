"""``python -m bench lounge`` at smoke size: the harness runs end to end, every change reaches the Lounges.

Checks the benchmark, not the server's speed: no timing target is asserted here.
"""

from __future__ import annotations

import json

import pytest

from bench.cli import main

pytestmark = pytest.mark.slow


def test_the_lounge_bench_measures_every_change_and_prints_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lounge", "--clients", "24", "--boards", "3", "--duration", "2", "--rate", "6", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    assert "Lounge update p99 ms" in "\n".join(out[:-1])
    assert result["scenario"] == "lounge" and "peers" not in result
    for key in ("lounge_p50_ms", "lounge_p99_ms", "summaries_per_s", "summary_cpu_share", "lost"):
        assert result[key] is not None, key
    assert result["lost"] == 0 and result["lounge_missing"] == 0 and result["duplicated"] == 0
    # every timed command was seen by each of the 3 Lounges through a summary
    assert result["lounge_updates_timed"] == 3 * result["events_timed"] > 0
    assert result["summaries_per_s"] > 0
    assert 0 < result["summary_cpu_share"] < 1
    assert set(result["targets"]) >= {"lounge_p99_ms", "summary_cpu_share", "lost"}
