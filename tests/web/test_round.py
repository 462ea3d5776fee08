"""A whole note-and-vote round in real Chromium: one facilitator, five phones, one projector."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from server import templates
from testkit.metanet import MetanetServer
from tests.web.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    add_note,
    assert_controls_labelled,
    join_by_code,
    note_card,
    open_page,
    screenshot,
)

pytestmark = pytest.mark.browser

GROUPS = [
    "Government / member state",
    "NGO / civil society",
    "Academia",
    "Private sector",
    "International organisation",
]
NOTES = [
    "Train customs officers at transit hubs",
    "Shared database of seizures",
    "Fund community rangers",
    "Public campaign on demand",
    "Follow the money: financial investigations",
]
EXTRA = "Protect whistle-blowers"
# Dots each phone places (by note index); phone 4 takes one dot back afterwards.
VOTES = [[0, 0, 1], [0, 2], [0, 1], [1], [2, 2]]
EXPECTED = {0: 4, 1: 3, 2: 2, 3: 0, 4: 0}
EXPECTED_GOVERNMENT = {0: 2, 1: 1, 2: 0}
AGENDA = templates.phases_of("note-and-vote")


def phase_label(kind: str) -> str:
    """The phone's "Phase i of n: title" for the template's phase of this kind."""
    index = next(i for i, p in enumerate(AGENDA) if p["kind"] == kind)
    return f"Phase {index + 1} of {len(AGENDA)}: {AGENDA[index]['title']}"


async def heat_counts(projector: Page, ids: dict[int, str]) -> dict[int, str]:
    return {i: await projector.locator(f'.heat-note[data-note="{ids[i]}"] .heat-count').inner_text() for i in ids}


async def test_a_whole_round_with_five_phones_and_a_projector(
    browser: Browser, server: MetanetServer, artifacts: Path
) -> None:
    assert [p["kind"] for p in AGENDA] == ["write", "group", "vote", "results"], "this round follows Note & vote"
    watched = []

    # -- the facilitator creates the board on the start page ------------------------
    _, console, w = await open_page(browser, LAPTOP, "console")
    watched.append(w)
    await console.goto(server.url + "/")
    create = console.locator("form.create")  # the start page also offers "Run an event"
    await create.get_by_label("Title").fill("Countering wildlife trafficking")
    await create.get_by_label("Question for the room").fill("What should we do first?")
    await create.get_by_label("Agenda").select_option("note-and-vote")
    await console.get_by_role("button", name="Create the board").click()
    await console.wait_for_url(re.compile(r"/b/[^/]+/facilitate$"))  # the secret left the address bar
    code_el = console.locator("#code")
    await expect(code_el).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    code = await code_el.inner_text()
    await expect(console.locator("#phase-label")).to_have_text(phase_label("write"))
    projector_url = await console.locator("#link-projector").input_value()
    assert projector_url.endswith("/projector")
    assert await console.locator("#link-join").input_value() == f"{server.url}/j/{code}"

    # -- the projector and five phones join -------------------------------------------
    _, projector, w = await open_page(browser, PROJECTOR, "projector")
    watched.append(w)
    await projector.goto(projector_url)
    await expect(projector.locator("#join-code")).to_have_text(code)
    await expect(projector.locator("img.qr")).to_have_js_property("complete", True)
    assert await projector.locator("img.qr").evaluate("img => img.naturalWidth") > 0

    phones: list[Page] = []
    for i in range(5):
        _, phone, w = await open_page(browser, PHONE, f"phone{i}")
        watched.append(w)
        phones.append(phone)
    await asyncio.gather(*(join_by_code(p, server.url, code, f"Person {i}", GROUPS[i]) for i, p in enumerate(phones)))
    await expect(projector.locator("#presence-total")).to_have_text("5 people here")
    await expect(console.locator("#presence-total")).to_have_text("5 people here")
    await expect(phones[0].locator("#phase-label")).to_have_text(phase_label("write"))

    # -- write: notes stay private until revealed ---------------------------------------
    await asyncio.gather(*(add_note(p, NOTES[i]) for i, p in enumerate(phones)))
    await add_note(phones[0], EXTRA)
    await expect(console.locator(".canvas-note")).to_have_count(6)
    await expect(projector.locator("#private-count")).to_have_text("6 notes written, shown when revealed")
    await expect(phones[1].locator("#others")).to_have_text(
        "5 notes from others are private until the facilitator reveals them."
    )
    await expect(phones[1].locator("#notes > li")).to_have_count(1)
    await expect(phones[0].locator("#notes > li")).to_have_count(2)
    await screenshot(phones[0], artifacts / "phone-write.png")

    await console.get_by_role("button", name="Reveal 6 notes").click()
    for phone in phones:
        await expect(phone.locator("#notes > li")).to_have_count(6)
    await expect(note_card(phones[3], NOTES[0])).to_be_visible()

    # -- group: the facilitator drags a note; the projector follows ----------------------
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(phones[2].locator("#phase-label")).to_have_text(phase_label("group"))
    extra = console.locator(".canvas-note", has_text=EXTRA)
    extra_id = await extra.get_attribute("data-note")
    box = await extra.bounding_box()
    canvas = await console.locator(".canvas").bounding_box()
    assert box and canvas
    await console.mouse.move(box["x"] + 20, box["y"] + 20)
    await console.mouse.down()
    await console.mouse.move(canvas["x"] + 5, canvas["y"] + 5, steps=8)  # past the corner: x = y = 0
    await console.mouse.up()
    # The projector puts it in its top-left cell (notes sit in a grid of free cells there).
    heat = await projector.locator("#heatmap").bounding_box()
    assert heat

    async def in_top_left() -> bool:
        box = await projector.locator(f'.heat-note[data-note="{extra_id}"]').bounding_box()
        return bool(box and heat and box["x"] - heat["x"] < 20 and box["y"] - heat["y"] < 20)

    for _ in range(50):
        if await in_top_left():
            break
        await projector.wait_for_timeout(100)
    assert await in_top_left()

    # -- vote: blind dots, a budget on every phone ----------------------------------------
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(phones[0].locator("#budget-text")).to_have_text("5 of 5 dots left")

    async def vote(i: int, phone: Page) -> None:
        for n in VOTES[i]:
            await phone.get_by_role("button", name=f"Put a dot on: {NOTES[n]}").click()
        left = 5 - len(VOTES[i])
        await expect(phone.locator("#budget-text")).to_have_text(f"{left} of 5 dots left")

    await asyncio.gather(*(vote(i, p) for i, p in enumerate(phones)))
    await phones[4].get_by_role("button", name=f"Take a dot back from: {NOTES[2]}").click()
    await expect(phones[4].locator("#budget-text")).to_have_text("4 of 5 dots left")
    await expect(note_card(phones[4], NOTES[2]).locator(".my-dots")).to_have_text("1 dot from you")
    await expect(note_card(phones[0], NOTES[0]).locator(".my-dots")).to_have_text("2 dots from you")
    await expect(projector.locator("#blind")).to_have_text(
        "Votes are hidden until the facilitator reveals them · 9 dots placed"
    )
    await expect(projector.locator("#ranking > li")).to_have_count(0)
    await expect(phones[1].locator(".note-tally:visible")).to_have_count(0)  # blind: no totals on phones
    await screenshot(phones[0], artifacts / "phone-vote.png")
    for page in (phones[0], console, projector):
        await assert_controls_labelled(page)

    # -- the timer: start, pause, add a minute, resume, reset, then run out ----------------
    timer = console.locator("#timer-panel")
    phone_timer = phones[2].locator("#timer")
    # The template's vote starts its timebox as it begins: nobody pressed Start.
    await expect(phone_timer).to_have_attribute("data-status", "running")
    await timer.get_by_label("Minutes").fill("2")
    await timer.get_by_role("button", name="Restart", exact=True).click()
    await expect(phone_timer).to_have_attribute("data-status", "running")
    await expect(phone_timer.locator(".time")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    await timer.get_by_role("button", name="Pause").click()
    await expect(phone_timer).to_have_attribute("data-status", "paused")
    await expect(phone_timer.locator(".timer-state")).to_have_text("paused")
    await timer.get_by_role("button", name="Add one minute").click()
    await expect(phone_timer.locator(".time")).to_have_text(re.compile(r"^(3:00|2:5\d)$"))
    await timer.get_by_role("button", name="Resume").click()
    await expect(projector.locator("#timer")).to_have_attribute("data-status", "running")
    await timer.get_by_role("button", name="Reset").click()
    await expect(phone_timer).to_have_attribute("data-status", "idle")
    await timer.get_by_label("Minutes").fill("0.05")  # three seconds
    await timer.get_by_role("button", name="Start", exact=True).click()
    await expect(phone_timer).to_have_attribute("data-status", "expired")
    await expect(phone_timer.locator(".timer-state")).to_have_text("time is up")
    await expect(phones[2].locator("#phase-closed")).to_be_visible()  # this vote closes when its time is up
    await expect(phones[2].locator("#announce")).to_contain_text(re.compile("Time is up|closed"))

    # -- reveal: the projector's heatmap and ranking ----------------------------------------
    await console.get_by_role("button", name="Reveal votes").click()
    ids = {}
    for i, text in enumerate(NOTES):
        ids[i] = await projector.locator(".heat-note", has_text=text).get_attribute("data-note")
    await expect(projector.locator(f'.heat-note[data-note="{ids[0]}"] .heat-count')).to_have_text("4")
    # A note without dots shows no count at all (no "0" on every cold note).
    assert await heat_counts(projector, ids) == {i: str(n) if n else "" for i, n in EXPECTED.items()}
    ranking = projector.locator("#ranking > li")
    await expect(ranking).to_have_count(3)
    assert [await row.get_attribute("data-note") for row in await ranking.all()] == [ids[0], ids[1], ids[2]]
    assert [await row.get_attribute("data-dots") for row in await ranking.all()] == ["4", "3", "2"]
    await expect(ranking.first.locator(".rank-groups")).to_have_text(
        "Government / member state 2, NGO / civil society 1, Academia 1"
    )
    hot = projector.locator(f'.heat-note[data-note="{ids[0]}"]')
    cold = projector.locator(f'.heat-note[data-note="{ids[3]}"]')
    # The heat arrives with a transition (under a second): the colours differ once it has run.
    await projector.wait_for_timeout(1000)
    assert await hot.evaluate("el => getComputedStyle(el).backgroundColor") != await cold.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    await expect(projector.locator("#blind")).to_be_hidden()
    await expect(console.locator(f'.canvas-note[data-note="{ids[0]}"] .badge')).to_have_text("4")

    # The heatmap filtered to one stakeholder group, from the console (the projector has no controls).
    await expect(projector.locator("select, button, input")).to_have_count(0)
    await console.get_by_label("Dots from").select_option("Government / member state")
    await expect(projector.locator("#filter-label")).to_have_text("Dots from Government / member state")
    await expect(projector.locator(f'.heat-note[data-note="{ids[1]}"] .heat-count')).to_have_text("1")
    counts = await heat_counts(projector, {i: ids[i] for i in EXPECTED_GOVERNMENT})
    assert counts == {i: str(n) if n else "" for i, n in EXPECTED_GOVERNMENT.items()}
    await expect(projector.locator("#ranking > li")).to_have_count(2)
    await console.get_by_label("Dots from").select_option("")
    await expect(projector.locator("#filter-label")).to_be_hidden()

    # -- results: ranked on every phone ------------------------------------------------------
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(phones[3].locator("#phase-label")).to_have_text(phase_label("results"))
    first = phones[3].locator("#notes > li").first
    await expect(first.locator(".note-text")).to_have_text(NOTES[0])
    await expect(first.locator(".note-tally")).to_have_text("#1 · 4 dots")
    await expect(phones[3].locator("#notes > li").nth(1).locator(".note-tally")).to_have_text("#2 · 3 dots")

    await screenshot(phones[3], artifacts / "phone-results.png")
    await console.screenshot(path=artifacts / "console.png", full_page=True)
    await projector.screenshot(path=artifacts / "projector.png")

    # The facilitator's browser remembers the board, with its console link, on the start page.
    await console.goto(server.url + "/")
    mine = console.locator("#my-boards a", has_text="Countering wildlife trafficking")
    await expect(mine).to_have_attribute("href", re.compile(r"/facilitate#.{20,}$"))

    for w in watched:
        assert not w.errors, w.errors
        assert not w.dialogs, w.dialogs
