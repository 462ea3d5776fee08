"""The fixed board as a template-made board would hold it: its phases carry titles in other languages.

The phases of the fixed board (``fixture.PHASES``) come with ``i18n`` here, as the templates' phases
do (``{lang: {title, hint}}``, through the domain's ``create_board``): the reports in those languages
show the translated titles, the others the typed ones. Also: every text people typed on the board, to tell it from the report's own words.
"""

from __future__ import annotations

from server.domain.state import BoardState
from server.report.markdown import text
from tests.report.fixture import PHASES, Driver, fixed_board

PHASE_TITLES: dict[str, dict[str, str]] = {
    "identify": {"fr": "Recenser les priorités", "ar": "تحديد الأولويات", "zh": "提出优先事项"},
    "cluster": {"fr": "Regrouper les priorités proches", "ar": "تجميع الأولويات المتقاربة", "zh": "归类相近的优先事项"},
    "narrow": {"fr": "Présélectionner par vote", "ar": "التصفية بالتصويت", "zh": "投票筛选"},
    "choose": {"fr": "Retenir les priorités", "ar": "اختيار الأولويات", "zh": "确定优先事项"},
    "roadmap": {"fr": "Convenir d’une feuille de route", "ar": "الاتفاق على خارطة طريق", "zh": "商定路线图"},
}


def translated_board() -> Driver:
    """The fixed board with its phases' titles in French, Arabic and Chinese (no hints)."""
    return fixed_board([{**phase, "i18n": {lang: {"title": title} for lang, title in PHASE_TITLES[phase["id"]].items()}}
                        for phase in PHASES])


def peoples_words(state: BoardState) -> list[str]:
    """Everything typed on the board, as the report writes it (escaped), longest first."""
    typed = [state.settings.title, state.settings.question, *state.settings.groups,
             *(n.text for n in state.notes.values()), *(c.name for c in state.clusters.values()),
             *(p.name for p in state.participants.values()), *(p.title for p in state.phases),
             *(x for d in state.decisions.values() for x in (d.owner, d.next_step))]
    return sorted({text(t) for t in typed if t.strip()}, key=len, reverse=True)


def without(report: str, words: list[str]) -> str:
    for w in words:
        report = report.replace(w, " ")
    return report
