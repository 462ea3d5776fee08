"""A metanet's summary shows only what the board's projector may see."""

from __future__ import annotations

from server.domain.summary import same, summarize
from tests.domain.boards import ALICE, BOB, CAROL, FAC, Board

PEOPLE = {"total": 2, "by_group": {"Academia": 2}}


def _board(**settings: object) -> Board:
    board = Board(settings={"title": "Cybercrime", "groups": ["Academia", "Government"], **settings})
    board.system("link_gathering", gathering="e.x", code="EVT123", title="Week")
    return board


def test_phase_timer_people_and_missing_groups() -> None:
    board = _board()
    board.do(FAC, "start_timer")
    s = summarize(board.state, PEOPLE, board.now)
    assert (s["title"], s["phase"]["kind"], s["phase"]["index"], s["phase"]["count"]) == ("Cybercrime", "write", 0, 5)
    assert s["timer"]["status"] == "running"
    assert s["people"] == PEOPLE and s["missing"] == ["Government"]


def test_private_writing_and_blind_votes_stay_out() -> None:
    board = _board()
    board.join(ALICE, BOB, group="Academia")
    a = board.note(ALICE, "SECRET-ALICE")
    board.note(BOB, "SECRET-BOB")
    s = summarize(board.state, PEOPLE, board.now)
    assert "SECRET" not in repr(s) and s["notes"] == 2 and s["top"] == []
    board.do(FAC, "reveal_notes")
    board.go("vote")
    board.do(ALICE, "vote", note=a)
    board.do(BOB, "vote", note=a)
    s = summarize(board.state, PEOPLE, board.now)
    assert s["top"] == [] and not s["votes_revealed"]  # blind: no tallies
    shown = repr({k: v for k, v in s.items() if k != "people"})
    assert "'votes':" not in shown and "by_group" not in shown
    board.do(FAC, "reveal_votes")
    s = summarize(board.state, PEOPLE, board.now)
    assert s["top"][0]["text"] == "SECRET-ALICE" and s["top"][0]["votes"] == 2
    assert s["top"][0]["by_group"] == {"Academia": 2}


def test_top_three_by_votes_and_decisions() -> None:
    board = _board(blind_votes=False, dots_per_person=10)
    board.join(ALICE, BOB, CAROL, group="Academia")
    notes = [board.note(ALICE, f"idea {i}") for i in range(5)]
    board.do(FAC, "reveal_notes")
    board.go("vote")
    for i, note in enumerate(notes):  # idea i gets i dots
        for voter in [BOB, CAROL][: min(i, 2)]:
            board.do(voter, "vote", note=note)
        if i > 2:
            board.do(ALICE, "vote", note=note)
        if i > 3:
            board.do(ALICE, "vote", note=note)
    board.do(FAC, "mark_decision", target=notes[4])
    s = summarize(board.state, PEOPLE, board.now)
    assert [t["text"] for t in s["top"]] == ["idea 4", "idea 3", "idea 2"]
    assert [t["votes"] for t in s["top"]] == [4, 3, 2]
    assert [d["text"] for d in s["decisions"]] == ["idea 4"]


def test_no_names_on_anonymous_boards() -> None:
    board = _board()
    board.do(ALICE, "join", name="Alice Realname", group="Academia")
    board.note(ALICE, "hello")
    board.do(FAC, "reveal_notes")
    assert "Alice Realname" not in repr(summarize(board.state, PEOPLE, board.now))
    assert "alice" not in repr(summarize(board.state, PEOPLE, board.now))


def test_same_ignores_only_the_time() -> None:
    board = _board()
    a = summarize(board.state, PEOPLE, board.now)
    assert same(a, summarize(board.state, PEOPLE, board.now + 5))
    assert not same(a, summarize(board.state, {"total": 3, "by_group": {"Academia": 3}}, board.now))
    assert not same(None, a)
