"""Running a sprint in real Chromium: the agenda edited live, "I'm done", the agreement
view, priorities with their roadmap, and the report downloaded from the console."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, Request, expect

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

GROUPS = ["Government / member state", "NGO / civil society", "Academia"]
NOTES = {  # written by phone i
    0: ["Clean water in every school", "Tax reform"],
    1: ["Teacher training"],
    2: ["Local data hub"],
}
# Dots by phone. Top 3 of each group: Government {water, tax}, NGO {training, water},
# Academia {water, data hub}: only the water note is high for every group; training, the
# data hub and tax reform each have one group's dots only.
VOTES = {
    0: ["Clean water in every school", "Tax reform"],
    1: ["Clean water in every school", "Teacher training", "Teacher training"],
    2: ["Clean water in every school", "Local data hub"],
}


def console_note(console: Page, text: str) -> Locator:
    return console.locator(".canvas-note", has=console.locator(".note-text", has_text=text))


async def test_a_priorities_workshop_from_a_live_agenda_to_the_roadmap_and_the_report(
    browser: Browser, server: MetanetServer, artifacts: Path
) -> None:
    board = server.create_board(title="National priorities", template="priorities-workshop")
    bid = board["board"]
    watched = []
    _, console, w = await open_page(browser, LAPTOP, "console")
    watched.append(w)
    await console.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")
    _, projector, w = await open_page(browser, PROJECTOR, "projector")
    watched.append(w)
    await projector.goto(f"{server.url}/b/{bid}/projector")
    phones: list[Page] = []
    for i in range(3):
        _, phone, w = await open_page(browser, PHONE, f"phone{i}")
        watched.append(w)
        phones.append(phone)
    await asyncio.gather(
        *(join_by_code(p, server.url, board["code"], f"P{i}", GROUPS[i]) for i, p in enumerate(phones))
    )
    await expect(phones[0].locator("#phase-label")).to_have_text("Phase 1 of 5: Identify priorities")

    # -- the agenda, edited live: rename, retime, add, reorder; the current phase stays --------
    await console.get_by_role("button", name="Edit the agenda").click()
    dialog = console.locator("#agenda-dialog")
    await expect(dialog).to_be_visible()
    rows = dialog.locator(".agenda-row")
    await expect(rows).to_have_count(5)
    await expect(rows.nth(0).get_by_role("button", name=re.compile("^Remove phase 1"))).to_be_disabled()  # running now
    await expect(rows.nth(0).get_by_label("Kind")).to_be_disabled()
    await rows.nth(1).get_by_label("Title").fill("Group and name the priorities")
    await rows.nth(1).get_by_label("Minutes").fill("10")
    await rows.nth(1).get_by_label("Close when the timer ends").check()
    await dialog.get_by_role("button", name="+ Add a phase").click()
    await expect(rows).to_have_count(6)
    await rows.nth(5).get_by_label("Title").fill("Closing words")
    await rows.nth(5).get_by_label("Kind").select_option("discuss")
    await rows.nth(5).get_by_label("Minutes").fill("5")
    await rows.nth(5).get_by_label("Hint for participants").fill("Thank you all: one last note if you like.")
    await rows.nth(5).get_by_role("button", name=re.compile("up$")).click()  # before the roadmap
    await rows.nth(3).get_by_role("button", name=re.compile(r"^Remove phase 4")).click()  # "Choose", never run
    await expect(rows).to_have_count(5)
    await console.screenshot(path=artifacts / "console-agenda-editor.png")
    await dialog.get_by_role("button", name="Save the agenda").click()
    await expect(dialog).to_be_hidden()
    phases = console.locator("#agenda .phases > li")
    await expect(phases).to_have_count(5)
    await expect(phases.nth(1)).to_contain_text("2. Group and name the priorities (group · 10:00)")
    await expect(phases.nth(3)).to_contain_text("4. Closing words (discuss · 5:00)")
    await expect(phones[2].locator("#phase-label")).to_have_text("Phase 1 of 5: Identify priorities")
    await expect(console.locator("#phase-hint")).to_contain_text("Write the priorities your stakeholder group")
    # Put "Choose" back (a results phase) after the vote, for the decisions below.
    await console.get_by_role("button", name="Edit the agenda").click()
    await dialog.get_by_role("button", name="+ Add a phase").click()
    await rows.nth(5).get_by_label("Title").fill("Choose the priorities")
    await rows.nth(5).get_by_label("Kind").select_option("results")
    for _ in range(2):
        await rows.nth(5 - _).get_by_role("button", name=re.compile("up$")).click()
    await dialog.get_by_role("button", name="Save the agenda").click()
    await expect(phases.nth(3)).to_contain_text("4. Choose the priorities (results)")
    await expect(phones[2].locator("#phase-label")).to_have_text("Phase 1 of 6: Identify priorities")

    # -- write, and "I'm done" ----------------------------------------------------------------
    for i, texts in NOTES.items():
        for text in texts:
            await add_note(phones[i], text)
    await expect(console.locator(".canvas-note")).to_have_count(4)
    done = [p.get_by_role("button", name="I'm done") for p in phones]
    await done[0].click()
    await done[1].click()
    await expect(console.locator("#done-count")).to_have_text("✓ 2 people are done with this phase")
    await expect(projector.locator("#done-count")).to_have_text("✓ 2 people are done")
    await expect(phones[2].locator("#done-count")).to_have_text("2 done")
    await expect(done[1]).to_have_attribute("aria-pressed", "true")
    await screenshot(phones[1], artifacts / "phone-done.png")
    await done[1].click()  # taken back
    await expect(console.locator("#done-count")).to_have_text("✓ 1 person is done with this phase")
    box = await done[2].bounding_box()
    assert box and box["height"] >= 56 and box["width"] >= 200  # a thumb-sized target

    # -- group: a cluster; vote ------------------------------------------------------------------
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(console.locator("#done-count")).to_have_text("✓ 0 people are done with this phase")
    await console.get_by_label("New cluster").fill("Education")
    await console.locator("#clusters").get_by_role("button", name="Create").click()
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(phones[0].locator("#budget-text")).to_have_text("5 of 5 dots left")

    async def vote(i: int) -> None:
        for text in VOTES[i]:
            await phones[i].get_by_role("button", name=f"Put a dot on: {text}").click()
        await expect(phones[i].locator("#budget-text")).to_have_text(f"{5 - len(VOTES[i])} of 5 dots left")

    await asyncio.gather(*(vote(i) for i in range(3)))
    await expect(projector.locator("#agreement")).to_be_hidden()  # blind: nothing to agree on yet
    await console.get_by_role("button", name="Reveal votes").click()

    # -- where the groups agree: on the console once revealed, on the projector with the results ---
    async def check_agreement(page: Page) -> None:
        common = page.locator("#agreement .agree-list.common > li")
        single = page.locator("#agreement .agree-list.single > li")
        await expect(common).to_have_count(1)
        await expect(common.first).to_contain_text("Clean water in every school")
        await expect(single).to_have_count(3)
        await expect(single.first).to_contain_text("Teacher training")
        await expect(single.first).to_contain_text("NGO / civil society · 2 dots")

    await check_agreement(console)

    # -- choose: priorities with a limit, and their roadmap ---------------------------------------
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(phones[0].locator("#phase-label")).to_have_text("Phase 4 of 6: Choose the priorities")
    await check_agreement(projector)
    await expect(projector.locator("#agreement")).to_contain_text("Dots from 3 stakeholder groups")
    await console_note(console, "Clean water in every school").click()
    await console.locator("#selected").get_by_role("button", name="★ Mark as priority").click()
    await console.get_by_role("button", name="Mark cluster Education as a decision").click()
    decisions = console.locator("#decisions")
    await expect(decisions.locator("#decisions-limit")).to_have_text("2 of at most 5 chosen")
    await expect(decisions.locator(".decision-item")).to_have_count(2)
    water = decisions.locator(".decision-item", has_text="Clean water in every school")
    await water.get_by_label("Owner").fill("Ministry of Education")
    await water.get_by_label("Next step").fill("A budget line in 2027")
    await water.get_by_label("Due").fill("2027-03-31")
    await water.get_by_role("button", name=re.compile("^Save the roadmap")).click()
    await expect(water.locator(".roadmap-status")).to_have_text("Saved")
    roadmap = "Owner: Ministry of Education · Next: A budget line in 2027 · Due 2027-03-31"
    await expect(phones[1].locator("#decisions-heading")).to_have_text("Priorities")
    await expect(phones[1].locator("#decision-list > li").first).to_contain_text(roadmap)
    await expect(phones[1].locator("#decision-list > li").nth(1)).to_contain_text("Cluster: Education")
    await expect(note_card(phones[1], "Clean water in every school").locator(".note-meta")).to_contain_text(
        "★ Priority"
    )
    await expect(projector.locator("#decision-list > li").first).to_contain_text(roadmap)
    await expect(projector.locator(".heat-note.decided")).to_have_count(1)
    await expect(projector.locator(".heat-note.decided")).to_contain_text("Clean water in every school")
    await expect(console_note(console, "Clean water in every school")).to_have_class(re.compile(r"\bdecided\b"))

    # -- the report, downloaded from the console with the key in a header, not the URL ------------
    key = await console.evaluate("globalThis.metanet.state.you.export_key")
    requests: list[Request] = []
    console.on("request", lambda r: requests.append(r) if "/export." in r.url else None)
    async with console.expect_download() as download_info:
        await (
            console.locator("#export")
            .get_by_role("button", name=re.compile("^Download the report as Markdown"))
            .click()
        )
    download = await download_info.value
    assert download.suggested_filename.endswith(".md")
    report = Path(await download.path()).read_text(encoding="utf-8")
    assert "Ministry of Education" in report and "Clean water in every school" in report
    (artifacts / "console-export.md").write_text(report, encoding="utf-8")
    assert len(requests) == 1
    assert requests[0].url == f"{server.url}/b/{bid}/export.md"  # no key in the URL
    assert await requests[0].header_value("x-metanet-key") == key
    await expect(console.locator("#export-status")).to_have_text(re.compile(r"^Saved .+\.md$"))

    await screenshot(phones[1], artifacts / "phone-priorities.png")
    await console.screenshot(path=artifacts / "console-sprint.png", full_page=True)
    await projector.screenshot(path=artifacts / "projector-agreement.png")
    for page in (phones[0], console, projector):
        await assert_controls_labelled(page)
    for w in watched:
        assert not w.errors, w.errors
        assert not w.dialogs, w.dialogs
