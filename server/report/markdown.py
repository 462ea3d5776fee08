"""The outcome report in Markdown: readable as plain text, and on a screen in the plenary.

Sections, most important first: the question, decisions and roadmap, where the
stakeholder groups agree, each group's priorities, every note ranked with its
votes overall and by group, clusters, participants by group, and the agenda
with actual timings. Times are UTC. Text people typed is escaped, so a note
cannot add headings, links or HTML to the report.

The report's own words come from its language's catalog (``words.py``); people's
words go in as they are. An Arabic report is wrapped in ``<div dir="rtl" lang="ar">``
with blank lines around its Markdown, so renderers that keep that ``div`` (GitHub,
GitLab, most Markdown viewers) lay it out right to left.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from server.domain.state import BoardState
from server.report import data
from server.report.words import Words, choose, words

GROUP_TOP = 5  # notes listed under each stakeholder group
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def text(value: str, w: Words | None = None) -> str:
    """User text for a Markdown paragraph or table cell: one line, special characters escaped.

    In a report written in the other direction (an English note in the Arabic report, an Arabic note
    in the French one), it goes between two direction marks of its own direction (U+200E or U+200F:
    marks, not embeddings -- they open nothing that could spill over), so its punctuation and numbers
    stay at its own ends, as ``dir="auto"`` keeps them on the screens."""
    out = _SPECIAL.sub(r"\\\1", " ".join(value.split()))
    own = direction(out)
    if w is None or own is None or own == w.dir:
        return out
    mark = "\u200e" if own == "ltr" else "\u200f"
    return mark + out + mark


def direction(value: str) -> str | None:
    """The direction of ``value``'s first strong character, as ``dir="auto"`` finds it (None: no letter)."""
    for char in value:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def by_group(counts: dict[str, int], w: Words) -> str:
    return " · ".join(f"{text(w.group(g), w)} {w.number(n)}" for g, n in counts.items()) or "—"


def table(head: list[str], align: str, rows: list[list[str]]) -> list[str]:
    """A Markdown table; ``align`` has one letter per column: l(eft) or r(ight)."""
    rule = ["---:" if a == "r" else "---" for a in align]
    return ["| " + " | ".join(r) + " |" for r in (head, rule, *rows)]


def when(t: float | None, w: Words) -> str:
    return "—" if t is None else w.date(t, "moment")


def _summary(r: dict[str, Any], w: Words) -> list[str]:
    people = r["participants"]
    totals = r["totals"]
    lines = [f"# {text(r['title'], w)}", ""]
    if r["question"]:
        lines += [f"> **{w.t('question_label')}** {text(r['question'], w)}", ""]
    lines += [
        _held(r["created_at"], r["archived_at"], w),
        "",
        w.t("summary", participants=w.n("participants", people["total"]),
            groups=w.n("groups_from", len(people["by_group"])), notes=w.n("notes", totals["notes"]),
            clusters=w.n("clusters_in", totals["clusters"]), dots_placed=w.n("dots_placed", totals["dots"]),
            decisions=w.n("decisions", totals["decisions"])),
        "",
    ]
    return lines


def _held(start: float, end: float | None, w: Words) -> str:
    if end is None:
        return w.t("board_opened", date=when(start, w))
    first = datetime.datetime.fromtimestamp(start, datetime.UTC)
    last = datetime.datetime.fromtimestamp(end, datetime.UTC)
    if first.date() == last.date():
        return w.t("held_on", day=w.date(start, "date"), start=w.date(start, "time"), end=w.date(end, "time"))
    return w.t("held_from", start=when(start, w), end=when(end, w))


def _decisions(r: dict[str, Any], w: Words) -> list[str]:
    lines = [f"## {w.t('decisions_heading')}", ""]
    if not r["decisions"]:
        return [*lines, f"_{w.t('no_decisions')}_", ""]
    rows = [
        [
            w.number(d["number"]),
            (f"**{w.t('cluster_label')}** " if d["kind"] == "cluster" else "") + text(d["title"], w),
            w.number(d["total"]),
            by_group(d["by_group"], w),
            text(d["owner"], w) or "—",
            text(d["next_step"], w) or "—",
            w.due(d["due"]) if d["due"] else "—",
        ]
        for d in r["decisions"]
    ]
    head = [w.t(k) for k in ("col_number", "col_decision", "col_dots", "col_supported_by", "col_owner",
                             "col_next_step", "col_due")]
    return [*lines, *table(head, "llrllll", rows), ""]


def _agreement(r: dict[str, Any], notes: dict[str, dict[str, Any]], w: Words) -> list[str]:
    a = r["agreement"]
    lines = [f"## {w.t('agreement_heading')}", ""]
    voting = a["voting_groups"]
    if len(voting) < 2:
        return [*lines, f"_{w.t('too_few_groups')}_", ""]
    spent = r["totals"]["dots_by_group"]
    named = w.join([w.t("group_dots", group=text(w.group(g), w), dots=w.n("dots", spent[g])) for g in voting])
    lines += [
        w.n("groups_voted", len(voting), named=named, top=a["top"]),
        "",
        f"**{w.t('common_ground_heading')}**",
        "",
    ]
    lines += [
        "- " + w.t("note_dots_groups", note=text(notes[k]["text"], w), dots=w.n("dots", notes[k]["total"]),
                   groups=by_group(notes[k]["by_group"], w))
        for k in a["common_ground"]
    ]
    lines += [f"_{w.t('none')}_"] if not a["common_ground"] else []
    lines += ["", f"**{w.t('one_group_heading')}**", ""]
    lines += [
        "- " + w.t("note_group_dots", note=text(notes[s["id"]]["text"], w), group=text(w.group(s["group"]), w),
                   dots=w.n("dots", notes[s["id"]]["total"]))
        for s in a["single_group"]
    ]
    lines += [f"_{w.t('none')}_"] if not a["single_group"] else []
    return [*lines, ""]


def _groups(r: dict[str, Any], w: Words) -> list[str]:
    lines = [f"## {w.t('groups_heading')}", ""]
    if not r["by_group"]:
        return [*lines, f"_{w.t('no_votes')}_", ""]
    for g in r["by_group"]:
        people = w.t("group_people_dots", participants=w.n("participants", g["participants"]), dots=w.n("dots", g["dots"]))
        lines += [f"### {text(w.group(g['group']), w)}", "", people, ""]
        for item in g["ranking"][:GROUP_TOP]:
            # Not a numbered list: renderers renumber "1. 1." and ties would read as "1. 2.".
            said = w.t("ranked_note", note=text(item["text"], w), dots=w.n("dots", item["dots"]), share=w.percent(item["share"]))
            lines.append(f"- **{w.number(item['rank'])}.** {said}")
        more = len(g["ranking"]) - GROUP_TOP
        if more > 0:
            lines.append(f"\n_{w.n('more_notes', more)}_")
        lines.append("")
    return lines


def _decided(decision: int | None, w: Words) -> str:
    return f" **{w.t('decision_number', number=decision)}**" if decision else ""


def _notes(r: dict[str, Any], w: Words) -> list[str]:
    lines = [f"## {w.t('notes_heading')}", ""]
    if not r["notes"]:
        return [*lines, f"_{w.t('no_notes')}_", ""]
    rows = [
        [
            w.number(n["rank"]),
            text(n["text"], w) + _decided(n["decision"], w),
            text(n["cluster_name"], w) or "—",
            w.number(n["total"]),
            by_group(n["by_group"], w),
            w.t("agreement_" + n["agreement"]) if n["agreement"] != "none" else "—",
        ]
        for n in r["notes"]
    ]
    head = [w.t(k) for k in ("col_rank", "col_note", "col_cluster", "col_dots", "col_by_group", "col_agreement")]
    return [*lines, *table(head, "rllrll", rows), ""]


def _clusters(r: dict[str, Any], w: Words) -> list[str]:
    if not r["clusters"]:
        return []
    rows = [
        [w.number(c["rank"]), text(c["name"], w) + _decided(c["decision"], w), w.number(c["notes"]), w.number(c["total"]),
         by_group(c["by_group"], w)]
        for c in r["clusters"]
    ]
    head = [w.t(k) for k in ("col_rank", "col_cluster", "col_notes", "col_dots", "col_by_group")]
    return [f"## {w.t('clusters_heading')}", "", *table(head, "rlrrl", rows), ""]


def _participants(r: dict[str, Any], w: Words) -> list[str]:
    people = r["participants"]["by_group"]
    written = r["notes_by_group"]
    spent = r["totals"]["dots_by_group"]
    groups = list(dict.fromkeys([*people, *written, *spent]))
    rows = [[text(w.group(g), w), *(w.number(c.get(g, 0)) for c in (people, written, spent))] for g in groups]
    rows.append([f"**{w.t('total')}**", w.number(r["participants"]["total"]), w.number(r["totals"]["notes"]),
                 w.number(r["totals"]["dots"])])
    head = [w.t(k) for k in ("col_group", "col_participants", "col_notes_written", "col_dots_placed")]
    return [f"## {w.t('participants_heading')}", "", *table(head, "lrrr", rows), ""]


def _agenda(r: dict[str, Any], w: Words) -> list[str]:
    rows = []
    for i, p in enumerate(r["agenda"], 1):
        spent = w.t("in_progress") if p["current"] else w.duration(p["spent"])
        if p["visits"] > 1:
            spent += " " + w.n("visits", p["visits"])
        started = w.date(p["started"], "day_time") if p["started"] is not None else w.t("not_reached")
        rows.append([w.number(i), text(p["title"], w), w.t("kind_" + p["kind"]), w.duration(p["planned"]), started, spent])
    head = [w.t(k) for k in ("col_number", "col_phase", "col_kind", "col_timebox", "col_started", "col_time_spent")]
    return [f"## {w.t('agenda_heading')}", "", *table(head, "llllll", rows), ""]


def footer(r: dict[str, Any], w: Words) -> list[str]:
    """The rule, what the report leaves out (if anything), and where it came from."""
    left = r["left_out"]
    parts = []
    if left["hidden"]:
        parts.append(w.n("hidden_notes", left["hidden"]))
    if left["unrevealed"]:
        parts.append(w.n("unrevealed_notes", left["unrevealed"]))
    out = ["---", ""]
    if parts:
        out.append(f"_{w.t('left_out', list=w.listing(parts))}_")
    out.append(f"_{w.t('exported')}_")
    return out


def body(report: dict[str, Any], w: Words) -> list[str]:
    """The report's lines, footer included, without the right-to-left wrapper."""
    notes = {n["id"]: n for n in report["notes"]}
    return [
        *_summary(report, w),
        *_decisions(report, w),
        *_agreement(report, notes, w),
        *_groups(report, w),
        *_notes(report, w),
        *_clusters(report, w),
        *_participants(report, w),
        *_agenda(report, w),
        *footer(report, w),
    ]


def document(lines: list[str], w: Words) -> str:
    """The lines as a Markdown document; right to left (a ``div`` with ``dir``) for a right-to-left language."""
    if w.dir == "rtl":
        lines = [f'<div dir="rtl" lang="{w.lang}">', "", *lines, "", "</div>"]
    return "\n".join(lines) + "\n"


def render(report: dict[str, Any], w: Words | None = None) -> str:
    """The report (from :func:`server.report.data.build`) as Markdown, in ``w``'s language (English if none)."""
    w = w or words()
    return document(body(report, w), w)


def export(state: BoardState, w: Words | None = None) -> str:
    w = w or choose(None, state.settings)
    return render(data.build(state, w.lang), w)
