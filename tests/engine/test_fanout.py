"""A batch as each audience may see it, encoded once per audience; no sockets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.domain.state import Actor
from server.engine.fanout import audience_frames
from server.protocol.codec import unpack_trusted
from tests.domain.boards import ALICE, BOB, CAROL, FAC, PHASE, PROJECTOR, Board


@dataclass(eq=False)
class Seat:
    actor: Actor

    def send(self, message: bytes) -> None:
        raise AssertionError("audience_frames sends nothing")

    def cut_off(self, code: int, reason: str) -> None:
        raise AssertionError("audience_frames closes nothing")


def frames(board: Board, since: int, seats: list[Seat]) -> dict[Seat, bytes]:
    batch = [(seq, ev) for seq, ev in board.log if seq > since]
    return {seat: frame for seat, frame in audience_frames(batch, list(seats), board.state.settings)
            if isinstance(seat, Seat)}


def events(frame: bytes) -> list[dict[str, Any]]:
    message = unpack_trusted(frame)
    assert message["t"] == "events"
    return list(message["events"])


def test_a_private_note_reaches_its_author_only_and_each_audience_is_encoded_once() -> None:
    board = Board()
    board.join(ALICE, BOB, CAROL)
    since = board.state.seq
    board.do(ALICE, "add_note", text="secret plan")  # the write phase: private
    board.do(BOB, "add_note", text="other idea")
    seats = [Seat(ALICE), Seat(BOB), Seat(CAROL), Seat(CAROL), Seat(PROJECTOR), Seat(FAC)]
    got = frames(board, since, seats)
    alice, bob, carol, carol2, projector, fac = (got[s] for s in seats)
    assert carol is carol2, "one encoding for everyone of one audience"
    assert [e["note"]["text"] for e in events(alice)] == ["secret plan", None]
    assert [e["note"]["text"] for e in events(bob)] == [None, "other idea"]
    assert [e["note"]["text"] for e in events(carol)] == [None, None]
    assert b"secret plan" not in carol and b"secret plan" not in projector
    assert [e["seq"] for e in events(fac)] == [since + 1, since + 2]


def test_the_common_frame_does_not_depend_on_who_comes_first() -> None:
    board = Board(settings={"anonymous": True})
    board.join(ALICE, BOB)
    since = board.state.seq
    board.do(ALICE, "add_note", text="mine")
    first = frames(board, since, [Seat(ALICE), Seat(BOB)])
    second = frames(board, since, [Seat(BOB), Seat(ALICE)])
    assert sorted(first.values()) == sorted(second.values())
    bob = next(f for s, f in first.items() if s.actor == BOB)
    assert b"alice" not in bob, "an anonymous author's id reaches nobody else"


def test_a_voter_sees_their_own_dots_and_others_only_the_count_while_votes_are_blind() -> None:
    board = Board(settings={"blind_votes": True})
    board.join(ALICE, BOB)
    note = board.do(ALICE, "add_note", text="idea")[0]["note"]["id"]
    board.do(FAC, "set_phase", index=PHASE["vote"])
    since = board.state.seq
    board.do(ALICE, "vote", note=note)
    got = frames(board, since, [Seat(ALICE), Seat(BOB)])
    alice, bob = list(got.values())
    assert alice != bob
    assert [e.get("participant") for e in events(alice)] == ["alice"]
    assert b"alice" not in bob

