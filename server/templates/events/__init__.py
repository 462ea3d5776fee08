"""Event templates ("Run an event"): one JSON file each beside this module, listing the metanets to create.

Each metanet names a board template (``server/templates/*.json``) for its agenda.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from server.templates import json_by_name


@cache
def all_event_templates() -> dict[str, dict[str, Any]]:
    return json_by_name(__name__)


def metanets_of(name: str) -> list[dict[str, Any]]:
    """The metanets of event template ``name``; KeyError if there is none."""
    return [dict(m) for m in all_event_templates()[name]["metanets"]]
