"""Each agenda template runs end to end through the protocol, against a real server.

A facilitator, four participants from four stakeholder groups and a projector
go through every phase of the template: notes in writing phases, clusters in
grouping phases, dots in voting phases, decisions (and a roadmap) in results
and discussion phases, "I'm done" signals everywhere. Phases that close on
their timer are run with a one-second timer: the server closes them by itself,
and writing or voting after that is refused. At the end every client's state
equals a fresh snapshot, the facilitator's tallies by group match the export,
and the archived board refuses participants.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from typing import Any

import pytest

from server import templates
from testkit.client import BoardClient
from testkit.metanet import MetanetServer

GROUPS = ("Government / member state", "NGO / civil society", "Academia", "Private sector")


async def _until(check: Any, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


async def _settle(clients: list[BoardClient], seq: int) -> None:
    for client in clients:
        await client.wait_seq(seq)


def _export(server: MetanetServer, board: str, fmt: str, key: str) -> bytes:
    req = urllib.request.Request(f"{server.url}/b/{board}/export.{fmt}", headers={"X-Metanet-Key": key})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return bytes(resp.read())


@pytest.mark.parametrize("name", ["note-and-vote", "strategy-sprint", "priorities-workshop"])
async def test_the_template_runs_end_to_end(server: MetanetServer, name: str) -> None:
    template = templates.all_templates()[name]
    board = server.create_board(title=f"{template['title']} on cybercrime", template=name)
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    people = [await BoardClient.connect(server.ws_base, board["board"]) for _ in GROUPS]
    projector = await BoardClient.connect(server.ws_base, board["board"], role="projector")
    clients = [fac, *people, projector]
    try:
        for person, group in zip(people, GROUPS, strict=True):
            await person.ok("join", group=group)
        phases = fac.view.board["phases"]
        assert [p["id"] for p in phases] == [p["id"] for p in template["phases"]]
        assert all(p["hint"] for p in phases)  # drop-ins see what to do now
        settings = fac.view.board["settings"]
        limit = settings["max_priorities"]
        notes: list[str] = []
        decided: list[str] = []
        timed_out = 0
        for index, phase in enumerate(phases):
            if index:
                await fac.ok("next_phase")
            kind = phase["kind"]
            if kind in ("write", "discuss"):
                for i, person in enumerate(people):
                    notes.append((await person.ok("add_note", text=f"{phase['title']}: idea {i}"))["note"])
            elif kind == "group":
                cluster = (await people[0].ok("create_cluster", name=f"Theme of {phase['id']}"))["cluster"]
                for note in notes[-3:]:
                    await people[1].ok("cluster_note", note=note, cluster=cluster)
            elif kind == "vote":
                # Person i puts a dot on each of the first i+1 recent notes, and the rest on the newest.
                recent = notes[-4:]
                for i, person in enumerate(people):
                    for note in recent[: i + 1]:
                        await person.ok("vote", note=note)
            elif kind == "results":
                for note in notes[-2:]:
                    if note not in decided and (not limit or len(decided) < limit):
                        await fac.ok("mark_decision", target=note)
                        decided.append(note)
            # "I'm done", counted for the facilitator and the projector.
            await people[0].ok("mark_done")
            seq = (await people[2].ok("mark_done"))["seq"]
            await _settle([fac, projector], seq)
            assert fac.view.board["done"] == {"count": 2, "mine": False}
            assert projector.view.board["done"]["count"] == 2
            if phase["close_on_timer"]:
                timed_out += 1
                await fac.ok("start_timer", duration=1)
                await _until(lambda: fac.view.board["phase_closed"])
                assert fac.view.board["timer"]["status"] == "expired"
                late = "vote" if kind == "vote" else "add_note"
                ack = await people[3].command(late, **({"note": notes[-1]} if kind == "vote" else {"text": "too late"}))
                assert not ack["ok"] and ack["code"] == "not_now", ack
        assert timed_out >= 1
        # Decisions, with a roadmap on each when the template has a limit (a priorities workshop).
        if limit:
            assert decided and len(decided) <= limit
            for i, note in enumerate(decided):
                await fac.ok("set_roadmap", target=note, owner=f"Owner {i}", next_step="Write it up", due="2027-01-15")
        else:
            await fac.ok("mark_decision", target=notes[0])
            decided.append(notes[0])
        seq = (await fac.ok("archive_board"))["seq"]
        await _settle(clients, seq)
        refused = await people[1].command("add_note", text="after the end")
        assert not refused["ok"] and refused["code"] == "not_now"

        # Every client agrees with a fresh snapshot.
        for client in clients:
            again = await BoardClient.connect(server.ws_base, board["board"], role=client.view.role, token=client.token,
                                              secret=board["secret"] if client is fac else None)
            try:
                assert client.view.essentials() == again.view.essentials()
            finally:
                await again.close()
        assert [d["target"] for d in fac.view.board["decisions"]] == decided

        # The export says what the facilitator's console shows.
        key = fac.welcome_msg["you"]["export_key"] if fac.welcome_msg else ""
        exported = json.loads(_export(server, board["board"], "json", key))
        report = exported["report"]
        assert [d["target"] for d in report["decisions"]] == decided
        console = fac.view.tallies or {}
        for row in report["notes"]:
            tally = console.get(row["id"], {"total": 0, "by_group": {}})
            assert (row["total"], row["by_group"]) == (tally["total"], tally["by_group"])
        assert set(report["agreement"]["voting_groups"]) <= set(GROUPS)
        markdown = _export(server, board["board"], "md", key).decode()
        assert f"# {template['title']} on cybercrime" in markdown
        assert markdown.count("| ") > 10
    finally:
        for client in clients:
            await client.close()
