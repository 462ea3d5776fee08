"""A fixed board for report tests: a priorities workshop on cybercrime, driven through the pure domain.

Seven people from five stakeholder groups, seven notes in three clusters (and
one hidden), every dot placed by hand, three priorities with a roadmap, fixed
times. The expected per-group tallies and agreement are worked out by hand in
``tests/sprint/test_results.py``; the Markdown report is ``golden/report.md``.
"""

from __future__ import annotations

from typing import Any

from server.domain.board import decide, fold
from server.domain.state import Actor, BoardState, Event

T0 = 1795424400.0  # Mon 23 Nov 2026, 09:00 UTC
MIN = 60.0

GOV, NGO, ACADEMIA, PRIVATE, INTL = (
    "Government / member state",
    "NGO / civil society",
    "Academia",
    "Private sector",
    "International organisation",
)
FAC = Actor("fac", "facilitator")
G1, G2 = Actor("g1", "participant"), Actor("g2", "participant")
N1, N2 = Actor("n1p", "participant"), Actor("n2p", "participant")
A1, P1, I1 = Actor("a1", "participant"), Actor("p1", "participant"), Actor("i1", "participant")
GROUP_OF = {G1: GOV, G2: GOV, N1: NGO, N2: NGO, A1: ACADEMIA, P1: PRIVATE, I1: INTL}

PHASES: list[dict[str, Any]] = [
    {"id": "identify", "kind": "write", "title": "Identify priorities", "duration": 1200, "close_on_timer": True},
    {"id": "cluster", "kind": "group", "title": "Group similar priorities", "duration": 900},
    {"id": "narrow", "kind": "vote", "title": "Narrow down by vote", "duration": 600, "close_on_timer": True},
    {"id": "choose", "kind": "results", "title": "Choose the priorities"},
    {"id": "roadmap", "kind": "discuss", "title": "Agree a roadmap", "duration": 2700},
]
SETTINGS = {
    "title": "Countering cybercrime: regional priorities",
    "question": "What should the region prioritise to counter cybercrime in the next two years?",
    "max_priorities": 3,
}

NOTES = [  # (author, text): notes n1..n7 in this order, then n8, which gets hidden
    (G1, "Shared cyber-forensics lab for the region"),
    (G2, "Regional network of specialised prosecutors"),
    (N1, "Victim support hotline run with NGO partners"),
    (N2, "Data-protection safeguards in cross-border evidence requests"),
    (A1, "Curriculum on digital evidence for judges"),
    (P1, "Public-private channel for reporting ransomware"),
    (P1, "Awareness campaign for small businesses"),
    (N2, "Off-topic: the lunch menu"),
]
DOTS = {  # who put how many dots on which note (n1..n7)
    G1: {"n1": 2, "n2": 2, "n6": 1},
    G2: {"n1": 1, "n2": 2, "n4": 1, "n6": 1},
    N1: {"n3": 3, "n4": 2},
    N2: {"n4": 2, "n1": 1, "n3": 2},
    A1: {"n5": 2, "n1": 2, "n4": 1},
    P1: {"n6": 3, "n1": 1, "n7": 1},
}


class Driver:
    """Decide and fold commands at a settable time, keeping the log."""

    def __init__(self, board_id: str = "fixed") -> None:
        self.state = BoardState(board_id)
        self.log: list[tuple[int, Event]] = []
        self.now = T0

    def do(self, actor: Actor, kind: str, **args: Any) -> list[Event]:
        events = decide(self.state, {"type": kind, **args}, actor, self.now)
        for event in events:
            seq = self.state.seq + 1
            fold(self.state, seq, event)
            self.log.append((seq, event))
        return events


def fixed_board(phases: list[dict[str, Any]] = PHASES) -> Driver:
    d = Driver()
    d.do(FAC, "create_board", code="CYBER7", facilitator_hash="fixed-hash", settings=SETTINGS, phases=phases)
    for actor, group in GROUP_OF.items():
        d.do(actor, "join", name="", group=group)
    ids = [d.do(author, "add_note", text=text)[0]["note"]["id"] for author, text in NOTES]
    assert ids == [f"n{i}" for i in range(1, 9)], ids  # ids follow the board's counter
    alias = {note_id: note_id for note_id in ids}
    d.now = T0 + 20 * MIN
    d.do(FAC, "hide_note", note=alias["n8"])
    d.now = T0 + 22 * MIN
    d.do(FAC, "next_phase")  # cluster: reveals the notes
    clusters = {}
    for name in ("Capacity building", "Victims and rights", "Partnerships"):
        clusters[name] = d.do(FAC, "create_cluster", name=name)[0]["id"]
    for note, name in (("n1", "Capacity building"), ("n2", "Capacity building"), ("n5", "Capacity building"),
                       ("n3", "Victims and rights"), ("n4", "Victims and rights"),
                       ("n6", "Partnerships"), ("n7", "Partnerships")):
        d.do(G1, "cluster_note", note=alias[note], cluster=clusters[name])
    d.now = T0 + 40 * MIN
    d.do(FAC, "next_phase")  # narrow: vote
    for actor, dots in DOTS.items():
        for note, count in dots.items():
            for _ in range(count):
                d.do(actor, "vote", note=alias[note])
    d.now = T0 + 52 * MIN
    d.do(FAC, "next_phase")  # choose: results
    d.do(FAC, "mark_decision", target=alias["n1"])
    d.do(FAC, "mark_decision", target=alias["n4"])
    d.do(FAC, "mark_decision", target=clusters["Partnerships"])
    d.now = T0 + 65 * MIN
    d.do(FAC, "next_phase")  # roadmap
    d.do(FAC, "set_roadmap", target=alias["n1"], owner="Ministry of Justice, with UNODC",
         next_step="Draft terms of reference for the lab", due="2027-03-31")
    d.do(FAC, "set_roadmap", target=alias["n4"], owner="NGO coalition", next_step="Joint paper on safeguards | v1",
         due="2027-02-15")
    d.do(FAC, "set_roadmap", target=clusters["Partnerships"], owner="Chamber of Commerce",
         next_step="Convene a first round table")
    d.now = T0 + 110 * MIN
    d.do(FAC, "archive_board")
    return d
