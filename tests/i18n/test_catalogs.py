"""The six catalogs agree: every key in every language, the same placeholders, the right plural forms.

The plural categories are the ones Chromium's ``Intl.PluralRules`` uses (tests/web/test_plural_rules.py
checks this table against the browser itself), so a Russian count picks one of four forms and an
Arabic count one of six.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from server.i18n import LANGUAGES
from server.i18n.catalogs import WEB_I18N

PLURAL_CATEGORIES = {
    "en": {"one", "other"},
    "fr": {"one", "many", "other"},
    "es": {"one", "many", "other"},
    "ru": {"one", "few", "many", "other"},
    "ar": {"zero", "one", "two", "few", "many", "other"},
    "zh": {"other"},
}
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
WEB = WEB_I18N.parent


def load(lang: str) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((WEB_I18N / f"{lang}.json").read_text(encoding="utf-8"))
    return data


def flat(lang: str) -> dict[str, Any]:
    return {f"{section}.{key}": value for section, entries in load(lang).items() for key, value in entries.items()
            if not key.startswith("_")}


def placeholders(value: Any) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


def test_one_catalog_per_language_and_nothing_else() -> None:
    assert sorted(p.stem for p in WEB_I18N.glob("*.json")) == sorted(LANGUAGES)
    assert set(PLURAL_CATEGORIES) == set(LANGUAGES)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_key_in_every_language_with_the_same_placeholders(lang: str) -> None:
    english, other = flat("en"), flat(lang)
    assert sorted(set(english) - set(other)) == [], f"{lang} lacks these keys"
    assert sorted(set(other) - set(english)) == [], f"{lang} has keys English does not"
    assert list(load(lang)) == list(load("en")), "the sections in a different order"
    for key, value in english.items():
        assert isinstance(other[key], type(value)), f"{lang} {key}: plural in one language, plain in the other"
        assert placeholders(other[key]) == placeholders(value), f"{lang} {key}: placeholders differ"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_plurals_have_exactly_the_languages_categories(lang: str) -> None:
    for key, value in flat(lang).items():
        if isinstance(value, dict):
            assert set(value) == PLURAL_CATEGORIES[lang], f"{lang} {key}: forms {sorted(value)}"
            assert all(isinstance(text, str) and text for text in value.values()), f"{lang} {key}: an empty form"
        else:
            assert isinstance(value, str) and value.strip(), f"{lang} {key}: empty"


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - {"en"}))
def test_translated_not_copied(lang: str) -> None:
    """A string identical to the English one is a translation forgotten (short, universal ones excepted)."""
    english, other = flat("en"), flat(lang)
    same = [key for key, value in english.items()
            if isinstance(value, str) and value == other[key] and re.search(r"[A-Za-z]{4,}", universal_removed(value))]
    assert not same, f"{lang}: still in English: {same}"


# Names that stay as they are in every language (the product, file formats).
ALLOWED_SAME = ("Metanet", "CSV", "JSON", "Markdown", "QR")


def universal_removed(text: str) -> str:
    text = PLACEHOLDER.sub("", text)
    for name in ALLOWED_SAME:
        text = text.replace(name, "")
    return text

# t("section.key") and data-i18n="section.key" in the pages and modules (keys built at run time, such
# as "errors." + reason, are checked where they are made).
USED = re.compile(r"""(?:\bt|\btn|\bwords\.t|\bwords\.nodes|\.t)\(\s*["']([a-z_]+\.[a-z_0-9.]+)["']"""
                  r"""|data-i18n(?:-[a-z-]+)?=["']([a-z_]+\.[a-z_0-9.]+)["']""")

COMMENT = re.compile(r"^\s*(//|/?\*).*$", re.M)  # comment lines: examples, not uses


def used_keys() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in [*WEB.rglob("*.js"), *WEB.rglob("*.html")]:
        if "vendor" in path.parts:
            continue
        code = COMMENT.sub("", path.read_text(encoding="utf-8")) if path.suffix == ".js" else path.read_text(encoding="utf-8")
        for match in USED.finditer(code):
            found.setdefault(match.group(1) or match.group(2), str(path.relative_to(WEB)))
    return found


def test_every_key_the_pages_use_is_in_the_catalog() -> None:
    known = flat("en")
    missing = {key: where for key, where in used_keys().items() if key not in known}
    assert not missing, f"used but not in web/i18n/en.json: {missing}"
