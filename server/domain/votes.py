"""Dot votes: a budget per participant, a cap per note, only while voting is open."""

from __future__ import annotations

from server.domain import rules
from server.domain.state import Actor, BoardState, Command, Event
from server.errors import BudgetExceeded, Forbidden, NotAllowedNow, NotFound


def _voting_open(state: BoardState) -> None:
    if state.phase_kind != "vote":
        raise NotAllowedNow("voting is not open", reason="voting_not_open")
    if state.phase_closed:
        raise NotAllowedNow("voting has closed", reason="voting_closed")


def _voter(state: BoardState, actor: Actor) -> str:
    rules.require_member(state, actor)
    if actor.role not in ("participant", "facilitator"):
        raise Forbidden("only participants vote", reason="participants_only_vote")
    return actor.id


def _group(state: BoardState, pid: str) -> str:
    return state.voter_group(pid)


def vote(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Place one dot on a note."""
    pid = _voter(state, actor)
    _voting_open(state)
    n = rules.note(state, cmd.get("note"))
    if n.hidden:
        raise NotFound(f"no note {n.id!r}", reason="note_not_found")
    if state.dots_left(pid) <= 0:
        raise BudgetExceeded(f"you have used all {state.settings.dots_per_person} dots", reason="no_dots_left",
                             params={"count": state.settings.dots_per_person})
    if state.votes.get(pid, {}).get(n.id, 0) >= state.settings.max_dots_per_note:
        raise BudgetExceeded(f"at most {state.settings.max_dots_per_note} dots on one note", reason="per_note_cap",
                             params={"count": state.settings.max_dots_per_note})
    blind = not state.tallies_visible_to_all()
    return [
        {
            "type": "vote_placed",
            "note": n.id,
            "participant": pid,
            "group": _group(state, pid),
            "blind": blind,
            "dots_placed": state.total_dots() + 1,
        }
    ]


def unvote(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    """Take one dot back from a note, while voting is open."""
    pid = _voter(state, actor)
    _voting_open(state)
    note_id = cmd.get("note")
    if not isinstance(note_id, str) or state.votes.get(pid, {}).get(note_id, 0) <= 0:
        raise NotFound("you have no dot on that note", reason="no_dot_here")
    blind = not state.tallies_visible_to_all()
    return [
        {
            "type": "vote_removed",
            "note": note_id,
            "participant": pid,
            "group": _group(state, pid),
            "blind": blind,
            "dots_placed": state.total_dots() - 1,
        }
    ]


def reveal_votes(state: BoardState, cmd: Command, actor: Actor, now: float) -> list[Event]:
    rules.require_facilitator(actor)
    if state.votes_revealed:
        raise NotAllowedNow("votes are already revealed", reason="votes_already_revealed")
    return [{"type": "votes_revealed", "tallies": state.tallies()}]


DECIDE = {"vote": vote, "unvote": unvote, "reveal_votes": reveal_votes}


def _fold_placed(state: BoardState, ev: Event) -> None:
    state.add_dots(ev["participant"], ev["note"], 1)


def _fold_removed(state: BoardState, ev: Event) -> None:
    if ev["note"] not in state.votes[ev["participant"]]:
        raise KeyError(ev["note"])  # no such dot: a broken log
    state.add_dots(ev["participant"], ev["note"], -1)


def _fold_revealed(state: BoardState, ev: Event) -> None:
    state.votes_revealed = True


FOLD = {"vote_placed": _fold_placed, "vote_removed": _fold_removed, "votes_revealed": _fold_revealed}
