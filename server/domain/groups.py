"""Stakeholder groups: the facilitator edits them at creation and while the board runs.

``set_groups`` takes the whole new list, each ``{name, color, was?}``: ``was`` names the
existing group an entry renames, so the people in it (and their notes' and dots' group)
follow the new name. A group left out is removed, which is refused while anyone is in it.
"""

from __future__ import annotations

import re
from typing import Any

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Event
from server.domain.text import plain
from server.errors import InvalidCommand, NotAllowedNow

MAX_GROUPS = 12
NAME_LIMIT = 60
COLOR = re.compile(r"^#[0-9a-f]{6}$")
# One colour per group by position, distinct at a glance and dark enough for white text.
PALETTE = (
    "#1d4ed8", "#b42318", "#146c2e", "#8a4b00", "#6d28d9", "#0e7490",
    "#be185d", "#4d7c0f", "#9a3412", "#334155", "#7e22ce", "#0f766e",
)  # fmt: skip


def default_colors(count: int, given: list[str] | None = None) -> list[str]:
    given = given or []
    return [given[i] if i < len(given) else PALETTE[i % len(PALETTE)] for i in range(count)]


def check_color(raw: Any) -> str:
    if not isinstance(raw, str) or not COLOR.match(raw.lower()):
        raise InvalidCommand("a group's colour must be written #rrggbb", reason="group_color_invalid")
    return raw.lower()


def check_name(raw: Any) -> str:
    name = plain(raw).strip() if isinstance(raw, str) else ""
    if not 0 < len(name) <= NAME_LIMIT:
        raise InvalidCommand(f"a stakeholder group needs a name of 1 to {NAME_LIMIT} characters",
                             reason="group_name_length", params={"max": NAME_LIMIT})
    return name


def people_in(state: BoardState, group: str) -> int:
    return state.group_size(group)


def set_groups(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    raw = cmd.get("groups")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_GROUPS:
        raise InvalidCommand(f"a board has 1 to {MAX_GROUPS} stakeholder groups", reason="groups_count",
                             params={"max": MAX_GROUPS})
    old = state.settings.groups
    names: list[str] = []
    colors: list[str] = []
    renamed: dict[str, str] = {}
    kept: set[str] = set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise InvalidCommand("each stakeholder group is a map with a name and a colour")
        name = check_name(entry.get("name"))
        color = check_color(entry["color"]) if entry.get("color") is not None else default_colors(i + 1)[i]
        was = entry.get("was")
        if was is not None:
            if not isinstance(was, str) or was not in old:
                raise InvalidCommand(f"there is no stakeholder group {was!r} to rename", reason="group_rename_unknown",
                                     params={"group": str(was)})
            if was in kept:
                raise InvalidCommand(f"the group {was!r} is renamed twice", reason="group_renamed_twice",
                                     params={"group": was})
            kept.add(was)
            if was != name:
                renamed[was] = name
        elif name in old:
            kept.add(name)
        names.append(name)
        colors.append(color)
    if len(set(names)) != len(names):
        raise InvalidCommand("stakeholder groups need different names", reason="groups_same_name")
    for group in old:
        count = people_in(state, group)
        if group not in kept and count:
            who = "1 person is" if count == 1 else f"{count} people are"
            raise NotAllowedNow(f"{who} in the group {group!r}: rename it instead, or keep it",
                                reason="group_has_people", params={"count": count, "group": group})
    if names == old and colors == state.settings.group_colors:
        raise NotAllowedNow("the stakeholder groups are already so", reason="groups_unchanged")
    return [{"type": "groups_changed", "groups": names, "colors": colors, "renamed": renamed}]


DECIDE = {"set_groups": set_groups}


def _fold_groups(state: BoardState, ev: Event) -> None:
    renamed: dict[str, str] = ev["renamed"]
    state.settings.groups = list(ev["groups"])
    state.settings.group_colors = list(ev["colors"])
    if not renamed:
        return
    for person in state.participants.values():
        person.group = renamed.get(person.group, person.group)
    for note in state.notes.values():
        note.group = renamed.get(note.group, note.group)
    state.projector.group = renamed.get(state.projector.group, state.projector.group)
    state.recount()  # dots count for their voter's group: under its new name


FOLD = {"groups_changed": _fold_groups}
