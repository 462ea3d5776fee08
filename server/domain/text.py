"""Text as people typed it: without the control characters a terminal, a spreadsheet or a log acts on.

A note is shown on phones and projectors, exported to Markdown, CSV and JSON,
and printed by ``metanet export`` in a terminal. None of them needs a control
character but the line break and the tab; NUL, BEL or an ANSI escape sequence
(``ESC [ 31 m``) only ever does harm there (a hidden colour change, a terminal
title, a cell cut short). :func:`plain` removes them when a text is stored
(the domain) and again when it is exported (``server/report``), for boards
stored before.

It removes the bidirectional embeddings, overrides and isolates too (U+202A–U+202E
LRE RLE PDF LRO RLO, U+2066–U+2069 LRI RLI FSI PDI): each opens a span that
reorders everything after it until its closing mark, so one unclosed U+202E in a
note turns the rest of a Markdown report, a CSV cell or a terminal line backwards
(and hides what a file name really says). Screens isolate people's words already
(``dir="auto"``, ``<bdi>``); the stored text should not need them.

The marks U+200E, U+200F (LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK) and U+061C (ARABIC
LETTER MARK) stay: they open no span, so they cannot reorder anything beyond the
characters next to them, and people writing Arabic with an English word (or their
keyboards) put them there on purpose, to keep a full stop or a bracket on the
right side. Removing them would change what was written.
"""

from __future__ import annotations

import re
from typing import Any

# Escape sequences whose characters would otherwise stay behind as visible junk: CSI (ESC [ or the
# 8-bit CSI, parameters, one final byte) and OSC (ESC ], up to BEL or ESC \).
_SEQUENCES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
# C0 (but tab and line feed), DEL and C1; the bidi embeddings, overrides and isolates.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """``text`` without control characters but line breaks and tabs (a CR or CR LF becomes a line break),
    and without bidi embeddings, overrides and isolates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def plain_all(value: Any) -> Any:
    """``value`` (maps, lists, numbers, text) with :func:`plain` applied to every text in it, keys too."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {plain_all(k): plain_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_all(v) for v in value]
    return value
