"""The facilitator's console: moderation, clusters and moving notes, seen on a phone."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PHONE, add_note, assert_controls_labelled, join_by_code, note_card, open_page

pytestmark = pytest.mark.browser

PHASES = [{"kind": "group", "title": "Sort"}, {"kind": "vote", "title": "Vote"}]


async def test_the_facilitator_hides_clusters_merges_deletes_and_moves_notes(
    browser: Browser, server: MetanetServer
) -> None:
    board = server.create_board(title="Moderation", phases=PHASES, settings={"blind_votes": False})
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
    _, phone, w_phone = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, board["code"], "Mo", "Private sector")
    for text in ("Off topic rant", "Tax incentives", "Tax breaks", "Duplicate"):
        await add_note(phone, text)
    notes = phone.locator("#notes > li")
    await expect(notes).to_have_count(4)
    panel = console.locator("#selected")

    # Hide, then unhide.
    await console.locator(".canvas-note", has_text="Off topic rant").click()
    await expect(panel.locator(".selected-text")).to_have_text("Off topic rant")
    await panel.get_by_role("button", name="Hide").click()
    await expect(notes).to_have_count(3)
    await expect(console.locator(".canvas-note.is-hidden")).to_have_count(1)
    await panel.get_by_role("button", name="Unhide").click()
    await expect(notes).to_have_count(4)

    # A cluster, and a note put in it.
    await console.get_by_label("New cluster").fill("Funding")
    await console.locator("#clusters").get_by_role("button", name="Create").click()
    await expect(console.locator("#clusters li")).to_have_count(1)
    await console.locator(".canvas-note", has_text="Tax incentives").click()
    await expect(panel.locator(".selected-text")).to_have_text("Tax incentives")
    await panel.get_by_label("Cluster").select_option(label="Funding")
    await expect(note_card(phone, "Tax incentives").locator(".note-meta")).to_contain_text("Group: Funding")

    # The author edits a note; everyone sees the new text.
    await note_card(phone, "Duplicate").get_by_role("button", name="Edit").click()
    await phone.get_by_label("Edit your note").fill("Duplicate, edited")
    await phone.get_by_role("button", name="Save").click()
    await expect(console.locator(".canvas-note", has_text="Duplicate, edited")).to_have_count(1)

    # The phone votes on "Tax breaks"; merged into "Tax incentives", the dot follows.
    await console.get_by_role("button", name="Next phase ▶").click()
    await phone.get_by_role("button", name="Put a dot on: Tax breaks").click()
    await expect(note_card(phone, "Tax breaks").locator(".note-tally")).to_have_text("1 dot")
    await console.locator(".canvas-note", has_text="Tax breaks").click()
    await panel.get_by_label("Merge into").select_option(label="Tax incentives")
    await panel.get_by_role("button", name="Merge").click()
    await expect(notes).to_have_count(3)
    await expect(note_card(phone, "Tax incentives").locator(".note-tally")).to_have_text("1 dot")
    await expect(note_card(phone, "Tax incentives").locator(".my-dots")).to_have_text("1 dot from you")

    # Delete asks twice.
    await console.locator(".canvas-note", has_text="Duplicate").click()
    await panel.get_by_role("button", name="Delete").click()
    await panel.get_by_role("button", name="Really delete?").click()
    await expect(notes).to_have_count(2)

    # Keyboard: a focused note moves with the arrow keys.
    note = console.locator(".canvas-note", has_text="Off topic rant")
    note_id = await note.get_attribute("data-note")
    before = await phone.evaluate(f"globalThis.metanet.state.notes.get('{note_id}').x")
    await note.focus()
    await console.keyboard.press("Shift+ArrowRight")
    await phone.wait_for_function(
        "([id, before]) => globalThis.metanet.state.notes.get(id).x > before + 0.09", arg=[note_id, before]
    )

    await assert_controls_labelled(console)
    for watched in (w_console, w_phone):
        assert not watched.errors, watched.errors
