"""The event report as Markdown, CSV and JSON, from ``event_data.build``.

- Markdown: the event, the metanets at a glance, "Across the event" (priorities every
  stakeholder group supported, in every metanet; those only one group carried), then each
  metanet's own report with its headings one level down. In the language of the ``Words``
  given (``words.py``); right to left in Arabic, like a board's report.
- CSV: the board's CSV (``csv_export``) of every metanet, one table, with a first column
  ``metanet``; the per-group columns are the union of the metanets' groups. The same in
  every language (its header row is keys).
- JSON: ``{"format": "metanet-event", "version": 1, "report": {...}}`` -- the derived report
  (not re-importable; each board's JSON export is); ``report.language`` records the language.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from server.report import csv_export, markdown
from server.report.markdown import by_group, table, text, when
from server.report.words import Words, words

FORMAT = "metanet-event"
VERSION = 1


def _metanet(report: dict[str, Any], reporters: list[str], w: Words) -> list[str]:
    """A board's report under the event's: headings one level down (user text is escaped: no '#' starts
    it), the reporters under its title, its footer's note kept without the rule."""
    body = [("#" + line if line.startswith("#") else line) for line in markdown.body(report, w)]
    cut = len(body) - 1 - body[::-1].index("---")
    notes = [line for line in body[cut + 1:] if line and line != f"_{w.t('exported')}_"]
    body = body[:cut]
    if reporters:
        body[1:1] = ["", f"**{w.t('reporters_label')}** {w.join([text(r, w) for r in reporters])}"]
    return [*body, *notes, *([""] if notes else [])]


def _priority_rows(entries: list[dict[str, Any]], single: bool, w: Words) -> list[str]:
    if not entries:
        return [f"_{w.t('none')}_", ""]
    rows = []
    for e in entries:
        label = w.t("priority_decision", number=e["decision"]) if e["decision"] else w.t("priority_top_note")
        support = text(w.group(e["groups"][0]), w) if single else by_group(e["by_group"], w)
        rows.append([text(e["metanet"], w), text(e["text"], w), label, w.number(e["total"]), support])
    head = [w.t("col_metanet"), w.t("col_priority"), "", w.t("col_dots"), w.t("col_carried_by" if single else "col_supported_by")]
    return [*table(head, "lllrl", rows), ""]


def to_markdown(report: dict[str, Any], w: Words | None = None) -> str:
    w = w or words(report.get("language", "en"))
    totals = report["totals"]
    lines = [f"# {text(report['title'], w)}", ""]
    if report["description"]:
        lines += [text(report["description"], w), ""]
    lines += [
        w.t("event_opened", date=when(report["created_at"], w)), "",
        w.t("event_summary", metanets=w.n("metanets", totals["metanets"]),
            participants=w.n("participants", totals["participants"]), notes=w.n("notes", totals["notes"]),
            dots_placed=w.n("dots_placed", totals["dots"]), decisions=w.n("decisions", totals["decisions"])), "",
        f"## {w.t('metanets_heading')}", "",
    ]
    rows = [[text(m["title"], w), *(w.number(n) for n in (m["report"]["participants"]["total"], m["report"]["totals"]["notes"],
                                                      m["report"]["totals"]["decisions"])),
             w.join([text(r, w) for r in m["reporters"]]) or "—"]
            for m in report["metanets"]]
    head = [w.t(k) for k in ("col_metanet", "col_people", "col_notes", "col_decisions", "col_reporters")]
    lines += [*table(head, "lrrrl", rows), ""]
    across = report["across"]
    lines += [f"## {w.t('across_heading')}", "", w.t("priorities_rule"), "",
              f"### {w.t('every_group_heading')}", "", *_priority_rows(across["every_group"], False, w),
              f"### {w.t('single_group_heading')}", "", *_priority_rows(across["single_group"], True, w)]
    for m in report["metanets"]:
        lines += _metanet(m["report"], m["reporters"], w)
    return markdown.document([*lines, "---", "", f"_{w.t('exported')}_"], w)


def to_csv(report: dict[str, Any], w: Words | None = None) -> str:
    groups: list[str] = []
    for m in report["metanets"]:
        groups += [g for g in m["report"]["groups"] if g not in groups]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    fixed_head = ["rank", "note", "text", "cluster", "written_by_group", "dots"]
    tail_head = ["agreement", "decision", "owner", "next_step", "due"]
    writer.writerow(["metanet", *fixed_head, *(f"dots: {g}" for g in groups), *tail_head])
    for m in report["metanets"]:
        rows = list(csv.reader(io.StringIO(csv_export.render(m["report"]))))
        head, body = rows[0], rows[1:]
        for row in body:
            cells = dict(zip(head, row, strict=True))
            writer.writerow([csv_export.cell(m["title"]), *(cells[h] for h in fixed_head),
                             *(cells.get(f"dots: {g}", "0") for g in groups), *(cells[h] for h in tail_head)])
    return out.getvalue()


def to_json(report: dict[str, Any], w: Words | None = None) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "report": report}, ensure_ascii=False, indent=1) + "\n"


RENDER = {"md": to_markdown, "csv": to_csv, "json": to_json}
