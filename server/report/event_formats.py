"""The event report as Markdown, CSV and JSON, from ``event_data.build``.

- Markdown: the event, the metanets at a glance, "Across the event" (priorities every
  stakeholder group supported, in every metanet; those only one group carried), then each
  metanet's own report with its headings one level down.
- CSV: the board's CSV (``csv_export``) of every metanet, one table, with a first column
  ``metanet``; the per-group columns are the union of the metanets' groups.
- JSON: ``{"format": "metanet-event", "version": 1, "report": {...}}`` -- the derived report
  (not re-importable; each board's JSON export is).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from server.report import csv_export, markdown
from server.report.markdown import by_group, plural, text, when

FORMAT = "metanet-event"
VERSION = 1


def _metanet(board_markdown: str, reporters: list[str]) -> list[str]:
    """A board's report under the event's: headings one level down (user text is escaped: no '#' starts
    it), the reporters under its title, its footer's note kept without the rule."""
    lines = board_markdown.splitlines()
    footer = len(lines) - 1 - lines[::-1].index("---") if "---" in lines else len(lines)
    body = [("#" + line if line.startswith("#") else line) for line in lines[:footer]]
    notes = [line for line in lines[footer + 1:] if line and line != "_Exported from Metanet._"]
    if reporters:
        body[1:1] = ["", f"**Reporters:** {', '.join(text(r) for r in reporters)}"]
    return [*body, *notes, *([""] if notes else [])]


def _priority_rows(entries: list[dict[str, Any]], single: bool) -> list[str]:
    if not entries:
        return ["_None._", ""]
    rows = []
    for e in entries:
        label = f"decision {e['decision']}" if e["decision"] else "top note"
        support = text(e["groups"][0]) if single else by_group(e["by_group"])
        rows.append([text(e["metanet"]), text(e["text"]), label, str(e["total"]), support])
    head = ["Metanet", "Priority", "", "Dots", "Carried by" if single else "Supported by"]
    return [*markdown._table(head, "lllrl", rows), ""]


def to_markdown(report: dict[str, Any]) -> str:
    totals = report["totals"]
    lines = [f"# {text(report['title'])}", ""]
    if report["description"]:
        lines += [text(report["description"]), ""]
    lines += [
        f"Event opened {when(report['created_at'])}.", "",
        f"{plural(totals['metanets'], 'metanet')} · {plural(totals['participants'], 'participant')} · "
        f"{plural(totals['notes'], 'note')} · {plural(totals['dots'], 'dot')} placed · "
        f"{plural(totals['decisions'], 'decision')}.", "",
        "## The metanets", "",
    ]
    rows = [[text(m["title"]), str(m["report"]["participants"]["total"]), str(m["report"]["totals"]["notes"]),
             str(m["report"]["totals"]["decisions"]), ", ".join(text(r) for r in m["reporters"]) or "—"]
            for m in report["metanets"]]
    lines += [*markdown._table(["Metanet", "People", "Notes", "Decisions", "Reporters"], "lrrrl", rows), ""]
    across = report["across"]
    lines += ["## Across the event", "",
              "A metanet's priorities are its decisions (or its top five notes where it marked none).", "",
              "### Supported by every stakeholder group that voted, in each metanet",
              "", *_priority_rows(across["every_group"], False),
              "### Carried by one group only", "", *_priority_rows(across["single_group"], True)]
    for m in report["metanets"]:
        lines += _metanet(markdown.render(m["report"]), m["reporters"])
    lines += ["---", "", "_Exported from Metanet._"]
    return "\n".join(lines) + "\n"


def to_csv(report: dict[str, Any]) -> str:
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


def to_json(report: dict[str, Any]) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "report": report}, ensure_ascii=False, indent=1) + "\n"


RENDER = {"md": to_markdown, "csv": to_csv, "json": to_json}
