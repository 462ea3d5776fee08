"""The six UN languages of Metanet's screens and reports, and the test language ``en-XA``.

The catalogs the browser reads live in ``web/i18n/{lang}.json`` (one file per language, one section
per screen); :mod:`server.i18n.catalogs` serves a page the sections it needs. ``en-XA`` is made from
English on the fly (:func:`server.i18n.pseudo.pseudo`): every string wrapped in markers and made 40 %
longer, so a test can see any text that does not come from a catalog and any box it would overflow.
"""

from __future__ import annotations

# Code -> (name in its own language, writing direction). The order is the UN's: alphabetical in English.
LANGUAGES: dict[str, tuple[str, str]] = {
    "ar": ("العربية", "rtl"),
    "zh": ("中文", "ltr"),
    "en": ("English", "ltr"),
    "fr": ("Français", "ltr"),
    "ru": ("Русский", "ltr"),
    "es": ("Español", "ltr"),
}
PSEUDO = "en-XA"
DEFAULT = "en"


def known(lang: str) -> bool:
    """A language Metanet has a catalog for (the pseudo-language included)."""
    return lang in LANGUAGES or lang == PSEUDO


def direction(lang: str) -> str:
    return LANGUAGES.get(lang, ("", "ltr"))[1]
