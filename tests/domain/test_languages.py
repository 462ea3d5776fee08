"""A board's languages (the shared screens' and a second one) and its phases' translations, in the pure domain."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from server import templates
from server.domain.board import decide, fold, replay
from server.domain.state import BoardState, Settings
from server.errors import Forbidden, InvalidCommand
from server.i18n import LANGUAGES
from tests.domain.boards import ALICE, FAC, T0, Board


def _created(settings: dict[str, Any] | None = None, phases: list[dict[str, Any]] | None = None) -> Board:
    return Board(settings=settings, phases=phases)


# -- settings ------------------------------------------------------------------------


def test_a_board_speaks_english_with_no_second_language_by_default() -> None:
    s = _created().state.settings
    assert (s.language, s.second_language) == ("en", "")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_each_of_the_six_languages_can_be_the_boards_and_the_second(lang: str) -> None:
    b = _created(settings={"language": lang})
    assert b.state.settings.language == lang
    other = "ar" if lang != "ar" else "zh"
    b.do(FAC, "update_settings", settings={"language": other, "second_language": lang})
    assert (b.state.settings.language, b.state.settings.second_language) == (other, lang)
    b.do(FAC, "update_settings", settings={"second_language": ""})
    assert b.state.settings.second_language == ""


@pytest.mark.parametrize("settings", [{"language": "de"}, {"language": ""}, {"language": "EN"}, {"language": None},
                                      {"language": "en-XA"}, {"second_language": "pt"}, {"second_language": 1},
                                      {"language": "fr", "second_language": "xx"}])
def test_a_language_not_of_the_six_is_refused_and_nothing_changes(settings: dict[str, Any]) -> None:
    b = _created(settings={"language": "ru", "second_language": "es"})
    before, seq = asdict(b.state.settings), b.state.seq
    with pytest.raises(InvalidCommand) as refused:
        b.do(FAC, "update_settings", settings=settings)
    assert refused.value.reason == "unknown_language"
    assert (asdict(b.state.settings), b.state.seq) == (before, seq)
    with pytest.raises(InvalidCommand):
        decide(BoardState("b2"), {"type": "create_board", "code": "X", "facilitator_hash": "h", "settings": settings},
               FAC, T0)


def test_only_the_facilitator_changes_the_language() -> None:
    b = _created()
    b.join(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, "update_settings", settings={"language": "fr"})
    assert b.state.settings.language == "en"


def test_a_log_written_before_languages_folds_to_the_defaults() -> None:
    """A board stored by an older version has no language in its events' settings."""
    b = _created(settings={"dots_per_person": 7})
    old_log = []
    for seq, event in b.log:
        event = {**event, "settings": {k: v for k, v in event["settings"].items()
                                       if k not in ("language", "second_language")}}
        event["phases"] = [{k: v for k, v in p.items() if k != "i18n"} for p in event.get("phases", [])]
        old_log.append((seq, event))
    old_settings = {k: v for k, v in asdict(Settings(title="Older")).items() if k not in ("language", "second_language")}
    old_log.append((len(old_log) + 1, {"type": "settings_changed", "settings": old_settings}))
    state = replay("b1", old_log[:1])
    assert (state.settings.language, state.settings.second_language, state.settings.dots_per_person) == ("en", "", 7)
    assert all(p.i18n == {} for p in state.phases)
    fold(state, 2, old_log[1][1])
    assert (state.settings.title, state.settings.language, state.settings.second_language) == ("Older", "en", "")


# -- phases' translations -----------------------------------------------------------

WRITE = {"id": "write", "kind": "write", "title": "Write silently", "hint": "One idea per note.",
         "i18n": {"fr": {"title": "Écrire en silence", "hint": "Une idée par note."},
                  "ar": {"title": "الكتابة بصمت", "hint": "فكرة واحدة في كل ملاحظة."}}}
VOTE = {"id": "vote", "kind": "vote", "title": "Dot vote", "i18n": {"ru": {"title": "Голосование точками"}}}


def test_phases_keep_their_translations() -> None:
    b = _created(phases=[WRITE, VOTE])
    write, vote = b.state.phases
    assert (write.title, write.hint) == ("Write silently", "One idea per note.")
    assert write.i18n == WRITE["i18n"] and vote.i18n == {"ru": {"title": "Голосование точками"}}


def test_a_board_made_in_french_has_its_phases_in_french_and_keeps_the_english() -> None:
    b = _created(settings={"language": "fr"}, phases=[WRITE, VOTE])
    write, vote = b.state.phases
    assert (write.title, write.hint) == ("Écrire en silence", "Une idée par note.")
    assert write.i18n["en"] == {"title": "Write silently", "hint": "One idea per note."}
    assert write.i18n["ar"] == WRITE["i18n"]["ar"] and write.i18n["fr"] == WRITE["i18n"]["fr"]
    assert (vote.title, vote.i18n) == ("Dot vote", VOTE["i18n"])  # no French for it: stays as it was


def test_a_board_made_in_russian_takes_only_the_words_it_has() -> None:
    write, vote = _created(settings={"language": "ru"}, phases=[WRITE, VOTE]).state.phases
    assert (write.title, write.i18n) == ("Write silently", WRITE["i18n"])
    assert (vote.title, vote.hint) == ("Голосование точками", "")
    assert vote.i18n["en"] == {"title": "Dot vote"}


@pytest.mark.parametrize("name", sorted(templates.all_templates()))
def test_every_templates_phases_have_a_title_and_hint_in_all_six(name: str) -> None:
    for lang in sorted(LANGUAGES):
        phases = _created(settings={"language": lang}, phases=templates.phases_of(name)).state.phases
        for phase, source in zip(phases, templates.phases_of(name), strict=True):
            assert set(phase.i18n) >= set(LANGUAGES) - {"en"}, (name, phase.id)
            words = source["i18n"].get(lang, {"title": source["title"], "hint": source["hint"]})
            assert (phase.title, phase.hint) == (words["title"], words["hint"]), (name, lang, phase.id)
            if lang != "en":
                assert phase.i18n["en"] == {"title": source["title"], "hint": source["hint"]}
                assert phase.title != source["title"] or phase.id == "test", (name, lang, phase.id)


def _agenda(b: Board) -> list[dict[str, Any]]:
    """The agenda as an editor sends it back: without the translations."""
    return [{k: v for k, v in asdict(p).items() if k != "i18n"} for p in b.state.phases]


def test_editing_a_phases_title_drops_its_translations_and_only_its() -> None:
    b = _created(phases=[WRITE, VOTE])
    agenda = _agenda(b)
    agenda[1]["title"] = "Vote with dots"
    b.do(FAC, "set_agenda", phases=agenda)
    write, vote = b.state.phases
    assert (vote.title, vote.i18n) == ("Vote with dots", {})
    assert write.i18n == WRITE["i18n"]  # unchanged, and not sent back: kept


def test_editing_a_phases_hint_drops_its_translations() -> None:
    b = _created(phases=[WRITE, VOTE])
    agenda = _agenda(b)
    agenda[0]["hint"] = "Two ideas per note."
    b.do(FAC, "set_agenda", phases=agenda)
    assert b.state.phases[0].i18n == {} and b.state.phases[1].i18n == VOTE["i18n"]


def test_sending_the_old_translations_back_with_a_new_title_still_drops_them() -> None:
    b = _created(phases=[WRITE, VOTE])
    agenda = [asdict(p) for p in b.state.phases]  # an editor that echoes i18n
    agenda[0]["title"] = "Write"
    b.do(FAC, "set_agenda", phases=agenda)
    assert b.state.phases[0].i18n == {}


def test_a_moved_or_retimed_phase_keeps_its_translations() -> None:
    b = _created(phases=[WRITE, VOTE, {"id": "talk", "kind": "discuss", "title": "Talk"}])
    agenda = _agenda(b)
    agenda[1]["duration"] = 120
    agenda[1], agenda[2] = agenda[2], agenda[1]
    b.do(FAC, "set_agenda", phases=agenda)
    assert [p.id for p in b.state.phases] == ["write", "talk", "vote"]
    assert b.state.phases[2].i18n == VOTE["i18n"] and b.state.phases[0].i18n == WRITE["i18n"]


@pytest.mark.parametrize("i18n", ["fr", {"de": {"title": "Schreiben"}}, {"fr": "Écrire"}, {"fr": {"titre": "x"}},
                                  {"fr": {"title": 3}}, {"fr": {"title": "x" * 81}}, {"fr": {"hint": "x" * 281}}])
def test_bad_translations_are_refused(i18n: Any) -> None:
    with pytest.raises(InvalidCommand):
        _created(phases=[{**WRITE, "i18n": i18n}])


def test_translations_lose_control_and_bidi_characters() -> None:
    write = _created(phases=[{**WRITE, "i18n": {"fr": {"title": "É\u202ecrire\x00", "hint": "  "}}}]).state.phases[0]
    assert write.i18n == {"fr": {"title": "Écrire"}}
