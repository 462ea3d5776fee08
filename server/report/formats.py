"""The export formats by name, for the HTTP route and the command line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from server.domain.state import BoardState
from server.report import csv_export, json_export, markdown


@dataclass(frozen=True)
class Format:
    render: Callable[[BoardState], str]
    media_type: str


FORMATS: dict[str, Format] = {
    "md": Format(markdown.export, "text/markdown; charset=utf-8"),
    "csv": Format(csv_export.export, "text/csv; charset=utf-8"),
    "json": Format(json_export.export, "application/json"),
}


def filename(state: BoardState, fmt: str) -> str:
    """A download name from the board's title, e.g. ``metanet-cybercrime-sprint.md``."""
    slug = re.sub(r"[^a-z0-9]+", "-", state.settings.title.lower()).strip("-")[:60] or "board"
    return f"metanet-{slug}.{fmt}"
