"""The CSV export: one row per note, its votes overall and per stakeholder group."""

from __future__ import annotations

import csv
import io

from server.domain.state import Actor
from server.report import csv_export
from tests.report.fixture import ACADEMIA, FAC, GOV, INTL, NGO, PHASES, PRIVATE, Driver, fixed_board


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_reported_note_ranked_with_votes_by_group() -> None:
    text = csv_export.export(fixed_board().state)
    assert text.startswith("rank,note,text,cluster,written_by_group,dots,dots: Government / member state,")
    assert "\r\n" in text
    rows = _rows(text)
    assert [r["note"] for r in rows] == ["n1", "n4", "n3", "n6", "n2", "n5", "n7"]  # n8 is hidden
    assert [r["rank"] for r in rows] == ["1", "2", "3", "3", "5", "6", "7"]
    first = rows[0]
    assert first["text"] == "Shared cyber-forensics lab for the region"
    assert first["cluster"] == "Capacity building"
    assert first["written_by_group"] == GOV
    assert (first["dots"], first[f"dots: {GOV}"], first[f"dots: {NGO}"], first[f"dots: {ACADEMIA}"],
            first[f"dots: {PRIVATE}"], first[f"dots: {INTL}"], first["dots: Other"]) == ("7", "3", "1", "2", "1", "0", "0")
    assert (first["agreement"], first["decision"], first["owner"], first["due"]) == (
        "common_ground", "1", "Ministry of Justice, with UNODC", "2027-03-31")
    assert rows[1]["next_step"] == "Joint paper on safeguards | v1"
    assert rows[2]["decision"] == "" and rows[2]["agreement"] == "single_group"
    # Each row's group columns add up to its total.
    groups = [k for k in rows[0] if k.startswith("dots: ")]
    assert all(sum(int(r[g]) for g in groups) == int(r["dots"]) for r in rows)


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused() -> None:
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES[1:])
    alice = Actor("alice", "participant")
    d.do(alice, "join", group="Academia")
    for text in ("=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "plain, with \"quotes\""):
        d.do(alice, "add_note", text=text)
    texts = [r["text"] for r in _rows(csv_export.export(d.state))]
    assert texts == ["'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "plain, with \"quotes\""]
