"""Event templates ("Run an event"): one JSON file each beside this module, listing the metanets to create.

Each metanet names a board template (``server/templates/*.json``) for its agenda.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def all_event_templates() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            out[data["name"]] = data
    return out


def metanets_of(name: str) -> list[dict[str, Any]]:
    """The metanets of event template ``name``; KeyError if there is none."""
    return [dict(m) for m in all_event_templates()[name]["metanets"]]
