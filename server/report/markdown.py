"""The outcome report in Markdown: readable as plain text, and on a screen in the plenary.

Sections, most important first: the question, decisions and roadmap, where the
stakeholder groups agree, each group's priorities, every note ranked with its
votes overall and by group, clusters, participants by group, and the agenda
with actual timings. Times are UTC. Text people typed is escaped, so a note
cannot add headings, links or HTML to the report.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from server.domain.state import BoardState
from server.report import data

GROUP_TOP = 5  # notes listed under each stakeholder group
AGREEMENT_LABELS = {"common_ground": "common ground", "single_group": "one group", "shared": "shared", "none": "—"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def text(value: str) -> str:
    """User text for a Markdown paragraph or table cell: one line, special characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def when(t: float | None, *, day: bool = True) -> str:
    if t is None:
        return "—"
    moment = datetime.datetime.fromtimestamp(t, datetime.UTC)
    return moment.strftime("%a %d %b %Y, %H:%M UTC" if day else "%a %d %b, %H:%M")


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    minutes = round(s / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def by_group(counts: dict[str, int]) -> str:
    return " · ".join(f"{text(g)} {n}" for g, n in counts.items()) or "—"


def _table(head: list[str], align: str, rows: list[list[str]]) -> list[str]:
    """A Markdown table; ``align`` has one letter per column: l(eft) or r(ight)."""
    rule = ["---:" if a == "r" else "---" for a in align]
    return ["| " + " | ".join(r) + " |" for r in (head, rule, *rows)]


def _summary(r: dict[str, Any]) -> list[str]:
    people = r["participants"]
    groups = len(people["by_group"])
    totals = r["totals"]
    lines = [f"# {text(r['title'])}", ""]
    if r["question"]:
        lines += [f"> **Question:** {text(r['question'])}", ""]
    lines += [
        _held(r["created_at"], r["archived_at"]),
        "",
        f"{plural(people['total'], 'participant')} from {plural(groups, 'stakeholder group')} · "
        f"{plural(totals['notes'], 'note')} in {plural(totals['clusters'], 'cluster')} · "
        f"{plural(totals['dots'], 'dot')} placed · {plural(totals['decisions'], 'decision')}.",
        "",
    ]
    return lines


def _held(start: float, end: float | None) -> str:
    if end is None:
        return f"Board opened {when(start)}."
    first = datetime.datetime.fromtimestamp(start, datetime.UTC)
    last = datetime.datetime.fromtimestamp(end, datetime.UTC)
    if first.date() == last.date():
        return f"Held on {first:%a %d %b %Y}, {first:%H:%M}–{last:%H:%M} UTC."
    return f"Held from {when(start)} to {when(end)}."


def _decisions(r: dict[str, Any]) -> list[str]:
    lines = ["## Decisions and roadmap", ""]
    if not r["decisions"]:
        return [*lines, "_No decisions were marked._", ""]
    rows = [
        [
            str(d["number"]),
            ("**Cluster:** " if d["kind"] == "cluster" else "") + text(d["title"]),
            str(d["total"]),
            by_group(d["by_group"]),
            text(d["owner"]) or "—",
            text(d["next_step"]) or "—",
            d["due"] or "—",
        ]
        for d in r["decisions"]
    ]
    return [*lines, *_table(["#", "Decision", "Dots", "Supported by", "Owner", "Next step", "Due"], "llrllll", rows), ""]


def _agreement(r: dict[str, Any], notes: dict[str, dict[str, Any]]) -> list[str]:
    a = r["agreement"]
    lines = ["## Where the stakeholder groups agree", ""]
    voting = a["voting_groups"]
    if len(voting) < 2:
        return [*lines, "_Fewer than two stakeholder groups voted: there is nothing to compare._", ""]
    spent = r["totals"]["dots_by_group"]
    named = ", ".join(f"{text(g)} ({plural(spent[g], 'dot')})" for g in voting)
    lines += [
        f"{len(voting)} groups voted: {named}. A note is *common ground* when it is in the top {a['top']} of every one of them.",
        "",
        "**Common ground**",
        "",
    ]
    lines += [f"- {text(notes[k]['text'])} — {plural(notes[k]['total'], 'dot')} ({by_group(notes[k]['by_group'])})" for k in a["common_ground"]]
    lines += ["_None._"] if not a["common_ground"] else []
    lines += ["", "**Supported by one group only**", ""]
    lines += [
        f"- {text(notes[s['id']]['text'])} — {text(s['group'])}, {plural(notes[s['id']]['total'], 'dot')}"
        for s in a["single_group"]
    ]
    lines += ["_None._"] if not a["single_group"] else []
    return [*lines, ""]


def _groups(r: dict[str, Any]) -> list[str]:
    lines = ["## Priorities by stakeholder group", ""]
    if not r["by_group"]:
        return [*lines, "_No votes were placed._", ""]
    for g in r["by_group"]:
        lines += [f"### {text(g['group'])}", "", f"{plural(g['participants'], 'participant')} · {plural(g['dots'], 'dot')}", ""]
        for item in g["ranking"][:GROUP_TOP]:
            # Not a numbered list: renderers renumber "1. 1." and ties would read as "1. 2.".
            lines.append(f"- **{item['rank']}.** {text(item['text'])} — {plural(item['dots'], 'dot')} ({round(item['share'] * 100)}%)")
        more = len(g["ranking"]) - GROUP_TOP
        if more > 0:
            lines.append(f"\n_…and {plural(more, 'more note')} with fewer dots._")
        lines.append("")
    return lines


def _notes(r: dict[str, Any]) -> list[str]:
    lines = ["## All notes, ranked", ""]
    if not r["notes"]:
        return [*lines, "_No notes._", ""]
    rows = [
        [
            str(n["rank"]),
            text(n["text"]) + (f" **(decision {n['decision']})**" if n["decision"] else ""),
            text(n["cluster_name"]) or "—",
            str(n["total"]),
            by_group(n["by_group"]),
            AGREEMENT_LABELS[n["agreement"]],
        ]
        for n in r["notes"]
    ]
    return [*lines, *_table(["Rank", "Note", "Cluster", "Dots", "By stakeholder group", "Agreement"], "rllrll", rows), ""]


def _clusters(r: dict[str, Any]) -> list[str]:
    if not r["clusters"]:
        return []
    rows = [
        [str(c["rank"]), text(c["name"]) + (f" **(decision {c['decision']})**" if c["decision"] else ""), str(c["notes"]), str(c["total"]), by_group(c["by_group"])]
        for c in r["clusters"]
    ]
    return ["## Clusters", "", *_table(["Rank", "Cluster", "Notes", "Dots", "By stakeholder group"], "rlrrl", rows), ""]


def _participants(r: dict[str, Any]) -> list[str]:
    people = r["participants"]["by_group"]
    written = r["notes_by_group"]
    spent = r["totals"]["dots_by_group"]
    groups = list(dict.fromkeys([*people, *written, *spent]))
    rows = [[text(g), str(people.get(g, 0)), str(written.get(g, 0)), str(spent.get(g, 0))] for g in groups]
    rows.append(["**Total**", str(r["participants"]["total"]), str(r["totals"]["notes"]), str(r["totals"]["dots"])])
    return ["## Participants by stakeholder group", "", *_table(["Stakeholder group", "Participants", "Notes written", "Dots placed"], "lrrr", rows), ""]


def _agenda(r: dict[str, Any]) -> list[str]:
    rows = []
    for i, p in enumerate(r["agenda"], 1):
        spent = "in progress" if p["current"] else duration(p["spent"])
        if p["visits"] > 1:
            spent += f" ({p['visits']} visits)"
        started = when(p["started"], day=False) if p["started"] is not None else "not reached"
        rows.append([str(i), text(p["title"]), p["kind"], duration(p["planned"]), started, spent])
    return ["## Agenda and timings", "", *_table(["#", "Phase", "Kind", "Timebox", "Started (UTC)", "Time spent"], "llllll", rows), ""]


def _footer(r: dict[str, Any]) -> list[str]:
    left = r["left_out"]
    parts = []
    if left["hidden"]:
        parts.append(f"{plural(left['hidden'], 'hidden note')}")
    if left["unrevealed"]:
        parts.append(f"{plural(left['unrevealed'], 'note')} never revealed")
    out = ["---", ""]
    if parts:
        out.append(f"_Not in this report: {' and '.join(parts)}._")
    out.append("_Exported from Metanet._")
    return out


def render(report: dict[str, Any]) -> str:
    """The report (from :func:`server.report.data.build`) as Markdown."""
    notes = {n["id"]: n for n in report["notes"]}
    lines = [
        *_summary(report),
        *_decisions(report),
        *_agreement(report, notes),
        *_groups(report),
        *_notes(report),
        *_clusters(report),
        *_participants(report),
        *_agenda(report),
        *_footer(report),
    ]
    return "\n".join(lines) + "\n"


def export(state: BoardState) -> str:
    return render(data.build(state))
