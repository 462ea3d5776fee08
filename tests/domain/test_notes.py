"""Sticky notes: add, edit, move, recolour, delete, hide and merge."""

from __future__ import annotations

import pytest

from server.errors import BudgetExceeded, Forbidden, InvalidCommand, NotAllowedNow, NotFound
from tests.domain.boards import ALICE, BOB, FAC, PROJECTOR, Board, types


def board_with(*people: object, phase: str = "write", **settings: object) -> Board:
    b = Board(settings=dict(settings) or None)
    b.join(*people)  # type: ignore[arg-type]
    if phase != "write":
        b.go(phase)
    return b


# -- add -----------------------------------------------------------------------


def test_a_note_is_added_with_stripped_text_and_its_authors_group() -> None:
    b = board_with(ALICE)
    events = b.do(ALICE, "add_note", text="  Shared forensics lab \n", color="blue", x=0.25, y=0.5)
    assert types(events) == ["note_added"]
    note = b.state.notes[events[0]["note"]["id"]]
    assert (note.text, note.author, note.group, note.color, note.x, note.y) == (
        "Shared forensics lab",
        "alice",
        "NGO / civil society",
        "blue",
        0.25,
        0.5,
    )


def test_notes_get_distinct_ids_and_a_position_on_the_canvas_when_none_is_given() -> None:
    b = board_with(ALICE)
    ids = [b.note(ALICE, f"idea {i}") for i in range(5)]
    assert len(set(ids)) == 5
    for note_id in ids:
        note = b.state.notes[note_id]
        assert 0 <= note.x <= 1 and 0 <= note.y <= 1


def test_the_default_colour_is_yellow() -> None:
    b = board_with(ALICE)
    assert b.state.notes[b.note(ALICE)].color == "yellow"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None, 7, ["text"]])
def test_an_empty_or_non_text_note_is_refused(text: object) -> None:
    with pytest.raises(InvalidCommand):
        board_with(ALICE).do(ALICE, "add_note", text=text)


def test_a_note_at_the_text_limit_is_accepted() -> None:
    b = board_with(ALICE)
    assert len(b.state.notes[b.note(ALICE, "x" * 280)].text) == 280


def test_a_note_beyond_the_text_limit_is_refused() -> None:
    with pytest.raises(InvalidCommand):
        board_with(ALICE).note(ALICE, "x" * 281)


def test_surrounding_whitespace_does_not_count_against_the_text_limit() -> None:
    b = board_with(ALICE)
    assert len(b.state.notes[b.note(ALICE, "  " + "x" * 280 + "  ")].text) == 280


def test_the_text_limit_is_a_board_setting() -> None:
    b = board_with(ALICE, text_limit=20)
    b.note(ALICE, "x" * 20)
    with pytest.raises(InvalidCommand):
        b.note(ALICE, "x" * 21)


@pytest.mark.parametrize("color", ["red", "YELLOW", 3])
def test_an_unknown_colour_is_refused(color: object) -> None:
    with pytest.raises(InvalidCommand):
        board_with(ALICE).do(ALICE, "add_note", text="hi", color=color)


@pytest.mark.parametrize("pos", [{"x": -0.1}, {"y": 1.5}, {"x": True}, {"y": "0.5"}])
def test_a_position_off_the_canvas_is_refused(pos: dict[str, object]) -> None:
    with pytest.raises(InvalidCommand):
        board_with(ALICE).do(ALICE, "add_note", text="hi", **pos)


def test_notes_written_in_the_write_phase_are_private() -> None:
    b = board_with(ALICE)
    assert b.state.notes[b.note(ALICE)].private


@pytest.mark.parametrize("phase", ["group", "discuss"])
def test_notes_written_outside_the_write_phase_are_public(phase: str) -> None:
    b = board_with(ALICE, phase=phase)
    assert not b.state.notes[b.note(ALICE)].private


@pytest.mark.parametrize("phase", ["vote", "results"])
def test_participants_cannot_add_notes_while_voting_or_in_results(phase: str) -> None:
    with pytest.raises(NotAllowedNow):
        board_with(ALICE, phase=phase).note(ALICE)


def test_participants_cannot_add_notes_once_the_phase_is_closed() -> None:
    b = board_with(ALICE)
    b.do(FAC, "close_phase")
    with pytest.raises(NotAllowedNow):
        b.note(ALICE)


@pytest.mark.parametrize("phase", ["write", "vote", "results"])
def test_the_facilitator_can_add_notes_in_any_phase(phase: str) -> None:
    b = board_with(phase=phase)
    note = b.state.notes[b.note(FAC)]
    assert note.group == "Facilitator"


def test_the_projector_cannot_add_notes() -> None:
    with pytest.raises(Forbidden):
        board_with().note(PROJECTOR)


# -- edit ----------------------------------------------------------------------


def test_an_author_edits_their_own_note_with_stripped_text() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    assert types(b.do(ALICE, "edit_note", note=n, text=" Better idea ")) == ["note_edited"]
    assert b.state.notes[n].text == "Better idea"


def test_editing_someone_elses_note_is_forbidden() -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(BOB, "edit_note", note=n, text="mine now")


def test_the_facilitator_can_edit_any_note_in_any_phase() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.go("results")
    b.do(FAC, "edit_note", note=n, text="Typo fixed")
    assert b.state.notes[n].text == "Typo fixed"


def test_an_edit_beyond_the_text_limit_is_refused() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "edit_note", note=n, text="x" * 281)


def test_an_empty_edit_is_refused() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "edit_note", note=n, text="   ")


def test_authors_cannot_edit_while_voting() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.go("vote")
    with pytest.raises(NotAllowedNow):
        b.do(ALICE, "edit_note", note=n, text="late change")


def test_editing_a_missing_note_is_not_found() -> None:
    with pytest.raises(NotFound):
        board_with(ALICE).do(ALICE, "edit_note", note="n999", text="x")


def test_a_note_id_that_is_not_text_is_not_found() -> None:
    with pytest.raises(NotFound):
        board_with(ALICE).do(ALICE, "edit_note", note=["n1"], text="x")


def test_the_projector_cannot_edit_notes() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(PROJECTOR, "edit_note", note=n, text="x")


# -- move ----------------------------------------------------------------------


def test_an_author_moves_their_own_note_in_any_phase() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.go("vote")
    assert types(b.do(ALICE, "move_note", note=n, x=0.1, y=0.9)) == ["note_moved"]
    assert (b.state.notes[n].x, b.state.notes[n].y) == (0.1, 0.9)


def test_anyone_can_move_any_note_while_grouping() -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    b.go("group")
    b.do(BOB, "move_note", note=n, x=0, y=1)
    assert (b.state.notes[n].x, b.state.notes[n].y) == (0.0, 1.0)


@pytest.mark.parametrize("phase", ["write", "vote", "results", "discuss"])
def test_moving_someone_elses_note_outside_the_group_phase_is_not_allowed(phase: str) -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    if phase != "write":
        b.go(phase)
    with pytest.raises(NotAllowedNow):
        b.do(BOB, "move_note", note=n, x=0.5, y=0.5)


def test_moving_someone_elses_note_after_grouping_closed_is_not_allowed() -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    b.go("group")
    b.do(FAC, "close_phase")
    with pytest.raises(NotAllowedNow):
        b.do(BOB, "move_note", note=n, x=0.5, y=0.5)


def test_the_facilitator_moves_any_note_in_any_phase() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.do(FAC, "move_note", note=n, x=0.3, y=0.3)
    assert b.state.notes[n].x == 0.3


@pytest.mark.parametrize("pos", [{"x": 2, "y": 0}, {"x": 0, "y": -1}, {"x": 0.5}, {"x": None, "y": 0.5}])
def test_moving_off_the_canvas_is_refused(pos: dict[str, object]) -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "move_note", note=n, **pos)


def test_the_projector_cannot_move_notes() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.go("group")
    with pytest.raises(Forbidden):
        b.do(PROJECTOR, "move_note", note=n, x=0.5, y=0.5)


# -- recolour ------------------------------------------------------------------


def test_an_author_recolours_their_own_note() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    assert types(b.do(ALICE, "recolor_note", note=n, color="pink")) == ["note_recolored"]
    assert b.state.notes[n].color == "pink"


def test_recolouring_someone_elses_note_is_forbidden() -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(BOB, "recolor_note", note=n, color="pink")


def test_the_facilitator_recolours_any_note() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.do(FAC, "recolor_note", note=n, color="green")
    assert b.state.notes[n].color == "green"


def test_recolouring_to_an_unknown_colour_is_refused() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "recolor_note", note=n, color="ultraviolet")


# -- delete --------------------------------------------------------------------


def test_an_author_deletes_their_own_note() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    assert types(b.do(ALICE, "delete_note", note=n)) == ["note_deleted"]
    assert n not in b.state.notes


def test_deleting_someone_elses_note_is_forbidden() -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(BOB, "delete_note", note=n)


def test_the_facilitator_deletes_any_note_and_its_dots_go_back_to_the_voters() -> None:
    b = board_with(ALICE, BOB, phase="group")
    n = b.note(ALICE)
    other = b.note(BOB)
    b.go("vote")
    b.do(BOB, "vote", note=n)
    b.do(BOB, "vote", note=other)
    event = b.do(FAC, "delete_note", note=n)[0]
    assert event["dots_placed"] == 1
    assert b.state.votes["bob"] == {other: 1}
    assert b.state.dots_left("bob") == 4


def test_deleting_a_missing_note_is_not_found() -> None:
    with pytest.raises(NotFound):
        board_with(ALICE).do(FAC, "delete_note", note="n404")


# -- hide / unhide -------------------------------------------------------------


def test_the_facilitator_hides_a_note() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    assert types(b.do(FAC, "hide_note", note=n)) == ["note_hidden"]
    assert b.state.notes[n].hidden


def test_the_facilitator_unhides_a_note_with_hidden_false() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.do(FAC, "hide_note", note=n, hidden=True)
    events = b.do(FAC, "hide_note", note=n, hidden=False)
    assert types(events) == ["note_unhidden"]
    assert events[0]["note"]["id"] == n
    assert not b.state.notes[n].hidden


def test_hiding_a_hidden_note_again_is_refused() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.do(FAC, "hide_note", note=n)
    with pytest.raises(InvalidCommand):
        b.do(FAC, "hide_note", note=n)


def test_unhiding_a_visible_note_is_refused() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(FAC, "hide_note", note=n, hidden=False)


def test_hidden_must_be_true_or_false() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(FAC, "hide_note", note=n, hidden="yes")


def test_a_participant_cannot_hide_notes_not_even_their_own() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, "hide_note", note=n)


def test_hiding_a_missing_note_is_not_found() -> None:
    with pytest.raises(NotFound):
        board_with().do(FAC, "hide_note", note="n9")


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("edit_note", {"text": "changed"}),
        ("recolor_note", {"color": "blue"}),
        ("delete_note", {}),
        ("move_note", {"x": 0.5, "y": 0.5}),
    ],
)
def test_a_hidden_note_does_not_exist_for_its_author(kind: str, args: dict[str, object]) -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    b.do(FAC, "hide_note", note=n)
    with pytest.raises(NotFound):
        b.do(ALICE, kind, note=n, **args)


def test_a_hidden_note_cannot_be_moved_by_others_while_grouping() -> None:
    b = board_with(ALICE, BOB)
    n = b.note(ALICE)
    b.do(FAC, "hide_note", note=n)
    b.go("group")
    with pytest.raises(NotFound):
        b.do(BOB, "move_note", note=n, x=0.5, y=0.5)


# -- merge ---------------------------------------------------------------------


def test_merging_removes_the_source_and_moves_its_dots_to_the_target() -> None:
    b = board_with(ALICE, BOB, phase="group")
    source, target = b.note(ALICE, "Hotline"), b.note(BOB, "Victim hotline")
    b.go("vote")
    b.do(ALICE, "vote", note=source)
    b.do(ALICE, "vote", note=source)
    b.do(BOB, "vote", note=source)
    b.do(BOB, "vote", note=target)
    event = b.do(FAC, "merge_notes", source=source, target=target)[0]
    assert event["type"] == "note_merged"
    assert event["moved"] == {"alice": 2, "bob": 1}
    assert event["target_tally"] == {"total": 4, "by_group": {"NGO / civil society": 4}}
    assert source not in b.state.notes
    assert b.state.votes == {"alice": {target: 2}, "bob": {target: 2}}
    assert b.state.note_total(target) == 4


def test_merged_dots_beyond_the_per_note_cap_go_back_to_the_voter() -> None:
    b = board_with(ALICE, BOB, phase="group", max_dots_per_note=2)
    source, target = b.note(ALICE, "a"), b.note(ALICE, "b")
    b.go("vote")
    for n in (source, source, target):
        b.do(ALICE, "vote", note=n)
    b.do(BOB, "vote", note=source)
    event = b.do(FAC, "merge_notes", source=source, target=target)[0]
    assert event["moved"] == {"alice": 1, "bob": 1}
    assert event["target_tally"] == {"total": 3, "by_group": {"NGO / civil society": 3}}
    assert event["dots_placed"] == 3
    assert b.state.votes == {"alice": {target: 2}, "bob": {target: 1}}
    assert b.state.dots_left("alice") == 3
    with pytest.raises(BudgetExceeded):
        b.do(ALICE, "vote", note=target)


def test_merging_a_note_into_itself_is_refused() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(FAC, "merge_notes", source=n, target=n)


def test_merging_with_a_missing_note_is_not_found() -> None:
    b = board_with(ALICE)
    n = b.note(ALICE)
    with pytest.raises(NotFound):
        b.do(FAC, "merge_notes", source=n, target="n99")
    with pytest.raises(NotFound):
        b.do(FAC, "merge_notes", source="n99", target=n)


def test_a_participant_cannot_merge_notes() -> None:
    b = board_with(ALICE)
    a, c = b.note(ALICE), b.note(ALICE)
    with pytest.raises(Forbidden):
        b.do(ALICE, "merge_notes", source=a, target=c)


# -- control characters ------------------------------------------------------------

TYPED = "a\x00b\x07c \x1b[31mred\x1b[0m\x1b]0;a title\x07 d\r\ne\rf\tg\x7f\x85h\x9b1mi"
STORED = "abc red d\ne\nf\tghi"  # NUL, BEL, DEL, C1 and whole escape sequences gone; line breaks and tabs kept


def test_control_characters_are_stripped_from_a_note_when_it_is_stored() -> None:
    b = board_with(ALICE)
    note = b.do(ALICE, "add_note", text=TYPED)[0]["note"]
    assert note["text"] == STORED and b.state.notes[note["id"]].text == STORED
    b.do(ALICE, "edit_note", note=note["id"], text="x\x1b[2Jy\x00")
    assert b.state.notes[note["id"]].text == "xy"


def test_a_note_of_nothing_but_control_characters_is_empty() -> None:
    b = board_with(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "add_note", text="\x00\x07\x1b[0m")


def test_control_characters_are_stripped_from_names_and_titles_too() -> None:
    b = board_with(ALICE, phase="group")
    b.do(ALICE, "join", name="Al\x1b[5mice\x00", group="NGO / civil society")
    assert b.state.participants["alice"].name == "Alice"
    cluster = b.do(FAC, "create_cluster", name="Lab\x07s")[0]
    assert b.state.clusters[cluster["id"]].name == "Labs"
    b.do(FAC, "update_settings", settings={"title": "T\x00itle", "question": "Wh\x1b[1my?"})
    assert (b.state.settings.title, b.state.settings.question) == ("Title", "Why?")


# -- bidi controls -----------------------------------------------------------------

# An override (RLO) that would turn "gpj.exe" around, an isolate (RLI ... PDI) and an embedding (LRE ... PDF);
# the marks RLM and LRM stay (they reorder nothing beyond their neighbours), as do Arabic letters.
BIDI_TYPED = "invoice\u202egpj.exe and \u2067نص\u2069 \u202ax\u202c; \u0645\u0631\u062d\u0628\u0627 English\u200f.\u200e"
BIDI_STORED = "invoicegpj.exe and نص x; \u0645\u0631\u062d\u0628\u0627 English\u200f.\u200e"


def test_bidi_overrides_embeddings_and_isolates_are_stripped_from_a_note() -> None:
    b = board_with(ALICE)
    note = b.do(ALICE, "add_note", text=BIDI_TYPED)[0]["note"]
    assert note["text"] == BIDI_STORED and b.state.notes[note["id"]].text == BIDI_STORED
    assert "\u202e" not in note["text"] and "\u200f" in note["text"]


def test_a_note_with_a_right_to_left_override_loses_only_the_override() -> None:
    b = board_with(ALICE)
    note = b.do(ALICE, "add_note", text="Water \u202efor all")[0]["note"]
    assert note["text"] == "Water for all"
    b.do(ALICE, "edit_note", note=note["id"], text="\u202eWater\u202c for all")
    assert b.state.notes[note["id"]].text == "Water for all"


def test_bidi_controls_are_stripped_from_names_titles_and_clusters_too() -> None:
    b = board_with(ALICE, phase="group")
    b.do(ALICE, "join", name="\u202eecilA", group="NGO / civil society")
    assert b.state.participants["alice"].name == "ecilA"
    cluster = b.do(FAC, "create_cluster", name="\u2066Labs\u2069")[0]
    assert b.state.clusters[cluster["id"]].name == "Labs"
    b.do(FAC, "update_settings", settings={"title": "T\u202bitle\u202c", "question": "Why\u202e?"})
    assert (b.state.settings.title, b.state.settings.question) == ("Title", "Why?")


def test_a_note_of_nothing_but_bidi_controls_is_empty() -> None:
    b = board_with(ALICE)
    with pytest.raises(InvalidCommand):
        b.do(ALICE, "add_note", text="\u202e\u2066\u2069")
