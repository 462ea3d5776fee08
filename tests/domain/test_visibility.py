"""Secrecy on the server: what each viewer receives, event by event and in a snapshot."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.state import SYSTEM, Actor
from server.domain.visibility import personal_ids, snapshot, view_event
from tests.domain.boards import ALICE, BOB, CAROL, FAC, PROJECTOR, SECRET_HASH, Board
from tests.domain.reference import check_counts, check_snapshot

SECRET = "my private thought"


def views(b: Board, viewer: Actor, since: int = 0) -> list[dict[str, Any]]:
    out = []
    for seq, event in b.log:
        if seq > since:
            view = view_event(event, viewer, b.state.settings)
            if view is not None:
                out.append(view)
    return out


def seen(b: Board, viewer: Actor, since: int = 0) -> str:
    """Everything the viewer got: every event view and a fresh snapshot, as one string."""
    return repr(views(b, viewer, since)) + repr(snapshot(b.state, viewer, b.now))


def writing(**settings: Any) -> tuple[Board, str]:
    b = Board(settings=settings or None)
    b.join(ALICE, BOB)
    n = b.note(ALICE, SECRET)
    return b, n


def test_board_created_is_never_sent() -> None:
    b = Board()
    event = b.log[0][1]
    for viewer in (FAC, ALICE, PROJECTOR, SYSTEM):
        assert view_event(event, viewer, b.state.settings) is None


@pytest.mark.parametrize("viewer", [ALICE, PROJECTOR, FAC])
def test_the_facilitator_hash_is_never_sent(viewer: Actor) -> None:
    b, _ = writing()
    b.do(FAC, "update_settings", settings={"title": "New"})
    assert SECRET_HASH not in seen(b, viewer)
    assert "facilitator_hash" not in seen(b, viewer)


def test_a_private_note_is_seen_by_its_author() -> None:
    b, n = writing()
    assert SECRET in seen(b, ALICE)
    assert snapshot(b.state, ALICE, b.now)["notes"][0]["text"] == SECRET


@pytest.mark.parametrize("viewer", [BOB, CAROL, PROJECTOR])
def test_a_private_note_text_is_never_sent_to_anyone_else(viewer: Actor) -> None:
    b, n = writing()
    b.do(ALICE, "edit_note", note=n, text=SECRET + " (edited)")
    b.do(ALICE, "recolor_note", note=n, color="blue")
    b.do(ALICE, "move_note", note=n, x=0.5, y=0.5)
    assert SECRET not in seen(b, viewer)
    note = snapshot(b.state, viewer, b.now)["notes"][0]
    assert note["id"] == n and note["text"] is None and note["private"]


def test_the_facilitator_sees_private_notes_when_the_setting_allows() -> None:
    b, n = writing()
    b.do(ALICE, "edit_note", note=n, text=SECRET + " (edited)")
    assert (SECRET + " (edited)") in seen(b, FAC)


def test_the_facilitator_does_not_see_private_notes_when_the_setting_says_so() -> None:
    b, n = writing(facilitator_sees_private=False)
    b.do(ALICE, "edit_note", note=n, text=SECRET + " (edited)")
    assert SECRET not in seen(b, FAC)


def test_revealed_notes_are_seen_by_everyone() -> None:
    b, n = writing()
    since = b.state.seq
    b.do(FAC, "reveal_notes")
    for viewer in (BOB, PROJECTOR, FAC):
        assert SECRET in repr(views(b, viewer, since))
        assert snapshot(b.state, viewer, b.now)["notes"][0]["text"] == SECRET


def test_authors_are_anonymous_to_other_participants_but_not_to_the_facilitator() -> None:
    b = Board()
    b.join(ALICE, BOB)
    b.go("group")
    b.note(ALICE, "public")
    assert snapshot(b.state, BOB, b.now)["notes"][0]["author"] is None
    assert views(b, BOB)[-1]["note"]["author"] is None
    assert snapshot(b.state, FAC, b.now)["notes"][0]["author"] == "alice"
    assert snapshot(b.state, ALICE, b.now)["notes"][0]["author"] == "alice"


def test_authors_are_shown_when_the_board_is_not_anonymous() -> None:
    b = Board(settings={"anonymous": False})
    b.join(ALICE, BOB)
    b.go("group")
    b.note(ALICE, "public")
    assert snapshot(b.state, BOB, b.now)["notes"][0]["author"] == "alice"


def test_a_hidden_note_is_not_in_a_participants_snapshot() -> None:
    b = Board()
    b.join(ALICE, BOB)
    b.go("group")
    n = b.note(ALICE, "rude words")
    b.do(FAC, "hide_note", note=n)
    assert snapshot(b.state, BOB, b.now)["notes"] == []
    assert snapshot(b.state, ALICE, b.now)["notes"] == []
    assert [x["id"] for x in snapshot(b.state, FAC, b.now)["notes"]] == [n]


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("edit_note", {"text": "still rude words"}),
        ("move_note", {"x": 0.9, "y": 0.9}),
        ("recolor_note", {"color": "pink"}),
    ],
)
def test_what_the_facilitator_does_to_a_hidden_note_is_not_sent_to_participants(
    kind: str, args: dict[str, Any]
) -> None:
    b = Board()
    b.join(ALICE, BOB)
    b.go("group")
    n = b.note(ALICE, "rude words")
    b.do(FAC, "hide_note", note=n)
    since = b.state.seq
    b.do(FAC, kind, note=n, **args)
    for viewer in (ALICE, BOB, PROJECTOR):
        assert views(b, viewer, since) == []
    assert views(b, FAC, since) != []


def test_a_hidden_note_comes_back_as_it_is_now_when_unhidden() -> None:
    b = Board()
    b.join(ALICE, BOB)
    b.go("group")
    n = b.note(ALICE, "rude words")
    b.do(FAC, "hide_note", note=n)
    b.do(FAC, "edit_note", note=n, text="polite words")
    since = b.state.seq
    b.do(FAC, "hide_note", note=n, hidden=False)
    (event,) = views(b, BOB, since)
    assert event["note"]["text"] == "polite words"


def voted() -> tuple[Board, str]:
    b = Board()
    b.join(ALICE, BOB)
    b.go("group")
    n = b.note(ALICE, "idea")
    b.go("vote")
    b.do(ALICE, "vote", note=n)
    b.do(ALICE, "vote", note=n)
    return b, n


def test_blind_votes_tell_other_participants_only_that_a_dot_was_placed() -> None:
    b, n = voted()
    for viewer in (BOB, PROJECTOR):
        event = views(b, viewer)[-1]
        assert event == {
            "type": "vote_placed",
            "blind": True,
            "note": None,
            "group": None,
            "participant": None,
            "mine": False,
            "dots_placed": 2,
        }
        snap = snapshot(b.state, viewer, b.now)
        assert snap["tallies"] is None and snap["my_votes"] == {}
        assert snap["dots_placed"] == 2


def test_a_voter_sees_their_own_blind_dots() -> None:
    b, n = voted()
    event = views(b, ALICE)[-1]
    assert event["note"] == n and event["mine"] is True
    snap = snapshot(b.state, ALICE, b.now)
    assert snap["my_votes"] == {n: 2} and snap["tallies"] is None


def test_the_facilitator_sees_blind_tallies() -> None:
    b, n = voted()
    assert views(b, FAC)[-1]["note"] == n
    assert snapshot(b.state, FAC, b.now)["tallies"] == {n: {"total": 2, "by_group": {"NGO / civil society": 2}}}


def test_live_votes_show_the_note_but_not_the_voter() -> None:
    b = Board(settings={"blind_votes": False})
    b.join(ALICE, BOB)
    b.go("group")
    n = b.note(ALICE, "idea")
    b.go("vote")
    b.do(ALICE, "vote", note=n)
    event = views(b, BOB)[-1]
    assert event["note"] == n and event["participant"] is None and event["mine"] is False
    assert snapshot(b.state, BOB, b.now)["tallies"] == {n: {"total": 1, "by_group": {"NGO / civil society": 1}}}


def test_revealed_votes_are_seen_by_everyone() -> None:
    b, n = voted()
    b.do(FAC, "reveal_votes")
    assert views(b, BOB)[-1]["tallies"] == {n: {"total": 2, "by_group": {"NGO / civil society": 2}}}
    assert snapshot(b.state, BOB, b.now)["tallies"] is not None


def test_a_blind_merge_does_not_tell_participants_the_tally() -> None:
    b, n = voted()
    m = b.note(FAC, "twin")
    since = b.state.seq
    b.do(FAC, "merge_notes", source=n, target=m)
    (bob,) = views(b, BOB, since)
    assert bob["target_tally"] is None and bob["moved"] == {}
    (alice,) = views(b, ALICE, since)
    assert alice["moved"] == {"alice": 2}


def test_other_participants_ids_are_not_sent_to_participants() -> None:
    b = Board()
    b.join(ALICE, BOB)
    b.do(BOB, "leave")
    for event in views(b, ALICE):
        assert "bob" not in repr(event)
    assert snapshot(b.state, ALICE, b.now)["participants"] is None
    assert "bob" in repr(views(b, FAC))


def test_participants_not_named_by_personal_ids_all_see_the_same_frame() -> None:
    """The transport encodes one frame for everyone not in personal_ids: it must fit them all."""
    b = Board()
    people = [ALICE, BOB, CAROL]
    b.join(*people)
    n = b.note(ALICE, SECRET)
    b.do(ALICE, "edit_note", note=n, text=SECRET + "!")
    b.do(BOB, "leave")
    b.go("group")
    m = b.note(CAROL, "public")
    b.do(CAROL, "edit_note", note=m, text="public, edited")  # anonymous: only Carol sees her name
    b.go("vote")
    b.do(BOB, "join", group="Other")
    b.do(BOB, "vote", note=n)
    b.do(CAROL, "vote", note=m)
    b.do(CAROL, "unvote", note=m)
    b.do(FAC, "merge_notes", source=n, target=m)
    b.do(FAC, "hide_note", note=m)
    b.do(FAC, "hide_note", note=m, hidden=False)
    for _, event in b.log:
        personal = personal_ids(event, b.state.settings)
        shared = [view_event(event, p, b.state.settings) for p in people if p.id not in personal]
        assert all(v == shared[0] for v in shared), event["type"]


@pytest.mark.parametrize("anonymous", [True, False])
@pytest.mark.parametrize("blind_votes", [True, False])
@pytest.mark.parametrize("facilitator_sees_private", [True, False])
def test_a_snapshot_equals_the_reference_construction_for_every_viewer_and_setting(
    anonymous: bool, blind_votes: bool, facilitator_sees_private: bool
) -> None:
    """Notes built directly and tallies kept as dots are folded give what asdict and a recount gave."""
    settings = {"anonymous": anonymous, "blind_votes": blind_votes, "facilitator_sees_private": facilitator_sees_private}
    b = Board(settings={**settings, "dots_per_person": 6, "max_dots_per_note": 3})
    stranger = Actor("stranger", "participant")  # has a token, never joined
    viewers = (FAC, ALICE, BOB, CAROL, PROJECTOR, stranger)

    def check() -> None:
        check_counts(b.state)
        for viewer in viewers:
            check_snapshot(b.state, viewer, b.now)

    b.join(ALICE, group="Academia")
    b.join(BOB, group="NGO / civil society")
    b.join(CAROL, group="Private sector")
    a1, a2 = b.note(ALICE, "alice one"), b.note(ALICE, "alice two")
    b1 = b.note(BOB, "bob one")
    f1 = b.note(FAC, "facilitator one")
    check()  # write phase: private notes
    b.go("group")
    c = b.do(FAC, "create_cluster", name="Money")[0]["id"]
    b.do(ALICE, "cluster_note", note=a1, cluster=c)
    b.do(FAC, "hide_note", note=b1)
    check()
    b.go("vote")
    for actor, note in [(ALICE, a1), (ALICE, a1), (BOB, a1), (BOB, a2), (CAROL, f1), (FAC, a2), (FAC, f1)]:
        b.do(actor, "vote", note=note)
    b.do(BOB, "unvote", note=a2)
    check()  # blind (or not) votes, a facilitator who never joined voting as "Facilitator"
    b.do(FAC, "mark_decision", target=a1)
    b.do(FAC, "merge_notes", source=a2, target=a1)
    b.do(FAC, "delete_note", note=f1)
    check()
    b.go("results")
    b.do(FAC, "hide_note", note=b1, hidden=False)
    check()
