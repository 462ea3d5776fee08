"""The JSON export: the whole board, re-importable; export -> import -> export gives the same bytes."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from server.domain.board import decide, fold, replay
from server.domain.state import Actor, BoardState
from server.domain.visibility import view_event
from server.errors import InvalidCommand
from server.report import json_export, markdown
from tests.report.fixture import FAC, fixed_board

CREATOR = Actor("creator", "facilitator")


def _import(document: Any, board_id: str = "copy") -> BoardState:
    state = BoardState(board_id)
    for event in decide(state, {"type": "import_board", "document": document, "code": "NEWCOD", "facilitator_hash": "other"}, CREATOR, 2e9):
        fold(state, state.seq + 1, event)
    return state


def test_the_export_holds_the_whole_board_and_no_secrets() -> None:
    d = fixed_board()
    text = json_export.export(d.state)
    doc = json.loads(text)
    assert (doc["format"], doc["version"]) == ("metanet-board", 1)
    board = doc["board"]
    assert len(board["notes"]) == 8 and any(n["hidden"] for n in board["notes"])  # hidden notes too: it is a backup
    assert [c["name"] for c in board["clusters"]] == ["Capacity building", "Victims and rights", "Partnerships"]
    assert sum(sum(mine.values()) for mine in board["votes"].values()) == 30
    assert [d["target"] for d in board["decisions"]] == ["n1", "n4", "c11"]
    assert [h["phase"] for h in board["history"]] == ["identify", "cluster", "narrow", "choose", "roadmap"]
    # Participants appear as p1, p2... and no id, join code or secret hash is in it.
    assert [p["id"] for p in board["participants"]] == [f"p{i}" for i in range(1, 8)]
    for secret in ("fixed-hash", "CYBER7", '"fixed"', "g1", "n1p"):
        assert secret not in text
    assert doc["report"]["agreement"]["common_ground"] == ["n1"]


def test_export_import_export_gives_the_same_bytes() -> None:
    d = fixed_board()
    first = json_export.export(d.state)
    copy_state = _import(json.loads(first))
    assert json_export.export(copy_state) == first
    assert markdown.export(copy_state) == markdown.export(d.state)
    # ...and the imported board replays from its own log to the same content.
    assert json_export.export(replay("copy", [(1, _import_event(json.loads(first)))])) == first


def _import_event(document: Any) -> dict[str, Any]:
    return decide(BoardState("copy"), {"type": "import_board", "document": document, "code": "C", "facilitator_hash": "h"}, CREATOR, 0)[0]


def test_an_imported_board_carries_on() -> None:
    """New notes get fresh ids, the board's own (new) code and secret hash apply, archived stays archived."""
    state = _import(json.loads(json_export.export(fixed_board().state)))
    assert state.code == "NEWCOD" and state.facilitator_hash == "other" and state.archived
    fold(state, state.seq + 1, decide(state, {"type": "archive_board", "archived": False}, FAC, 2e9)[0])
    event = decide(state, {"type": "add_note", "text": "after the import"}, FAC, 2e9)[0]
    assert event["note"]["id"] not in {"n1", "n8", "c9", "c10", "c11"}
    assert state.timer.status == "idle" and state.timer.duration == 2700.0


def test_the_import_event_is_never_sent_to_clients() -> None:
    event = _import_event(json.loads(json_export.export(fixed_board().state)))
    settings = fixed_board().state.settings
    for viewer in (FAC, Actor("x", "participant"), Actor("y", "projector")):
        assert view_event(event, viewer, settings) is None


def _bad(mutate: Any) -> str:
    doc = json.loads(json_export.export(fixed_board().state))
    mutate(doc)
    with pytest.raises(InvalidCommand) as err:
        _import(doc)
    return err.value.message


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(format="trello"),
        lambda d: d.update(version=2),
        lambda d: d.update(board=[]),
        lambda d: d["board"]["notes"][0].update(text=""),
        lambda d: d["board"]["notes"][0].update(text="x" * 1001),
        lambda d: d["board"]["notes"][0].update(color="ultraviolet"),
        lambda d: d["board"]["notes"][0].update(x=2),
        lambda d: d["board"]["notes"][0].update(cluster="c404"),
        lambda d: d["board"]["notes"][0].update(cluster=["c9"]),
        lambda d: d["board"]["notes"][1].update(id="n1"),
        lambda d: d["board"]["votes"]["p1"].update(n404=1),
        lambda d: d["board"]["votes"]["p1"].update(n1=4),
        lambda d: d["board"]["votes"]["p1"].update(n3=1),  # sixth dot: over the budget of 5
        lambda d: d["board"]["decisions"][0].update(kind="cluster"),
        lambda d: d["board"]["decisions"][0].update(due="tomorrow"),
        lambda d: d["board"]["history"][0].update(phase="nowhere"),
        lambda d: d["board"]["history"][0].update(started=float("nan")),
        lambda d: d["board"].update(phase_index=9),
        lambda d: d["board"]["settings"].update(dots_per_person=0),
        lambda d: d["board"]["participants"][0].update(role="projector"),
        lambda d: d["board"]["phases"][0].update(kind="party"),
    ],
)
def test_a_bad_document_is_refused_with_a_reason(mutate: Any) -> None:
    assert _bad(mutate)


def test_an_import_never_reuses_ids_even_if_next_id_lies() -> None:
    doc = json.loads(json_export.export(fixed_board().state))
    doc["board"]["next_id"] = 1
    assert _import(copy.deepcopy(doc)).next_id == 12  # after c11
