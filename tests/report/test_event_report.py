"""The event report: every metanet's report and the view across the event, against a golden file."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from server.domain.state import BoardState
from server.report import event_data, event_formats
from server.report.words import words
from tests.report.event_fixture import fixed_event

GOLDEN = Path(__file__).parent / "golden" / "event.md"


def report() -> dict[str, Any]:
    state, boards = fixed_event()
    return event_data.build(state, {k: v for k, v in boards.items() if isinstance(v, BoardState)})


def test_across_the_event_as_worked_out_by_hand() -> None:
    across = report()["across"]
    assert [(e["metanet"], e["text"]) for e in across["every_group"]] == [
        ("Countering cybercrime: regional priorities", "Shared cyber-forensics lab for the region"),
        ("Wildlife trafficking", "Joint patrols across the border"),
    ]
    assert [(e["text"], e["groups"]) for e in across["single_group"]] == [
        ("Community rangers paid by tourism levies", ["NGO / civil society"])]
    assert across["every_group"][0]["decision"] == 1 and across["every_group"][1]["decision"] is None


def test_the_event_report_matches_the_golden_file() -> None:
    """Reviewed by eye; after an intended change run with METANET_UPDATE_GOLDEN=1 and review the diff."""
    text = event_formats.to_markdown(report())
    if os.environ.get("METANET_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_event_report_in_arabic_matches_its_golden_file() -> None:
    """Right to left once for the whole event (each metanet's report inside it), every word from the catalog."""
    state, boards = fixed_event()
    built = event_data.build(state, {k: v for k, v in boards.items() if isinstance(v, BoardState)}, "ar")
    text = event_formats.to_markdown(built, words("ar"))
    path = GOLDEN.with_name("event.ar.md")
    if os.environ.get("METANET_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    assert built["language"] == "ar" and text.count("<div") == 1 and "Exported" not in text


def test_csv_has_every_metanets_notes_with_the_union_of_groups() -> None:
    rows = list(csv.DictReader(io.StringIO(event_formats.to_csv(report()))))
    by_metanet: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_metanet.setdefault(row["metanet"], []).append(row)
    assert len(by_metanet["Countering cybercrime: regional priorities"]) == 7  # the hidden note is left out
    wild = by_metanet["Wildlife trafficking"]
    assert [(r["text"], r["dots"], r["dots: Government / member state"], r["dots: Private sector"]) for r in wild] == [
        ("Joint patrols across the border", "3", "2", "0"),
        ("Community rangers paid by tourism levies", "2", "0", "0"),
        ("A hotline for tip-offs", "0", "0", "0"),
    ]


def test_json_carries_the_report_and_the_reporters() -> None:
    doc = json.loads(event_formats.to_json(report()))
    assert (doc["format"], doc["version"]) == ("metanet-event", 1)
    metanets = doc["report"]["metanets"]
    assert [m["code"] for m in metanets] == ["CYBER7", "WILD22"]
    assert metanets[1]["reporters"] == ["Amina Diallo", "Luis Ortega"]
    assert doc["report"]["totals"] == {"metanets": 2, "participants": 9, "notes": 10, "dots": 35, "decisions": 3}
