"""Every refusal a person can meet has a sentence in every language, with the numbers and names it needs.

The server names an error's ``reason`` (a stable key) and its ``params``; the page shows
``errors.<reason>`` from its catalog (web/i18n/*.json) with the params filled in. This test reads
server/ itself (its syntax tree), so a reason added anywhere is checked without a list to keep:

- a call of an error class (``NotFound(..., reason="note_not_found")``) with a literal reason (or
  ``"a" if x else "b"``);
- a reason handed to a helper that raises it (``_bounded_int(..., reason="text_limit_range")``,
  where the helper does ``raise InvalidCommand(..., reason=reason, params={...})``): the reason
  gets the helper's params;
- an error without a reason has its class's code as reason.

Each reason must be in every catalog, and the params a raise gives must be exactly the
placeholders of its sentence (a missing one would show ``{max}``, an extra one is a number the
sentence forgot).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from server import errors
from server.errors import ERROR_CODES, MetanetError, from_wire
from server.i18n import LANGUAGES
from server.i18n.catalogs import WEB_I18N

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"
ERROR_CLASSES = {name for name, cls in vars(errors).items()
                 if isinstance(cls, type) and issubclass(cls, MetanetError)}
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


@dataclass(frozen=True)
class Raise:
    reason: str
    params: frozenset[str] | None  # None: the params are not a literal map (refused below)
    where: str


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _texts(value: ast.expr | None) -> list[str]:
    """The reasons a literal gives: ``"a"``, or both of ``"a" if x else "b"``; [] for anything else."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp) and _texts(value.body) and _texts(value.orelse):
        return _texts(value.body) + _texts(value.orelse)
    return []


def _param_keys(value: ast.expr | None) -> frozenset[str] | None:
    if value is None:
        return frozenset()
    if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                           for k in value.keys):
        return frozenset(str(k.value) for k in value.keys if isinstance(k, ast.Constant))
    return None


def collect() -> tuple[list[Raise], list[str]]:
    """Every (reason, params) raised in server/, and the raises this test cannot read."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SERVER.rglob("*.py"))
             if path != SERVER / "errors.py"}  # where errors are defined and read back from the wire
    found: list[Raise] = []
    unreadable: list[str] = []
    helpers: dict[str, frozenset[str] | None] = {}  # helper function -> params of the error it raises
    for tree in trees.values():
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            arguments = {a.arg for a in [*func.args.args, *func.args.kwonlyargs]}
            for call in ast.walk(func):
                if isinstance(call, ast.Call) and _name(call.func) in ERROR_CLASSES:
                    reason = _keyword(call, "reason")
                    if isinstance(reason, ast.Name) and reason.id in arguments:
                        helpers[func.name] = _param_keys(_keyword(call, "params"))
    for path, tree in trees.items():
        where = str(path.relative_to(ROOT))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call.func)
            reason = _keyword(call, "reason")
            at = f"{where}:{call.lineno}"
            if name in ERROR_CLASSES:
                if reason is None:
                    if _keyword(call, "params") is not None:
                        unreadable.append(f"{at}: params without a reason")
                    continue  # the class's code is its reason: checked with ERROR_CODES
                if _texts(reason):
                    found.extend(Raise(text, _param_keys(_keyword(call, "params")), at) for text in _texts(reason))
                elif not (isinstance(reason, ast.Name) and _enclosing_helper(tree, call, helpers)):
                    unreadable.append(f"{at}: a reason that is neither text nor a helper's argument")
            elif name in helpers and _texts(reason):
                found.extend(Raise(text, helpers[name], at) for text in _texts(reason))
    return found, unreadable


def _enclosing_helper(tree: ast.AST, call: ast.Call, helpers: dict[str, frozenset[str] | None]) -> bool:
    return any(isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name in helpers
               and any(node is call for node in ast.walk(f)) for f in ast.walk(tree))


RAISES, UNREADABLE = collect()


def catalog_errors(lang: str) -> dict[str, object]:
    data = json.loads((WEB_I18N / f"{lang}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data["errors"].items() if not k.startswith("_")}


def placeholders(value: object) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in PLACEHOLDER.findall(str(text))}


def test_the_reasons_are_read_from_the_code() -> None:
    """The collector finds the raises it is meant to (a collector that finds nothing would pass anything)."""
    reasons = {r.reason for r in RAISES}
    assert {"voting_not_open", "text_too_long", "per_note_cap", "dots_per_person_range",
            "title_too_long", "owner_too_long", "unknown_template"} <= reasons
    assert len(reasons) > 60
    assert UNREADABLE == []


def test_reasons_are_snake_case_keys() -> None:
    assert [r for r in RAISES if not re.fullmatch(r"[a-z][a-z0-9_]*", r.reason)] == []


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_reason_and_code_has_a_sentence(lang: str) -> None:
    known = catalog_errors(lang)
    missing = sorted({r.reason for r in RAISES} - set(known)) + sorted(set(ERROR_CODES) - set(known))
    assert missing == [], f"web/i18n/{lang}.json errors lacks {missing}"
    assert "generic" in known


def test_codes_have_no_placeholders() -> None:
    """An error raised without a reason shows its code's sentence, and has no params to fill it."""
    english = catalog_errors("en")
    assert {c: placeholders(english[c]) for c in ERROR_CODES if placeholders(english[c])} == {}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_each_raise_gives_exactly_the_placeholders_of_its_sentence(lang: str) -> None:
    known = catalog_errors(lang)
    wrong = [f"{r.where} {r.reason}: params {sorted(r.params or [])}, sentence {sorted(placeholders(known[r.reason]))}"
             for r in RAISES if r.reason in known and r.params != placeholders(known[r.reason])]
    assert wrong == []


def test_plural_sentences_are_counted_by_count() -> None:
    """A sentence with plural forms picks its form by ``count``: its raises must give one."""
    english = catalog_errors("en")
    assert [r.where for r in RAISES if isinstance(english.get(r.reason), dict) and "count" not in (r.params or ())] == []


def test_a_reason_and_params_cross_the_wire() -> None:
    err = errors.BudgetExceeded("at most 3 dots on one note", reason="per_note_cap", params={"count": 3})
    back = from_wire(**err.to_wire())
    assert (type(back), back.reason, back.params, back.message) == (errors.BudgetExceeded, "per_note_cap",
                                                                   {"count": 3}, "at most 3 dots on one note")
