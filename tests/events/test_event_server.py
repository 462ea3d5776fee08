"""An event of several metanets on one real server: creation, the event socket, the organiser's commands."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

from testkit.client import BoardClient
from testkit.event_client import EventClient, get, post
from testkit.metanet import MetanetServer


def make_event(server: MetanetServer, n: int = 3, **extra: Any) -> dict[str, Any]:
    body = {"title": "Crime commission week", "description": "Five days, five groups",
            "metanets": [{"title": f"Group {i}", "question": f"Question {i}?"} for i in range(n)], **extra}
    status, made = post(server.url + "/api/events", body)
    assert status == 201, made
    return made


async def test_created_event_welcomes_every_screen_with_each_metanets_summary(server: MetanetServer) -> None:
    made = make_event(server)
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    try:
        assert lounge.welcome is not None and organiser.welcome is not None
        assert lounge.welcome["gathering"]["title"] == "Crime commission week"
        assert lounge.welcome["gathering"]["join_url"] == f"{server.url}/e/{made['code']}"
        boards = [m["board"] for m in made["metanets"]]
        assert [s["board"] for s in lounge.welcome["metanets"]] == boards
        assert [s["title"] for s in lounge.welcome["metanets"]] == ["Group 0", "Group 1", "Group 2"]
        assert all(s["phase"]["kind"] == "write" and s["people"]["total"] == 0 for s in lounge.welcome["metanets"])
        # Only the organiser gets each metanet's facilitator link, and it is the one given at creation.
        assert all("facilitator_url" not in link for link in lounge.welcome["links"])
        assert [link["facilitator_url"] for link in organiser.welcome["links"]] == \
               [m["facilitator_url"] for m in made["metanets"]]
    finally:
        await lounge.close()
        await organiser.close()


async def test_the_board_knows_its_event_and_its_code_opens_the_event(server: MetanetServer) -> None:
    made = make_event(server, 1)
    board = made["metanets"][0]["board"]
    phone = await BoardClient.connect(server.ws_base, board)
    try:
        assert phone.view.board["gathering"] == {"id": made["id"], "code": made["code"],
                                                 "title": "Crime commission week"}
    finally:
        await phone.close()
    status, _ = get(f"{server.url}/j/{made['code']}")  # follows the redirect to /e/CODE
    assert status in (200, 500)  # 500 only while web/event.html is not there yet
    status, svg = get(f"{server.url}/e/{made['code']}/qr.svg")
    assert status == 200 and svg.startswith(b"<svg")


async def test_changes_on_a_board_reach_the_lounge_as_summaries(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a, b = (m["board"] for m in made["metanets"])
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    facilitator = await BoardClient.connect(server.ws_base, a, role="facilitator",
                                            secret=made["metanets"][0]["facilitator_url"].split("#")[1])
    phones = [await BoardClient.connect(server.ws_base, a) for _ in range(2)]
    try:
        await phones[0].ok("join", group="Academia")
        await phones[1].ok("join", group="NGO / civil society")
        await lounge.until(lambda c: c.summaries[a]["people"]["total"] == 2)
        assert lounge.summaries[a]["people"]["by_group"] == {"Academia": 1, "NGO / civil society": 1}
        assert "Academia" not in lounge.summaries[a]["missing"]
        assert "Government / member state" in lounge.summaries[a]["missing"]
        assert lounge.summaries[b]["people"]["total"] == 0
        await facilitator.ok("next_phase")
        await lounge.until(lambda c: c.summaries[a]["phase"]["index"] == 1)
        # A drop-in switches from A to B: her presence moves, the Lounge sees both counts change.
        await phones[1].close()
        moved = await BoardClient.connect(server.ws_base, b, token=phones[1].token)
        await moved.ok("join", group="NGO / civil society")
        await lounge.until(lambda c: c.summaries[a]["people"]["total"] == 1 and c.summaries[b]["people"]["total"] == 1,
                           timeout=2)  # the bound for a switch to show on the Lounge
        await moved.close()
    finally:
        for c in (lounge, facilitator, *phones):
            await c.close()


async def test_at_most_two_summaries_a_second_per_metanet(server: MetanetServer) -> None:
    made = make_event(server, 1)
    board = made["metanets"][0]["board"]
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    phone = await BoardClient.connect(server.ws_base, board)
    try:
        await phone.ok("join", group="Academia")
        start = len(lounge.messages)
        for i in range(40):  # 40 changes in about a second
            await phone.ok("add_note", text=f"note {i}")
            await asyncio.sleep(0.025)
        await lounge.until(lambda c: c.summaries[board]["notes"] == 40)
        summaries = [m for m in lounge.messages[start:] if m["t"] == "summary"]
        span = summaries[-1]["summary"]["at"] - summaries[0]["summary"]["at"]
        assert len(summaries) >= 2
        assert len(summaries) <= 2 * span + 2  # at most 2 a second (+ the first and the last)
        gaps = [y["summary"]["at"] - x["summary"]["at"] for x, y in zip(summaries, summaries[1:], strict=False)]
        assert min(gaps) >= 0.45
    finally:
        await lounge.close()
        await phone.close()


async def test_organiser_message_timers_plenary_and_reporters(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a, b = (m["board"] for m in made["metanets"])
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    phone = await BoardClient.connect(server.ws_base, a)
    projector = await BoardClient.connect(server.ws_base, b, role="projector")
    try:
        ack = await organiser.command("post_message", text="Plenary in 10 minutes")
        assert ack["ok"], ack
        assert ack["result"]["boards"] == {a: "ok", b: "ok"}
        await lounge.until(lambda c: (c.gathering or {}).get("message", {}) is not None
                           and c.gathering["message"]["text"] == "Plenary in 10 minutes")
        for client in (phone, projector):
            for _ in range(100):
                if client.view.board.get("announcement"):
                    break
                await asyncio.sleep(0.05)
            assert client.view.board["announcement"]["text"] == "Plenary in 10 minutes"
            announced = [ev for m in client.messages if m["t"] == "events" for ev in m["events"]
                         if ev["type"] == "announcement"]
            assert [ev["text"] for ev in announced] == ["Plenary in 10 minutes"]

        ack = await organiser.command("timers", action="start")
        assert ack["ok"] and ack["result"]["boards"] == {a: "ok", b: "ok"}, ack
        await lounge.until(lambda c: all(s["timer"]["status"] == "running" for s in c.summaries.values()))
        ack = await organiser.command("timers", action="pause")
        assert ack["result"]["boards"] == {a: "ok", b: "ok"}, ack
        await lounge.until(lambda c: all(s["timer"]["status"] == "paused" for s in c.summaries.values()))

        ack = await organiser.command("open_plenary", open=True)
        assert ack["ok"], ack
        await lounge.until(lambda c: c.gathering is not None and c.gathering["plenary_open"])

        ack = await organiser.command("set_reporters", board=a, names=["Amina", "Luis"])
        assert ack["ok"], ack
        await lounge.until(lambda c: c.summaries[a]["reporters"] == ["Amina", "Luis"])
    finally:
        for c in (lounge, organiser, phone, projector):
            await c.close()


async def test_adding_and_attaching_metanets(server: MetanetServer) -> None:
    made = make_event(server, 1)
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    headers = {"X-Metanet-Organiser": made["secret"]}
    try:
        organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
        assert (await organiser.command("post_message", text="Lunch at 1"))["ok"]
        await organiser.close()
        status, added = post(f"{server.url}/api/events/{made['id']}/metanets", {"title": "Late group"}, headers)
        assert status == 201, added
        late = await BoardClient.connect(server.ws_base, added["board"])
        assert late.view.board["announcement"]["text"] == "Lunch at 1"  # a message posted before it was added
        await late.close()
        existing = server.create_board(title="An old board")
        status, attached = post(f"{server.url}/api/events/{made['id']}/metanets",
                                {"board": existing["board"], "secret": existing["secret"]}, headers)
        assert status == 201, attached
        assert attached["title"] == "An old board"
        await lounge.until(lambda c: c.gathering is not None and len(c.gathering["metanets"]) == 3)
        await lounge.until(lambda c: {added["board"], existing["board"]} <= set(c.summaries))
    finally:
        await lounge.close()


async def test_event_templates_prefill_the_metanets(server: MetanetServer) -> None:
    status, made = post(server.url + "/api/events", {"title": "Sprint week", "template": "strategy-sprint-event"})
    assert status == 201, made
    assert len(made["metanets"]) == 5
    status, made = post(server.url + "/api/events", {"template": "priorities-event"})
    assert status == 201, made
    assert [m["title"] for m in made["metanets"]][:1] == ["Prevention"]


async def test_event_report_over_http_and_from_the_command_line(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a = made["metanets"][0]
    facilitator = await BoardClient.connect(server.ws_base, a["board"], role="facilitator",
                                            secret=a["facilitator_url"].split("#")[1])
    phone = await BoardClient.connect(server.ws_base, a["board"])
    try:
        await phone.ok("join", group="Academia")
        await phone.ok("add_note", text="Regional forensics lab")
        await facilitator.ok("reveal_notes")
    finally:
        await facilitator.close()
        await phone.close()
    url = f"{server.url}/e/{made['code']}/export"
    assert get(url + ".md")[0] == 403
    assert get(url + ".md", {"X-Metanet-Key": made["secret"]})[0] == 403  # the secret is not the export key
    assert get(f"{server.url}/e/ZZZZZZ/export.md", {"X-Metanet-Key": made["export_key"]})[0] == 404
    status, body = get(url + ".md", {"X-Metanet-Key": made["export_key"]})
    assert status == 200
    text = body.decode()
    assert text.startswith("# Crime commission week") and "## Group 0" in text and "## Group 1" in text
    assert "Regional forensics lab" in text
    status, body = get(f"{url}.json?key={made['export_key']}")  # never in the URL: proxies log URLs
    assert status == 400 and json.loads(body)["code"] == "invalid"
    status, body = get(f"{url}.json", {"X-Metanet-Key": made["export_key"]})
    assert status == 200 and [m["title"] for m in json.loads(body)["report"]["metanets"]] == ["Group 0", "Group 1"]
    done = subprocess.run([sys.executable, "-m", "server.cli", "export", "--event", made["code"].lower(), "--format",
                           "csv", "--data-dir", str(server.data_dir)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("metanet,rank,note,text")
    assert "Regional forensics lab" in done.stdout
    missing = subprocess.run([sys.executable, "-m", "server.cli", "export", "--event", "NOSUCH", "--data-dir",
                              str(server.data_dir)], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no event" in missing.stderr


async def test_an_event_survives_the_server_being_killed(server: MetanetServer) -> None:
    made = make_event(server, 2)
    a = made["metanets"][0]["board"]
    phone = await BoardClient.connect(server.ws_base, a)
    organiser = await EventClient.connect(server.ws_base, made["code"], "organiser", made["secret"])
    try:
        await phone.ok("join", group="Academia")
        await phone.ok("add_note", text="kept")
        assert (await organiser.command("post_message", text="Still here"))["ok"]
    finally:
        await phone.close()
        await organiser.close()
    server.kill()  # kill -9: nothing but what was stored survives
    server.start()
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    try:
        assert lounge.gathering is not None and lounge.gathering["message"]["text"] == "Still here"
        assert [s["board"] for s in lounge.welcome["metanets"]] == [m["board"] for m in made["metanets"]]  # type: ignore[index]
        assert lounge.summaries[a]["notes"] == 1  # summarised from the board's log: nothing stored it since
    finally:
        await lounge.close()
    status, _ = post(f"{server.url}/api/events/{made['id']}/metanets", {"title": "After"},
                     {"X-Metanet-Organiser": made["secret"]})
    assert status == 201


async def test_a_deleted_metanet_leaves_the_event_screens(server: MetanetServer) -> None:
    made = make_event(server, 2)
    gone = made["metanets"][1]
    lounge = await EventClient.connect(server.ws_base, made["code"], "lounge")
    facilitator = await BoardClient.connect(server.ws_base, gone["board"], role="facilitator",
                                            secret=gone["facilitator_url"].split("#")[1])
    try:
        await facilitator.ok("delete_board", confirm=gone["code"])
        await lounge.until(lambda c: c.summaries[gone["board"]].get("deleted") is True)
    finally:
        await facilitator.close()
        await lounge.close()
    later = await EventClient.connect(server.ws_base, made["code"], "plenary")
    try:
        assert [s["board"] for s in later.welcome["metanets"]] == [made["metanets"][0]["board"]]  # type: ignore[index]
    finally:
        await later.close()
