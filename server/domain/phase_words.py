"""A phase's title and hint in other languages: ``i18n = {"fr": {"title": ..., "hint": ...}, ...}``.

Phases made from a template carry the template's translations, so every screen can show a
phase in its own language (``phase.i18n[lang].title``, else ``phase.title``). A board made in
another language than English takes that language's words as its phases' own, and keeps the
English ones in ``i18n["en"]``. When the facilitator edits a phase's title or hint, its
translations would say something else: they are dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from server.domain.state import Phase
from server.domain.text import plain
from server.errors import InvalidCommand
from server.i18n import DEFAULT, LANGUAGES

PhaseWords = dict[str, dict[str, str]]
FIELDS = ("title", "hint")


def parse_words(raw: Any, title_limit: int, hint_limit: int) -> PhaseWords:
    """Translations from untrusted input: language codes of the six to ``{title, hint}`` (either may be left out)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InvalidCommand("phase i18n must map language codes to {title, hint}")
    out: PhaseWords = {}
    for lang, words in raw.items():
        if lang not in LANGUAGES or not isinstance(words, dict) or set(words) - set(FIELDS):
            raise InvalidCommand("phase i18n must map language codes to {title, hint}")
        if not all(isinstance(text, str) for text in words.values()):
            raise InvalidCommand("a phase's translated title and hint must be text")
        title, hint = (plain(words.get(name, "")).strip() for name in FIELDS)
        if len(title) > title_limit:
            raise InvalidCommand(f"a translated phase title is longer than {title_limit} characters",
                                 reason="phase_title_too_long", params={"max": title_limit})
        if len(hint) > hint_limit:
            raise InvalidCommand(f"a translated phase hint is longer than {hint_limit} characters",
                                 reason="phase_hint_too_long", params={"max": hint_limit})
        kept = {name: text for name, text in zip(FIELDS, (title, hint), strict=True) if text}
        if kept:
            out[str(lang)] = kept
    return out


def in_language(agenda: list[Phase], language: str) -> list[Phase]:
    """The agenda with each phase's title and hint in ``language`` where it has them (English kept in ``i18n``)."""
    out: list[Phase] = []
    for phase in agenda:
        words = phase.i18n.get(language)
        if not words:
            out.append(phase)
            continue
        i18n = dict(phase.i18n)
        if DEFAULT not in i18n:  # the phase's own words are English (a template's)
            i18n[DEFAULT] = {name: text for name, text in (("title", phase.title), ("hint", phase.hint)) if text}
        out.append(replace(phase, title=words.get("title", phase.title), hint=words.get("hint", phase.hint), i18n=i18n))
    return out


def after_edit(old: Phase | None, new: Phase, sent: bool) -> Phase:
    """``new`` (a phase of an edited agenda) with the translations it should keep.

    ``sent``: whether the edit carried ``i18n`` itself. A phase whose title and hint are unchanged
    keeps its translations (an editor need not send them back); an edited one loses them, unless
    the edit sent new ones.
    """
    if old is None:
        return new
    if (new.title, new.hint) == (old.title, old.hint):
        return new if sent else replace(new, i18n=old.i18n)
    return new if sent and new.i18n != old.i18n else replace(new, i18n={})
