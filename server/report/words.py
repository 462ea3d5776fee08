"""The report's own words in one of the six languages: catalogs, plurals, numbers, dates and lists.

A report's headings, labels and sentences come from ``server/report/locale/{lang}.json`` (one file per
language, the same keys and ``{placeholders}`` in each; ``tests/report/test_locale.py`` checks). Plural
forms are keyed by the CLDR categories of the language (``ar``: zero one two few many other; ``ru``: one
few many other; ``zh``: other) and chosen by Babel's CLDR plural rules; numbers, percentages and lists
are formatted by Babel too, and dates by the CLDR patterns in the catalog's ``formats`` section (fixed
patterns rather than skeletons, so a report reads the same from one Babel release to the next). People's
words -- notes, names, titles -- never pass through here: they go into placeholders as they are.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from server.domain.state import Settings
from server.i18n import DEFAULT, LANGUAGES

_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


class UnknownLanguage(ValueError):
    """A report language Metanet has no catalog for."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(f"no report language {lang!r}: use one of {', '.join(LANGUAGES)}")


@cache
def catalog(lang: str) -> dict[str, Any]:
    """The report catalog of ``lang`` (sections ``formats``, ``report``, ``event``), as stored."""
    if lang not in LANGUAGES:
        raise UnknownLanguage(lang)
    source = resources.files("server.report").joinpath("locale", f"{lang}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(source)
    return data


def fill(template: str, params: dict[str, str]) -> str:
    """``template`` with each ``{name}`` replaced by ``params[name]`` (a missing one is a KeyError)."""
    return _PLACEHOLDER.sub(lambda m: params[m.group(1)], template)


class Words:
    """The report's words in one language: ``t`` for a sentence, ``n`` for one with a count."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        whole = catalog(lang)
        self.formats: dict[str, str] = whole["formats"]
        self.strings: dict[str, Any] = {**whole["report"], **whole["event"]}
        self.dir = LANGUAGES[lang][1]

    def _params(self, params: dict[str, Any]) -> dict[str, str]:
        return {k: self.number(v) if isinstance(v, int) else str(v) for k, v in params.items()}

    def t(self, key: str, **params: Any) -> str:
        value = self.strings[key]
        if not isinstance(value, str):
            raise TypeError(f"{key} has plural forms: use n()")
        return fill(value, self._params(params))

    def n(self, key: str, count: int, **params: Any) -> str:
        """The form of ``key`` for ``count`` (CLDR's category for it in this language), filled in."""
        forms: dict[str, str] = self.strings[key]
        category = self.locale.plural_form(count)
        return fill(forms.get(category, forms["other"]), self._params({"count": count, **params}))

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        return format_percent(round(share, 2), locale=self.locale)

    def listing(self, items: list[str]) -> str:
        """Items joined as a sentence would ("a, b and c" in English)."""
        return str(format_list(items, locale=self.locale)) if items else ""

    def join(self, items: list[str]) -> str:
        """Items side by side ("a, b"; "a、b" in Chinese; "a، b" in Arabic): names, not a sentence."""
        separator: str = self.strings["separator"]
        return separator.join(items)

    def date(self, t: float | datetime.date, pattern: str) -> str:
        """``t`` (epoch seconds, UTC; or a date) in the catalog's pattern ``pattern`` (a key of ``formats``)."""
        if isinstance(t, float | int):
            moment = datetime.datetime.fromtimestamp(t, datetime.UTC)
        else:
            moment = datetime.datetime(t.year, t.month, t.day, tzinfo=datetime.UTC)
        return format_datetime(moment, self.formats[pattern], tzinfo=datetime.UTC, locale=self.locale)

    def due(self, iso: str) -> str:
        """A roadmap due date (``YYYY-MM-DD``) as the language writes dates; anything else as it is."""
        try:
            return self.date(datetime.date.fromisoformat(iso), "due")
        except ValueError:
            return iso

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        s = round(seconds)
        if s < 60:
            return self.t("duration_seconds", seconds=s)
        minutes = round(s / 60)
        if minutes < 60:
            return self.t("duration_minutes", minutes=minutes)
        return self.t("duration_hours", hours=minutes // 60, minutes=f"{minutes % 60:02d}")

    def group(self, name: str) -> str:
        """A stakeholder group's name; the one Metanet gives a facilitator's own dots, translated."""
        return self.t("facilitator_group") if name == "Facilitator" else name


def known(lang: str) -> bool:
    return lang in LANGUAGES


@cache
def words(lang: str = DEFAULT) -> Words:
    """The report words of ``lang`` (:class:`UnknownLanguage` if Metanet has no catalog for it)."""
    return Words(lang)


def board_language(settings: Settings) -> str:
    """The language a board's report is written in when none is asked for: its ``language`` setting."""
    return settings.language if known(settings.language) else DEFAULT


def choose(asked: str | None, settings: Settings) -> Words:
    """The words of the language ``asked`` for (``?lang=``, ``--lang``), else the board's own language."""
    if asked is None:
        return words(board_language(settings))
    lang = asked.strip()
    if not known(lang):
        raise UnknownLanguage(asked)
    return words(lang)
