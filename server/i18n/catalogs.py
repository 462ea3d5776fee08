"""The screens' catalogs: ``web/i18n/{lang}.json``, served a page's sections at a time.

A catalog is a map of sections (``common``, ``phone``, ``console``, ...), each a map of keys to a
string with ``{named}`` placeholders, or to a map of plural forms (the categories of
``Intl.PluralRules`` for that language: ``one``, ``few``, ``many``, ``other``...). A phone asks for
``/i18n/ru.json?s=common,phone,errors`` and gets only those sections, so its first load stays small;
the source stays one file per language for translators.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from server.i18n import DEFAULT, LANGUAGES, PSEUDO
from server.i18n.pseudo import pseudo

WEB_I18N = Path(__file__).resolve().parents[2] / "web" / "i18n"


@cache
def catalog(lang: str) -> dict[str, dict[str, Any]]:
    """The whole catalog of ``lang`` (``en-XA`` made from English)."""
    if lang == PSEUDO:
        return pseudo(catalog(DEFAULT))  # type: ignore[no-any-return]
    if lang not in LANGUAGES:
        raise KeyError(lang)
    data: dict[str, dict[str, Any]] = json.loads((WEB_I18N / f"{lang}.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=256)
def sections_json(lang: str, sections: tuple[str, ...]) -> bytes:
    """The named sections of ``lang``'s catalog as one JSON document (unknown sections are left out)."""
    whole = catalog(lang)
    chosen = {name: {key: value for key, value in whole[name].items() if not key.startswith("_")}
              for name in sections if name in whole}  # "_about" and the like are notes for translators
    return json.dumps(chosen, ensure_ascii=False, separators=(",", ":")).encode()
