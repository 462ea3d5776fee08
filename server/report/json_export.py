"""The whole board as JSON: re-importable (``POST /api/boards/import``), and the outcome besides.

::

    {"format": "metanet-board", "version": 1,
     "board":  {...},   # server.domain.portable.document: what an import reads
     "report": {...}}   # server.report.data.build: derived, ignored by an import

The output depends on the board's content only (no export time, no board id,
join code or secret), so exporting, importing and exporting again gives the
same bytes. Its keys never change with the language: ``report.language`` says which was asked for,
and only the agenda's phase titles follow it (where the phases carry translations).
"""

from __future__ import annotations

import json
from typing import Any

from server.domain import portable
from server.domain.state import BoardState
from server.domain.text import plain_all
from server.report import data
from server.report.words import Words, choose


def build(state: BoardState, lang: str) -> dict[str, Any]:
    return {
        "format": portable.FORMAT,
        "version": portable.VERSION,
        "board": plain_all(portable.document(state)),  # see server.domain.text
        "report": data.build(state, lang),
    }


def export(state: BoardState, w: Words | None = None) -> str:
    """The JSON export; ``report.language`` records the language asked for (keys and values stay as they are)."""
    w = w or choose(None, state.settings)
    return json.dumps(build(state, w.lang), ensure_ascii=False, indent=2) + "\n"
