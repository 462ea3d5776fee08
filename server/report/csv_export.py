"""The outcome as CSV: one row per note, with its votes overall and per stakeholder group.

Columns: ``rank, note, text, cluster, written_by_group, dots``, one ``dots: <group>``
column per stakeholder group (the board's groups, then any other group that
voted), then ``agreement``, ``decision`` (its number, or empty), ``owner``,
``next_step``, ``due``. Rows are ranked, most dots first. RFC 4180 (comma,
CRLF, quotes doubled), UTF-8. A cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a
leading apostrophe.

The same in every language: the header row and the ``agreement`` values are keys a program reads
(``?lang=`` changes nothing here); the cells people read are their own words. A download starts
with a UTF-8 byte order mark (``formats.BOM``) so that Excel reads the file as UTF-8.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from server.domain.state import BoardState
from server.report import data
from server.report.words import Words

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def render(report: dict[str, Any]) -> str:
    """The report (from :func:`server.report.data.build`) as CSV text."""
    groups: list[str] = report["groups"]
    decisions = {d["number"]: d for d in report["decisions"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["rank", "note", "text", "cluster", "written_by_group", "dots", *(f"dots: {g}" for g in groups),
         "agreement", "decision", "owner", "next_step", "due"]
    )
    for n in report["notes"]:
        d = decisions.get(n["decision"]) if n["decision"] else None
        writer.writerow(
            [cell(v) for v in (
                n["rank"], n["id"], n["text"], n["cluster_name"], n["author_group"], n["total"],
                *(n["by_group"].get(g, 0) for g in groups),
                n["agreement"], n["decision"] or "",
                d["owner"] if d else "", d["next_step"] if d else "", d["due"] if d else "",
            )]
        )
    return out.getvalue()


def export(state: BoardState, w: Words | None = None) -> str:
    return render(data.build(state))  # no words of its own: the same in every language
