"""The report's catalogs (server/report/locale/*.json): every key in every language, the same placeholders,
the plural forms CLDR gives each language, and the punctuation of Arabic and Chinese."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.dates import format_datetime

from server.i18n import LANGUAGES
from server.report.words import catalog

LOCALE = Path(__file__).resolve().parents[2] / "server" / "report" / "locale"
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
# The plural categories of each language (CLDR; the same sets the screens' catalogs use, docs of issue #14).
PLURALS = {"en": {"one", "other"}, "fr": {"one", "many", "other"}, "es": {"one", "many", "other"},
           "ru": {"one", "few", "many", "other"}, "ar": {"zero", "one", "two", "few", "many", "other"}, "zh": {"other"}}
OTHERS = [lang for lang in LANGUAGES if lang != "en"]
# Keys whose text may be the English text in that language: checked by eye, not forgotten.
SAME_AS_ENGLISH = {
    "*": {"separator", "formats.time", "group_dots", "note_dots_groups", "note_group_dots", "group_people_dots",
          "ranked_note", "event_summary"},
    "fr": {"col_participants", "total", "kind_vote", "duration_seconds", "duration_minutes", "formats.day_time"},
    "es": {"total", "duration_seconds", "duration_minutes", "duration_hours"},
    "ru": {"note_group_dots"},
    "ar": set(),
    "zh": set(),
}


def _strings(lang: str) -> dict[str, Any]:
    whole = catalog(lang)
    return {**{f"formats.{k}": v for k, v in whole["formats"].items()}, **whole["report"], **whole["event"]}


def _holes(value: Any) -> set[str]:
    forms = [value] if isinstance(value, str) else list(value.values())
    return {name for form in forms for name in PLACEHOLDER.findall(form)}


def test_every_language_has_the_same_sections_and_keys_in_the_same_order() -> None:
    assert sorted(p.stem for p in LOCALE.glob("*.json")) == sorted(LANGUAGES)
    en = catalog("en")
    assert not set(en["report"]) & set(en["event"])  # one namespace for the two sections
    for lang in OTHERS:
        other = catalog(lang)
        assert list(other) == list(en), lang
        for section in en:
            if section != "_about":
                assert list(other[section]) == list(en[section]), (lang, section)


@pytest.mark.parametrize("lang", OTHERS)
def test_the_same_placeholders_in_every_language(lang: str) -> None:
    en, other = _strings("en"), _strings(lang)
    for key, value in other.items():
        assert _holes(value) == _holes(en[key]), (lang, key, value)
        if isinstance(value, dict):  # a form may leave {count} out only where the word says it: "صوتان"
            for category, form in value.items():
                missing = _holes(en[key]) - _holes(form)
                assert not missing or (missing == {"count"} and category in ("zero", "one", "two")), (lang, key, category)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_plural_forms_are_the_languages_cldr_categories(lang: str) -> None:
    cldr = set(Locale.parse(lang).plural_form.tags) | {"other"}
    assert cldr == PLURALS[lang]
    plurals = {k: v for k, v in _strings(lang).items() if isinstance(v, dict)}
    assert len(plurals) >= 13
    for key, forms in plurals.items():
        assert set(forms) == PLURALS[lang], (lang, key)
        assert isinstance(_strings("en")[key], dict), key  # a plural in English too


@pytest.mark.parametrize("lang", OTHERS)
def test_nothing_is_left_in_english(lang: str) -> None:
    en, other = _strings("en"), _strings(lang)
    allowed = SAME_AS_ENGLISH["*"] | SAME_AS_ENGLISH[lang]
    same = sorted(k for k, v in other.items() if v == en[k] and k not in allowed)
    assert not same, same


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_date_patterns_format(lang: str) -> None:
    moment = datetime.datetime(2026, 11, 23, 9, 5, tzinfo=datetime.UTC)
    for name, pattern in catalog(lang)["formats"].items():
        out = format_datetime(moment, pattern, tzinfo=datetime.UTC, locale=lang)
        assert "05" in out or name in ("date", "due"), (lang, name, out)
        assert "2026" in out or name in ("time", "day_time"), (lang, name, out)


def _prose(lang: str) -> list[str]:
    out = []
    for key, value in _strings(lang).items():
        if not key.startswith("formats."):
            out += [value] if isinstance(value, str) else list(value.values())
    return [PLACEHOLDER.sub("", s) for s in out]


def test_arabic_uses_arabic_punctuation() -> None:
    for s in _prose("ar"):
        assert not re.search(r"[,;?]", s), s
    assert any("،" in s for s in _prose("ar"))


def test_chinese_uses_full_width_punctuation() -> None:
    for s in _prose("zh"):
        assert not re.search(r"[,:;?!()]|\.(?!\.)", s), s
    assert any("。" in s for s in _prose("zh")) and any("：" in s for s in _prose("zh"))


def test_the_catalogs_are_json_as_written() -> None:
    """Hand-editable: UTF-8 text, no escapes for the letters, one key a line (as en.json)."""
    for path in LOCALE.glob("*.json"):
        source = path.read_text(encoding="utf-8")
        assert "\\u0" not in source and json.loads(source)
        assert len(source.splitlines()) == len((LOCALE / "en.json").read_text(encoding="utf-8").splitlines()), path.name
