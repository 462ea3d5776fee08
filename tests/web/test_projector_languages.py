"""The projector in other languages, in real Chromium at 1920x1080.

- In the pseudo-language en-XA, every string on the projector comes from the catalog, in every phase
  and state the room sees (writing with private notes counted, clusters, blind votes, a group's dots,
  a spotlight, results with ranking, agreement and decisions, discussion, a closed phase, time's up,
  archived, deleted), and nothing is cut.
- In Arabic the page is right to left and its header is mirrored (the timer at the inline end: left of
  the title), the side column is on the left, nothing overflows.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from server.i18n.catalogs import catalog
from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT
from tests.web.conftest import ARTIFACTS, PROJECTOR, open_page
from tests.web.languages import assert_all_translated, overflowing
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

PHASES = [
    {"kind": "write", "title": "Write"},
    {"kind": "group", "title": "Group"},
    {"kind": "vote", "title": "Vote"},
    {"kind": "results", "title": "Results"},
    {"kind": "discuss", "title": "Discuss"},
]
GROUPS = ["Academia", "NGO / civil society"]
IDEAS = ["Train border officers", "A shared register", "Follow the money", "Sniffer dogs", "Community rangers"]


async def paced(client: BoardClient, t: str, **fields: Any) -> dict[str, Any]:
    """A command at a pace under the server's rate limit (20 a second per connection)."""
    result = await client.ok(t, **fields)
    await asyncio.sleep(0.06)
    return result


async def translated(page: Page, where: str) -> None:
    """assert_all_translated, with a picture of the step to look at (test-artifacts/web/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"projector-en-XA-{re.sub(r'[^a-z]+', '-', where)}.png")
    await assert_all_translated(page, where)


async def settle(page: Page) -> None:
    await page.wait_for_timeout(900)  # notes glide to their places, counts pop


async def test_every_string_on_the_projector_comes_from_the_catalog(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Wildlife trafficking", phases=PHASES, question="What should we do first?",
                                settings={"blind_votes": True, "dots_per_person": 5, "max_dots_per_note": 3})
    bid, code = board["board"], board["code"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    people = [await BoardClient.connect(server.ws_base, bid) for _ in range(4)]
    try:
        _, page, watched = await open_page(browser, PROJECTOR, "projector")
        await page.goto(f"{server.url}/b/{bid}/projector?lang=en-XA")
        await expect(page.locator("#join-code")).to_have_text(code)
        await expect(page.locator("#heat-empty")).to_be_visible()
        assert await page.evaluate("document.documentElement.lang") == "en-XA"
        await translated(page, "an empty board")

        # Writing: people join, the timer runs, notes stay private (counted), someone is done.
        for i, person in enumerate(people):
            await paced(person, "join", group=GROUPS[i % 2], name=f"P{i}")
        await paced(facilitator, "start_timer", duration=600)
        ids = []
        for i, idea in enumerate(IDEAS):
            ids.append((await paced(people[i % len(people)], "add_note", text=idea, x=0.2 * i, y=0.3))["note"])
        await paced(people[0], "mark_done")
        await expect(page.locator("#private-count")).to_be_visible()
        await expect(page.locator("#done-count")).to_be_visible()
        await expect(page.locator("#presence-list > li")).to_have_count(2)
        await expect(page.locator("#timer")).to_have_attribute("data-status", "running")
        await settle(page)
        await translated(page, "write: private notes, done, timer")

        # Grouping: the notes revealed, two of them in a cluster.
        await paced(facilitator, "next_phase")
        cluster = (await paced(facilitator, "create_cluster", name="Enforcement"))["cluster"]
        for note in ids[:2]:
            await paced(facilitator, "cluster_note", note=note, cluster=cluster)
        await expect(page.locator(".heat-frame")).to_have_count(1)
        await expect(page.locator("#private-count")).to_be_hidden()
        await settle(page)
        await translated(page, "group: a cluster")

        # Voting with blind dots; then one group's dots; a note and a cluster in the spotlight.
        await paced(facilitator, "next_phase")
        for i, person in enumerate(people):
            for n in range(3):
                await paced(person, "vote", note=ids[(i + n) % len(ids)])
        await expect(page.locator("#blind")).to_be_visible()
        await settle(page)
        await translated(page, "vote: blind dots")
        await paced(facilitator, "reveal_votes")
        await paced(facilitator, "show_on_projector", group="Academia")
        await expect(page.locator("#filter-label")).to_be_visible()
        await expect(page.locator("#legend")).to_be_visible()
        await expect(page.locator(".heat-frame .heat-count")).to_be_visible()
        await settle(page)
        await translated(page, "vote: one group's dots, revealed")
        await paced(facilitator, "show_on_projector", group="", spotlight=ids[2])
        await expect(page.locator("#spotlight")).to_be_visible()
        await translated(page, "vote: a note in the spotlight")
        await paced(facilitator, "show_on_projector", spotlight=cluster)
        await expect(page.locator("#spotlight-notes > li")).to_have_count(2)
        await translated(page, "vote: a cluster in the spotlight")
        await paced(facilitator, "show_on_projector", spotlight=None)

        # Results: the ranking, where the groups agree, decisions with their roadmap.
        await paced(facilitator, "next_phase")
        await paced(facilitator, "mark_decision", target=ids[0])
        await paced(facilitator, "set_roadmap", target=ids[0], owner="UNODC", next_step="Draft", due="2027-03-31")
        await paced(facilitator, "mark_decision", target=cluster)
        await expect(page.locator("#ranking > li").first).to_be_visible()
        await expect(page.locator("#agreement")).to_be_visible()
        await expect(page.locator("#decision-list > li")).to_have_count(2)
        await settle(page)
        await translated(page, "results: ranking, agreement, decisions")

        # Discussion; the phase closed; time's up.
        await paced(facilitator, "next_phase")
        await expect(page.locator("body")).not_to_have_class("results")
        await settle(page)
        await translated(page, "discuss")
        await paced(facilitator, "close_phase")
        await expect(page.locator("#phase-closed")).to_be_visible()
        await translated(page, "discuss: closed")
        await paced(facilitator, "start_timer", duration=1)
        await expect(page.locator("#timer")).to_have_attribute("data-status", "expired", timeout=10_000)
        await translated(page, "time's up")

        # Archived, then deleted.
        await paced(facilitator, "archive_board")
        await expect(page.locator("#archived")).to_be_visible()
        await translated(page, "archived")
        await paced(facilitator, "archive_board", archived=False)
        await paced(facilitator, "delete_board", confirm=code)
        await expect(page.locator("#gone")).to_be_visible()
        await translated(page, "deleted")
        assert not watched.errors, watched.errors
    finally:
        for client in [facilitator, *people]:
            await client.close()


HEADER = """() => {
  const rect = (sel) => { const el = document.querySelector(sel); if (!el || el.hidden) return null;
    const r = el.getBoundingClientRect(); return r.width && r.height ? {l: r.left, r: r.right, t: r.top, b: r.bottom} : null; };
  return {
    dir: document.dir, lang: document.documentElement.lang, width: innerWidth,
    title: rect('#title'), question: rect('#question'), timer: rect('#timer'),
    label: rect('#phase-label'), label2: rect('#phase-label-2'), guide: rect('#phase-guide'), guide2: rect('#phase-guide-2'),
    join: rect('#join-box'), join1: rect('.join-label:not(.second)'), join2: rect('#join-label-2'), code: rect('#join-code'),
    heat: rect('#heatmap'), header: rect('.topline'),
  };
}"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return min(a["r"], b["r"]) - max(a["l"], b["l"]) > 0.5 and min(a["b"], b["b"]) - max(a["t"], b["t"]) > 0.5


def assert_apart(geometry: dict[str, Any], names: list[str]) -> None:
    boxes = [(name, geometry[name]) for name in names if geometry[name]]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not overlaps(box_a, box_b), (f"{a} overlaps {b}", box_a, box_b)


async def a_board_voting(server: MetanetServer, **settings: Any) -> tuple[dict[str, Any], BoardClient, list[BoardClient]]:
    """A board in its vote phase with a running timer, notes with dots from two groups."""
    board = server.create_board(title="مكافحة الاتجار بالأحياء البرية", phases=PHASES,
                                question="ما الذي ينبغي أن تفعله الجمارك والشرطة أولًا؟",
                                settings={"blind_votes": False, **settings})
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    people = [await BoardClient.connect(server.ws_base, bid) for _ in range(2)]
    for person, group in zip(people, GROUPS, strict=True):
        await paced(person, "join", group=group)
    ids = [(await paced(facilitator, "add_note", text=text, x=0.15 + 0.2 * i, y=0.4))["note"]
           for i, text in enumerate(["تدريب موظفي الحدود", "سجل مشترك للمضبوطات", "Follow the money", "كلاب الكشف في المطارات"])]
    await paced(facilitator, "next_phase")
    await paced(facilitator, "next_phase")
    await paced(facilitator, "start_timer", duration=600)
    for person in people:
        for note in ids[:3]:
            await paced(person, "vote", note=note)
    return board, facilitator, people


async def test_arabic_projector_is_mirrored(browser: Browser, server: MetanetServer) -> None:
    board, facilitator, people = await a_board_voting(server)
    try:
        _, page, watched = await open_page(browser, PROJECTOR, "projector ar")
        await page.goto(f"{server.url}/b/{board['board']}/projector?lang=ar")
        await expect(page.locator("#timer")).to_have_attribute("data-status", "running")
        await expect(page.locator(".heat-note")).to_have_count(4)
        await expect(page.locator(".join-label").first).to_have_text(catalog("ar")["projector"]["join_label"])
        await settle(page)
        g = await page.evaluate(HEADER)
        assert (g["dir"], g["lang"]) == ("rtl", "ar")
        # Mirrored: the title at the inline start (right), the timer at the inline end (left of the title).
        assert g["timer"]["r"] < g["title"]["l"], (g["timer"], g["title"])
        assert g["title"]["r"] > g["width"] * 0.9 and g["timer"]["l"] < g["width"] * 0.1, (g["title"], g["timer"])
        assert g["join"]["r"] < g["heat"]["l"], ("the side column on the left", g["join"], g["heat"])
        assert not await overflowing(page), await overflowing(page)
        assert_apart(g, ["title", "question", "timer", "label", "guide"])
        await page.screenshot(path=SCREENS / "projector-ar-1080p.png")
        assert not watched.errors, watched.errors
    finally:
        for client in [facilitator, *people]:
            await client.close()
async def test_a_second_language_under_the_first_and_the_boards_language(browser: Browser, server: MetanetServer) -> None:
    board, facilitator, people = await a_board_voting(server, language="ar")
    try:
        _, page, watched = await open_page(browser, PROJECTOR, "projector")
        await page.goto(f"{server.url}/b/{board['board']}/projector")  # the board's language: no ?lang=
        await expect(page.locator("html")).to_have_attribute("lang", "ar")
        await expect(page.locator(".join-label").first).to_have_text(catalog("ar")["projector"]["join_label"])
        await expect(page.locator("#phase-label-2")).to_be_hidden()

        # The console adds a second language: the projector shows it under the first, without overlap.
        await paced(facilitator, "update_settings", settings={"second_language": "en"})
        await expect(page.locator("#phase-label-2")).to_be_visible()
        await expect(page.locator("#phase-label-2")).to_have_attribute("lang", "en")
        await expect(page.locator("#phase-label-2")).to_have_attribute("dir", "ltr")
        await expect(page.locator("#join-label-2")).to_have_text("Join with code")
        await expect(page.locator("#phase-guide-2")).to_be_visible()
        for width, height in ((1920, 1080), (1280, 720)):
            await page.set_viewport_size({"width": width, "height": height})
            await settle(page)
            g = await page.evaluate(HEADER)
            assert g["dir"] == "rtl" and g["timer"]["r"] < g["title"]["l"]
            assert_apart(g, ["title", "question", "timer", "label", "label2", "guide", "guide2"])
            assert_apart(g, ["join1", "join2", "code"])
            assert g["label2"]["t"] >= g["label"]["b"] - 0.5 and g["guide2"]["t"] >= g["guide"]["b"] - 0.5
            assert g["header"]["b"] < height * 0.3, ("the header leaves the room to the notes", g["header"])
            assert not await overflowing(page), (width, await overflowing(page))
            await page.screenshot(path=SCREENS / f"projector-ar-en-{height}p.png")

        # French with Arabic under it: the board's language changed from the console.
        await paced(facilitator, "update_settings", settings={"language": "fr", "second_language": "ar"})
        await expect(page.locator("html")).to_have_attribute("lang", "fr")
        await expect(page.locator(".join-label").first).to_have_text(catalog("fr")["projector"]["join_label"])
        await expect(page.locator("#join-label-2")).to_have_text(catalog("ar")["projector"]["join_label"])
        await expect(page.locator("#phase-guide-2")).to_have_attribute("dir", "rtl")
        for width, height in ((1920, 1080), (1280, 720)):
            await page.set_viewport_size({"width": width, "height": height})
            await settle(page)
            g = await page.evaluate(HEADER)
            assert g["dir"] == "ltr" and g["timer"]["l"] > g["title"]["r"]
            assert_apart(g, ["title", "question", "timer", "label", "label2", "guide", "guide2"])
            assert_apart(g, ["join1", "join2", "code"])
            assert g["header"]["b"] < height * 0.3, g["header"]
            assert not await overflowing(page), (width, await overflowing(page))
            await page.screenshot(path=SCREENS / f"projector-fr-ar-{height}p.png")
        assert not watched.errors, watched.errors
    finally:
        for client in [facilitator, *people]:
            await client.close()


async def test_a_templates_phases_in_both_languages(browser: Browser, server: MetanetServer) -> None:
    """A board from a template, French with Arabic under it: each line shows the template's own words for the
    phase (title and hint) in its language, as the template translated them."""
    template = json.loads((REPO_ROOT / "server" / "templates" / "note-and-vote.json").read_text(encoding="utf-8"))
    first = template["phases"][0]
    board = server.create_board(title="Consultation", template="note-and-vote", settings={"language": "fr", "second_language": "ar"})
    _, page, watched = await open_page(browser, PROJECTOR, "projector fr+ar")
    await page.goto(f"{server.url}/b/{board['board']}/projector")
    total = len(template["phases"])
    french = catalog("fr")["common"]["phase_label"].format(number=1, total=total, title=first["i18n"]["fr"]["title"])
    arabic = catalog("ar")["common"]["phase_label"].format(number=1, total=total, title=first["i18n"]["ar"]["title"])
    await expect(page.locator("#phase-label")).to_have_text(french)
    await expect(page.locator("#phase-guide")).to_have_text(first["i18n"]["fr"]["hint"])
    await expect(page.locator("#phase-label-2")).to_have_text(arabic)
    await expect(page.locator("#phase-guide-2")).to_have_text(first["i18n"]["ar"]["hint"])
    # The hints are the template's words, not the catalog's: each line takes its direction from its text.
    assert await page.locator("#phase-guide-2").evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    assert await page.locator("#phase-guide").evaluate("(el) => getComputedStyle(el).direction") == "ltr"
    assert not watched.errors, watched.errors
