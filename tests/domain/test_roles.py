"""Who may do what: the projector nothing, participants no facilitator commands."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.board import COMMAND_TYPES
from server.errors import DomainError, Forbidden
from tests.domain.boards import ALICE, FAC, PROJECTOR, Board


def busy_board() -> tuple[Board, dict[str, Any]]:
    """A board in its group phase with a note, a cluster, a running timer; and args for every command."""
    b = Board()
    b.join(ALICE)
    b.go("group")
    note = b.note(ALICE, "first")
    other = b.note(ALICE, "second")
    cluster = b.do(FAC, "create_cluster", name="C")[0]["id"]
    b.do(FAC, "start_timer", duration=60)
    args: dict[str, dict[str, Any]] = {
        "create_board": {"code": "X", "facilitator_hash": "h"},
        "update_settings": {"settings": {"title": "T"}},
        "join": {"group": "Other"},
        "leave": {},
        "add_note": {"text": "hi"},
        "edit_note": {"note": note, "text": "changed"},
        "move_note": {"note": note, "x": 0.5, "y": 0.5},
        "recolor_note": {"note": note, "color": "blue"},
        "delete_note": {"note": note},
        "hide_note": {"note": note, "hidden": True},
        "merge_notes": {"source": note, "target": other},
        "create_cluster": {"name": "D"},
        "rename_cluster": {"cluster": cluster, "name": "E"},
        "delete_cluster": {"cluster": cluster},
        "cluster_note": {"note": note, "cluster": cluster},
        "vote": {"note": note},
        "unvote": {"note": note},
        "reveal_votes": {},
        "next_phase": {},
        "previous_phase": {},
        "set_phase": {"index": 3},
        "reveal_notes": {},
        "close_phase": {},
        "start_timer": {"duration": 30},
        "pause_timer": {},
        "resume_timer": {},
        "adjust_timer": {"seconds": 60},
        "reset_timer": {},
        "expire_timer": {"generation": b.state.timer.generation},
    }
    return b, args


FACILITATOR_ONLY = (
    "update_settings",
    "hide_note",
    "merge_notes",
    "delete_cluster",
    "reveal_votes",
    "next_phase",
    "previous_phase",
    "set_phase",
    "reveal_notes",
    "close_phase",
    "start_timer",
    "pause_timer",
    "resume_timer",
    "adjust_timer",
    "reset_timer",
)


@pytest.mark.parametrize("kind", [c for c in COMMAND_TYPES if c != "create_board"])
def test_the_projector_cannot_do_anything(kind: str) -> None:
    b, args = busy_board()
    before = b.state.seq
    with pytest.raises(Forbidden):
        b.do(PROJECTOR, kind, **args.get(kind, {}))
    assert b.state.seq == before


@pytest.mark.parametrize("kind", FACILITATOR_ONLY)
def test_a_participant_sending_a_facilitator_command_is_forbidden(kind: str) -> None:
    b, args = busy_board()
    with pytest.raises(Forbidden) as err:
        b.do(ALICE, kind, **args[kind])
    assert err.value.code == "forbidden"


@pytest.mark.parametrize("kind", FACILITATOR_ONLY)
def test_the_facilitator_may_send_every_facilitator_command(kind: str) -> None:
    b, args = busy_board()
    if kind == "resume_timer":
        b.do(FAC, "pause_timer")
    try:
        b.do(FAC, kind, **args[kind])
    except DomainError as exc:  # refused for the state, never for the role
        assert not isinstance(exc, Forbidden), exc
