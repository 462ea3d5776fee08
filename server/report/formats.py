"""The export formats by name, for the HTTP route and the command line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from server.domain.state import BoardState
from server.report import csv_export, json_export, markdown
from server.report.words import Words

# First in a CSV download: without it Excel reads a CSV in the computer's legacy code page, and
# Arabic, Chinese, Russian (or accented) notes come out garbled -- in a report in any language,
# since people write in their own. LibreOffice, Google Sheets and Python's "utf-8-sig" take it as
# the UTF-8 mark it is. ``metanet export`` writes none: its output feeds pipes and programs.
BOM = "\ufeff"


@dataclass(frozen=True)
class Format:
    render: Callable[[BoardState, Words], str]
    media_type: str
    bom: bool = False

    def output(self, text: str) -> str:
        """The rendered text as it is saved: with the byte order mark where the format needs one."""
        return BOM + text if self.bom else text


FORMATS: dict[str, Format] = {
    "md": Format(markdown.export, "text/markdown; charset=utf-8"),
    "csv": Format(csv_export.export, "text/csv; charset=utf-8", bom=True),
    "json": Format(json_export.export, "application/json"),
}


def filename(state: BoardState, fmt: str, lang: str = "en") -> str:
    """A download name from the board's title, e.g. ``metanet-cybercrime-sprint.md``; a Markdown report
    in another language than English says which: ``metanet-cybercrime-sprint.fr.md``."""
    slug = re.sub(r"[^a-z0-9]+", "-", state.settings.title.lower()).strip("-")[:60] or "board"
    return f"metanet-{slug}.{lang}.{fmt}" if fmt == "md" and lang != "en" else f"metanet-{slug}.{fmt}"
