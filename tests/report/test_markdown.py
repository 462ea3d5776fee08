"""The Markdown report: a golden file for a fixed board, and user text that cannot break out."""

from __future__ import annotations

import os
from pathlib import Path

from server.domain.state import Actor
from server.report import markdown
from server.report.words import words
from tests.report.fixture import FAC, PHASES, Driver, fixed_board

GOLDEN = Path(__file__).parent / "golden" / "report.md"


def test_the_report_of_the_fixed_board_matches_the_golden_file() -> None:
    """Reviewed by eye; after an intended change run with METANET_UPDATE_GOLDEN=1 and review the diff."""
    text = markdown.export(fixed_board().state)
    if os.environ.get("METANET_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_note_text_cannot_add_markup_to_the_report() -> None:
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES[1:], settings={"title": "# Title <b>"})
    alice = Actor("alice", "participant")
    d.do(alice, "join", group="Academia")
    d.do(alice, "add_note", text="<script>alert(1)</script> | [link](http://x) *bold*\n# heading")
    text = markdown.export(d.state)
    assert "<script>" not in text and "<b>" not in text
    assert "\\<script\\>" in text
    assert "\\[link\\](http://x) \\*bold\\* \\# heading" in text  # one line, nothing live
    assert "\n# \\# Title \\<b\\>\n" in "\n" + text


def test_an_empty_board_still_reads_as_a_report() -> None:
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", settings={"title": "Empty"})
    text = markdown.export(d.state)
    assert "_No decisions were marked._" in text
    assert "_No notes._" in text
    assert "_Fewer than two stakeholder groups voted" in text
    assert "| 1 | Discuss | discuss | — |" in text and "in progress" in text


def test_durations_read_naturally() -> None:
    assert [words("en").duration(s) for s in (None, 12, 59.6, 300, 3599, 3600, 5400, 90000)] == [
        "—", "12 s", "1 min", "5 min", "1 h 00 min", "1 h 00 min", "1 h 30 min", "25 h 00 min"]
