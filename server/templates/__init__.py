"""Agenda templates, one JSON file each beside this module. Add a file to add a template."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

DEFAULT = "note-and-vote"


def json_by_name(package: str) -> dict[str, dict[str, Any]]:
    """Every ``*.json`` file in ``package``, by its ``name`` field (board and event templates)."""
    out: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            out[data["name"]] = data
    return out


@cache
def all_templates() -> dict[str, dict[str, Any]]:
    return json_by_name(__name__)


def phases_of(name: str) -> list[dict[str, Any]]:
    """The phases of template ``name``; KeyError if there is none."""
    return [dict(p) for p in all_templates()[name]["phases"]]


def settings_of(name: str) -> dict[str, Any]:
    """Board settings template ``name`` starts with (a request's own settings override them)."""
    return dict(all_templates()[name].get("settings") or {})
