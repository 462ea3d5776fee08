"""No export carries a control character but line breaks and tabs, whatever a board stored before."""

from __future__ import annotations

import json
import re

import pytest

from server.domain.state import Actor
from server.report import csv_export, json_export, markdown
from tests.report.fixture import FAC, PHASES, Driver

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # and the bidi overrides
DIRTY = "Lab\x00 \x1b[31mnow\x1b[0m\x07\u202e, \x9b2Jplease\x85\u2067"


def _board_stored_before_the_domain_stripped_controls() -> Driver:
    d = Driver()
    d.do(FAC, "create_board", code="X", facilitator_hash="h", phases=PHASES[1:])
    alice = Actor("alice", "participant")
    d.do(alice, "join", group="Academia")
    note = d.do(alice, "add_note", text="clean for now")[0]["note"]["id"]
    d.state.notes[note].text = DIRTY  # as a board stored earlier holds it
    d.state.settings.title = "Sprint\x1b]0;pwned\x07"
    return d


@pytest.mark.parametrize("export", [markdown.export, csv_export.export, json_export.export], ids=["md", "csv", "json"])
def test_exports_strip_control_characters_from_stored_text(export: object) -> None:
    text = export(_board_stored_before_the_domain_stripped_controls().state)  # type: ignore[operator]
    found = CONTROLS.findall(text.replace("\r\n", ""))  # CSV ends its rows with CR LF
    assert not found, found
    assert "\\u202" not in text and "\\u206" not in text
    assert "\\u00" not in text  # nor escaped in JSON (json.dumps writes C0 characters as \u0000 ... \u001f)
    assert "Lab now, please" in (json.loads(text)["report"]["notes"][0]["text"] if export is json_export.export else text)
