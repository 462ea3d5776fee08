"""The pseudo-language ``en-XA``: English, marked and lengthened, to find hard-coded text and tight boxes.

``"Join {name}"`` becomes ``"⟦Ĵóîñ {name}·····⟧"``: the markers show that a string came from the catalog, the
accents that nothing re-typed it, and the dots make it 40 % longer, as French or Russian often are.
Placeholders are left alone so that the page can still fill them in.
"""

from __future__ import annotations

import math
import re
from typing import Any

OPEN, CLOSE = "⟦", "⟧"
_ACCENTS = str.maketrans(
    "AaCcEeIiJjNnOoSsUuYyZz",
    "ÅåÇçÉéÎîĴĵÑñÖöŠšÛûÝýŽž",
)
_PLACEHOLDER = re.compile(r"(\{[a-z_0-9]+\})")


def pseudo_text(text: str) -> str:
    if not text:
        return text
    parts = _PLACEHOLDER.split(text)
    out = "".join(part if _PLACEHOLDER.fullmatch(part) else part.translate(_ACCENTS) for part in parts)
    visible = sum(len(part) for part in parts if not _PLACEHOLDER.fullmatch(part))
    return f"{OPEN}{out}{'·' * math.ceil(visible * 0.4)}{CLOSE}"


def pseudo(value: Any) -> Any:
    """``value`` (a string, or a map of strings and maps, as a catalog is) in the pseudo-language."""
    if isinstance(value, str):
        return pseudo_text(value)
    if isinstance(value, dict):
        return {key: pseudo(item) for key, item in value.items()}
    return value
