"""A fixed event for report tests: the fixed cybercrime board plus a small wildlife metanet, through the pure domain.

Across the event, worked out by hand:

- every group that voted supported: the cyber-forensics lab (a decision of the cybercrime metanet: Government,
  NGO, Academia and Private sector all put dots on it) and "Joint patrols across the border" (the wildlife
  metanet marked no decisions, so its top notes count; both its voting groups put dots on it);
- carried by one group only: "Community rangers paid by tourism levies" (NGO dots alone).
- Not in either list: the data-protection safeguards (3 of 4 groups), Partnerships (2 of 4), the
  unvoted wildlife note.
"""

from __future__ import annotations

from server.domain import gathering
from server.domain.state import SYSTEM, Actor
from tests.report.fixture import FAC, GOV, MIN, NGO, PHASES, T0, Driver, fixed_board


def wildlife_board() -> Driver:
    d = Driver("wild")
    d.now = T0 + 5 * MIN
    d.do(FAC, "create_board", code="WILD22", facilitator_hash="wild-hash", phases=PHASES,
         settings={"title": "Wildlife trafficking", "question": "How do we break the trafficking networks?"})
    gov, ngo = Actor("wg", "participant"), Actor("wn", "participant")
    d.do(gov, "join", name="", group=GOV)
    d.do(ngo, "join", name="", group=NGO)
    patrols = d.do(gov, "add_note", text="Joint patrols across the border")[0]["note"]["id"]
    rangers = d.do(ngo, "add_note", text="Community rangers paid by tourism levies")[0]["note"]["id"]
    d.do(ngo, "add_note", text="A hotline for tip-offs")
    d.do(FAC, "set_phase", index=2)  # vote
    for voter, note in ((gov, patrols), (gov, patrols), (ngo, patrols), (ngo, rangers), (ngo, rangers)):
        d.do(voter, "vote", note=note)
    d.now = T0 + 50 * MIN
    d.do(FAC, "next_phase")  # results
    d.do(SYSTEM, "set_reporters", names=["Amina Diallo", "Luis Ortega"])
    return d


def fixed_event() -> tuple[gathering.GatheringState, dict[str, object]]:
    state = gathering.GatheringState("e.fixed")
    cmds = [
        {"type": "create_gathering", "title": "Crime commission week", "code": "WEEK26", "organiser_hash": "h",
         "description": "Two working groups in the margins of the commission."},
        {"type": "add_metanet", "board": "fixed", "code": "CYBER7", "title": "Cybercrime"},
        {"type": "add_metanet", "board": "wild", "code": "WILD22", "title": "Wildlife trafficking"},
    ]
    for cmd in cmds:
        for event in gathering.decide(state, cmd, True, T0):
            gathering.fold(state, state.seq + 1, event)
    return state, {"fixed": fixed_board().state, "wild": wildlife_board().state}
