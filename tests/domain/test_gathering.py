"""The event (gathering) domain: decide and fold, pure."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain import gathering as g
from server.domain.state import Event
from server.errors import DomainError, Forbidden, InvalidCommand, NotAllowedNow
from tests.domain.boards import Board

T0 = 1_700_000_000.0


class Gathering:
    def __init__(self, **fields: Any) -> None:
        self.state = g.GatheringState("e.test")
        self.log: list[tuple[int, Event]] = []
        self.do("create_gathering", title="Week", code="EVT123", organiser_hash="h", **fields)

    def do(self, kind: str, organiser: bool = True, **args: Any) -> list[Event]:
        events = g.decide(self.state, {"type": kind, **args}, organiser, T0)
        for event in events:
            seq = self.state.seq + 1
            g.fold(self.state, seq, event)
            self.log.append((seq, event))
        return events

    def add(self, board: str, **args: Any) -> list[Event]:
        return self.do("add_metanet", board=board, code="C" + board, title=f"Group {board}", **args)


def test_created_with_title_description_groups() -> None:
    ev = Gathering(description="Five groups", groups=["Government", "NGO"])
    assert (ev.state.title, ev.state.description, ev.state.groups) == ("Week", "Five groups", ["Government", "NGO"])
    assert ev.state.code == "EVT123" and ev.state.organiser_hash == "h"


def test_metanets_up_to_twelve_in_order_and_no_board_twice() -> None:
    ev = Gathering()
    for i in range(g.MAX_METANETS):
        ev.add(f"b{i}")
    assert [m.board for m in ev.state.metanets] == [f"b{i}" for i in range(12)]
    with pytest.raises(NotAllowedNow, match="12"):
        ev.add("b12")
    ev2 = Gathering()
    ev2.add("b1")
    with pytest.raises(NotAllowedNow):
        ev2.add("b1")


def test_message_plenary_and_who_may_change_the_event() -> None:
    ev = Gathering()
    ev.do("post_message", text="  Plenary   in 10 minutes ")
    assert ev.state.message == {"text": "Plenary in 10 minutes", "at": T0}
    ev.do("post_message", text="")
    assert ev.state.message is None
    with pytest.raises(InvalidCommand):
        ev.do("post_message", text="x" * 141)
    ev.do("open_plenary", open=True)
    assert ev.state.plenary_open
    with pytest.raises(NotAllowedNow):
        ev.do("open_plenary", open=True)
    with pytest.raises(Forbidden):
        ev.do("post_message", organiser=False, text="hijack")
    seq = ev.state.seq
    with pytest.raises(InvalidCommand):
        ev.do("explode")
    assert ev.state.seq == seq


@pytest.mark.parametrize("fields", [{"title": ""}, {"title": "x" * 121}, {"title": 3}, {"groups": []},
                                    {"groups": ["A", "A"]}, {"description": "x" * 501}, {"title": "a\x00b"}])
def test_bad_fields_are_refused(fields: dict[str, Any]) -> None:
    state = g.GatheringState("e.x")
    with pytest.raises(InvalidCommand):
        g.decide(state, {"type": "create_gathering", "title": "Week", **fields}, True, T0)
    assert state.seq == 0


def test_nothing_but_creation_before_the_event_exists() -> None:
    with pytest.raises(DomainError) as err:
        g.decide(g.GatheringState("e.x"), {"type": "post_message", "text": "hi"}, True, T0)
    assert err.value.code == "not_found"


def test_replaying_the_log_gives_the_same_state() -> None:
    ev = Gathering()
    ev.add("b1", question="Why?")
    ev.do("post_message", text="Hello")
    ev.do("open_plenary", open=True)
    assert g.replay("e.test", ev.log) == ev.state


def test_sealed_facilitator_secret_opens_only_with_the_organiser_secret() -> None:
    sealed = g.seal("organiser-secret", "board1", "facilitator-secret-abc")
    assert "facilitator" not in bytes.fromhex(sealed).decode(errors="replace")
    assert g.unseal("organiser-secret", "board1", sealed) == "facilitator-secret-abc"
    assert g.unseal("another-secret", "board1", sealed) != "facilitator-secret-abc"
    assert g.unseal("organiser-secret", "board2", sealed) != "facilitator-secret-abc"


def test_public_fields_carry_no_secret() -> None:
    ev = Gathering()
    ev.add("b1", sealed=g.seal("s", "b1", "fsecret"))
    shown = str(g.public(ev.state))
    assert "organiser_hash" not in shown and "sealed" not in shown and g.seal("s", "b1", "fsecret") not in shown


def test_an_organiser_op_and_its_result_are_kept_by_folding_the_log() -> None:
    ev = Gathering()
    ev.add("b1")
    events = g.decide(ev.state, {"type": "timers", "action": "pause"}, True, T0)
    recorded = g.with_op(ev.state, events, "op-7", {"boards": {"b1": "not_now"}})
    assert recorded[0]["op"] == "op-7" and "op" not in events[0]  # the decided events are left as they were
    g.fold(ev.state, ev.state.seq + 1, recorded[0])
    ev.log.append((ev.state.seq, recorded[0]))
    assert ev.state.ops == {"op-7": {"seq": 3, "boards": {"b1": "not_now"}}}
    assert g.replay("e.test", ev.log).ops == ev.state.ops  # any process reading the log answers a retry alike
    assert g.public(ev.state) == g.public(g.replay("e.test", ev.log[:2]))  # nothing an event screen shows
    with pytest.raises(InvalidCommand):
        g.decide(ev.state, {"type": "timers", "action": "explode"}, True, T0)
    assert g.board_op("e.test", "op-7") != g.board_op("e.other", "op-7")


def test_a_metanet_taken_out_again_frees_its_place() -> None:
    ev = Gathering()
    for i in range(g.MAX_METANETS):
        ev.add(f"b{i}")
    ev.do("remove_metanet", board="b3")
    assert [m.board for m in ev.state.metanets] == [f"b{i}" for i in range(12) if i != 3]
    ev.add("b12")
    assert len(ev.state.metanets) == g.MAX_METANETS
    with pytest.raises(InvalidCommand):
        ev.do("remove_metanet", board="b3")
    assert g.replay("e.test", ev.log) == ev.state


def test_a_board_links_to_one_event_only() -> None:
    board = Board(settings={"title": "Wanted by two"})
    board.system("link_gathering", gathering="e.one", code="ONE123", title="One")
    board.system("link_gathering", gathering="e.one", code="ONE123", title="One, renamed")  # its own event: fine
    with pytest.raises(NotAllowedNow, match="another event"):
        board.system("link_gathering", gathering="e.two", code="TWO123", title="Two")
    assert board.state.gathering == {"id": "e.one", "code": "ONE123", "title": "One, renamed"}


def test_bidi_controls_are_stripped_from_the_events_words() -> None:
    ev = Gathering(description="Five \u202egroups", groups=["\u2067NGO\u2069", "Gov"])
    ev.do("add_metanet", board="b1", code="Cb1", title="Water\u202e", question="Why\u202a?\u202c")
    ev.do("post_message", text="Plenary \u202ein 10")
    assert (ev.state.description, ev.state.groups) == ("Five groups", ["NGO", "Gov"])
    assert (ev.state.metanets[0].title, ev.state.metanets[0].question) == ("Water", "Why?")
    assert ev.state.message == {"text": "Plenary in 10", "at": T0}
