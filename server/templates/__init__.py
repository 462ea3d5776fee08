"""Agenda templates, one JSON file each beside this module. Add a file to add a template."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from server.i18n import PSEUDO
from server.i18n.pseudo import pseudo_text

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


def words_with_pseudo(item: dict[str, Any], fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``item``'s translations (its ``i18n`` map) and the test language ``en-XA`` made from its English
    ``fields``, so that a page in ``?lang=en-XA`` shows a template's words marked like the catalogs'."""
    marked = {field: pseudo_text(item[field]) for field in fields if isinstance(item.get(field), str) and item[field]}
    return {**(item.get("i18n") or {}), PSEUDO: marked}


def listed(template: dict[str, Any]) -> dict[str, Any]:
    """A board template as ``GET /api/templates`` lists it (its phases' words in every language)."""
    return {
        "name": template["name"], "title": template["title"], "description": template["description"],
        "i18n": words_with_pseudo(template, ("title", "description")),
        "settings": template.get("settings") or {},
        "phases": [{**p, "i18n": words_with_pseudo(p, ("title", "hint"))} for p in template["phases"]],
    }  # fmt: skip
