"""The whole board as JSON: re-importable (``POST /api/boards/import``), and the outcome besides.

::

    {"format": "metanet-board", "version": 1,
     "board":  {...},   # server.domain.portable.document: what an import reads
     "report": {...}}   # server.report.data.build: derived, ignored by an import

The output depends on the board's content only (no export time, no board id,
join code or secret), so exporting, importing and exporting again gives the
same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from server.domain import portable
from server.domain.state import BoardState
from server.domain.text import plain_all
from server.report import data


def build(state: BoardState) -> dict[str, Any]:
    return {
        "format": portable.FORMAT,
        "version": portable.VERSION,
        "board": plain_all(portable.document(state)),  # see server.domain.text
        "report": data.build(state),
    }


def export(state: BoardState) -> str:
    return json.dumps(build(state), ensure_ascii=False, indent=2) + "\n"
