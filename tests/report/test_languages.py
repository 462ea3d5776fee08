"""The Markdown report in other languages: golden files (Arabic, French, Chinese), no English left in any,
right to left in Arabic, translated phase titles, numbers and plurals as the language writes them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from babel import Locale

from server.domain.state import Actor
from server.report import markdown, words
from server.report.words import UnknownLanguage
from tests.report.fixture import FAC, PHASES, Driver
from tests.report.languages import PHASE_TITLES, peoples_words, translated_board, without

GOLDEN = Path(__file__).parent / "golden"
OTHERS = ["ar", "zh", "fr", "ru", "es"]


def _report(lang: str) -> str:
    return markdown.export(translated_board().state, words.words(lang))


@pytest.mark.parametrize("lang", ["ar", "fr", "zh"])
def test_the_report_in_another_language_matches_its_golden_file(lang: str) -> None:
    """Reviewed by eye; after an intended change run with METANET_UPDATE_GOLDEN=1 and review the diff."""
    text = _report(lang)
    path = GOLDEN / f"report.{lang}.md"
    if os.environ.get("METANET_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_english_report_is_the_english_golden_file_even_with_phase_translations() -> None:
    assert _report("en") == (GOLDEN / "report.md").read_text(encoding="utf-8")


def _english_fragments() -> set[str]:
    """Every piece of English the report's catalog has (text between placeholders), and English day and month names."""
    found: set[str] = set()
    en = words.catalog("en")
    for section in ("report", "event"):
        for value in en[section].values():
            for form in [value] if isinstance(value, str) else value.values():
                for piece in re.split(r"\{[a-z_]+\}", form):
                    piece = piece.strip(" .,:;()*_—…·")
                    if len(re.findall(r"[A-Za-z]", piece)) >= 2:
                        found.add(piece)
    names = Locale.parse("en")
    for table in (names.days["format"]["abbreviated"], names.days["format"]["wide"],
                  names.months["format"]["abbreviated"], names.months["format"]["wide"]):
        found.update(table.values())
    return found


# Words a language shares with English, each checked by eye: not left untranslated. "Metanet" is the
# product's name ("Exported from Metanet."), and UTC a time scale's.
SAME_AS_ENGLISH = {
    "fr": {"participant", "participants", "Participants", "Total", "vote", "min", "UTC", "Question", "Metanet"},
    "es": {"Total", "min", "UTC", "Metanet"},
    "ru": {"UTC", "Metanet"},
    "ar": {"UTC", "Metanet"},
    "zh": {"UTC", "Metanet"},
}


def _empty_board() -> Driver:
    """A board just opened: no notes, no votes, no decisions, the first phase in progress, the rest not reached."""
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES, settings={"title": "Day 2"})
    return d


@pytest.mark.parametrize("board", ["fixed", "empty"])
@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_is_left_in_a_report_in_another_language(lang: str, board: str) -> None:
    state = (translated_board() if board == "fixed" else _empty_board()).state
    rest = without(markdown.export(state, words.words(lang)), peoples_words(state))
    left = sorted(f for f in _english_fragments() - SAME_AS_ENGLISH[lang]
                  if re.search(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", rest))
    assert not left, f"English in the {lang} report: {left}"
    if lang in ("ar", "zh", "ru"):  # a script without Latin letters: none may be left but names
        latin = set(re.findall(r"[A-Za-z]+", rest)) - {"UTC", "Metanet", "div", "dir", "rtl", "lang", "ar"}
        assert not latin, latin


def test_the_english_fragments_are_found_in_the_english_report() -> None:
    """The check above can fail: the English report is full of the fragments it looks for."""
    rest = without(_report("en"), peoples_words(translated_board().state))
    hits = [f for f in _english_fragments() if re.search(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", rest)]
    assert len(hits) >= 40, hits


def test_the_arabic_report_is_right_to_left_and_the_others_are_not() -> None:
    arabic = _report("ar")
    assert arabic.startswith('<div dir="rtl" lang="ar">\n\n# ')  # a blank line: Markdown still renders inside
    assert arabic.endswith("\n\n</div>\n")
    for lang in ("en", "fr", "zh", "ru", "es"):
        assert "<div" not in _report(lang)


def test_peoples_words_are_as_they_were_typed_in_every_language() -> None:
    board = translated_board().state
    typed = peoples_words(board)
    for lang in ("ar", "zh", "fr"):
        report = _report(lang)
        for note in board.notes.values():
            if not note.hidden:
                assert markdown.text(note.text) in report
        assert "Ministry of Justice, with UNODC" in report and "Joint paper on safeguards \\| v1" in report
        assert typed[0] in report


def test_phase_titles_come_from_the_phases_translations_where_they_have_them() -> None:
    for lang in ("fr", "ar", "zh"):
        report = _report(lang)
        for phase_id, titles in PHASE_TITLES.items():
            assert f"| {titles[lang]} |" in report, (lang, phase_id)
        assert "| Identify priorities |" not in report
    russian = _report("ru")  # no Russian titles: the typed ones
    assert "| Identify priorities |" in russian and "| Agree a roadmap |" in russian


def test_plurals_follow_arabic_six_forms_and_russian_four() -> None:
    ar, ru = words.words("ar"), words.words("ru")
    assert [ar.n("dots", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)] == [
        "0 صوت", "صوت واحد", "صوتان", "3 أصوات", "10 أصوات", "11 صوتًا", "99 صوتًا", "100 صوت", "102 صوت", "103 أصوات"]
    assert [ru.n("dots", n) for n in (1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111)] == [
        "1 голос", "2 голоса", "4 голоса", "5 голосов", "11 голосов", "12 голосов", "21 голос", "22 голоса",
        "25 голосов", "101 голос", "111 голосов"]
    assert [ru.n("participants", n) for n in (1, 3, 7)] == ["1 участник", "3 участника", "7 участников"]
    assert words.words("fr").n("dots_placed", 1_000_000) == "1\u202f000\u202f000 de voix exprimées"
    assert [words.words("zh").n("notes", n) for n in (1, 2)] == ["1条意见", "2条意见"]


def test_numbers_dates_and_durations_as_each_language_writes_them() -> None:
    t = 1795424400.0 + 3 * 86400 + 14 * 3600  # Thu 26 Nov 2026, 23:00 UTC
    assert words.words("en").date(t, "moment") == "Thu 26 Nov 2026, 23:00 UTC"
    assert words.words("fr").date(t, "moment") == "jeu. 26 nov. 2026 à 23 h 00 UTC"
    assert words.words("zh").date(t, "date") == "2026年11月26日周四"
    assert words.words("ar").date(t, "date") == "الخميس، 26 نوفمبر 2026"
    assert words.words("ru").due("2027-03-31") == "31.03.2027" and words.words("fr").due("2027-03-31") == "31 mars 2027"
    assert words.words("en").due("2027-03-31") == "2027-03-31"
    assert [words.words("zh").duration(s) for s in (12, 300, 5400)] == ["12秒", "5分钟", "1小时30分钟"]
    assert words.words("es").number(1234567) == "1.234.567" and words.words("fr").percent(0.4) == "40\xa0%"


def test_an_unknown_language_is_refused_by_name() -> None:
    for asked in ("de", "en-XA", "", "FR", "../en"):
        with pytest.raises(UnknownLanguage, match="use one of ar, zh, en, fr, ru, es"):
            words.choose(asked, translated_board().state.settings)


def test_a_board_with_a_language_setting_reports_in_it_unless_asked_otherwise() -> None:
    settings = translated_board().state.settings
    assert words.choose(None, settings).lang == "en"  # the default setting
    settings.language = "fr"  # the board's setting: the shared screens' language
    assert words.choose(None, settings).lang == "fr"
    assert words.choose("zh", settings).lang == "zh"
    settings.language = "tlh"  # not one of the six (the domain never stores it): English
    assert words.choose(None, settings).lang == "en"


def test_the_group_metanet_names_for_a_facilitators_own_dots_is_translated() -> None:
    """"Facilitator" is Metanet's word, not a person's: the group a facilitator who never joined one votes as."""
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES, settings={"title": "Small"})
    alice = Actor("alice", "participant")
    d.do(alice, "join", group="Academia")
    note = d.do(alice, "add_note", text="A regional lab")[0]["note"]["id"]
    d.do(FAC, "set_phase", index=2)
    d.do(FAC, "vote", note=note)
    d.do(alice, "vote", note=note)
    english = markdown.export(d.state, words.words("en"))
    assert "Academia 1 · Facilitator 1" in english
    for lang, name in (("fr", "Animation"), ("ar", "الميسّر"), ("zh", "主持人"), ("ru", "Фасилитатор"), ("es", "Facilitación")):
        report = markdown.export(d.state, words.words(lang))
        academia = "\u200eAcademia\u200e" if lang == "ar" else "Academia"  # English in Arabic: between marks
        assert f"{academia} 1 · {name} 1" in report and "Facilitator" not in report, lang


def test_peoples_words_in_the_other_direction_sit_between_direction_marks() -> None:
    """An English note in the Arabic report keeps its full stop at its end (and an Arabic one in English)."""
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES, settings={"title": "Labs"})
    alice = Actor("alice", "participant")
    d.do(alice, "join", group="Academia")
    for note in ("A regional lab.", "مختبر إقليمي للأدلة الرقمية.", "2030", "«Lab» للجميع"):
        d.do(alice, "add_note", text=note)
    d.do(FAC, "set_phase", index=1)  # reveals the notes
    arabic, english = (markdown.export(d.state, words.words(lang)) for lang in ("ar", "en"))
    assert "| \u200eA regional lab.\u200e |" in arabic and "| مختبر إقليمي للأدلة الرقمية. |" in arabic
    assert "| \u200e«Lab» للجميع\u200e |" in arabic and "| «Lab» للجميع |" in english  # its first letter is Latin
    assert "| \u200fمختبر إقليمي للأدلة الرقمية.\u200f |" in english and "| A regional lab. |" in english
    assert "| 2030 |" in arabic and "| 2030 |" in english  # no letter, no direction: as typed
