"""Note text is text: markup typed into a note is shown literally on every page, never run."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PHONE, PROJECTOR, add_note, join_by_code, note_card, open_page

pytestmark = pytest.mark.browser

MARKUP = "<img src=x onerror=alert(1)>"
PHASES = [{"kind": "discuss", "title": "Ideas"}, {"kind": "vote", "title": "Vote"}]


async def test_a_note_that_looks_like_html_is_shown_as_text_and_runs_nothing(
    browser: Browser, server: MetanetServer
) -> None:
    board = server.create_board(title="Safety", phases=PHASES, settings={"blind_votes": False})
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
    _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
    await projector.goto(f"{server.url}/b/{board['board']}/projector")
    _, phone, w_phone = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, board["code"], MARKUP, "Other")

    await add_note(phone, MARKUP)
    await expect(note_card(phone, MARKUP).locator(".note-text")).to_have_text(MARKUP)
    console_note = console.locator(".canvas-note", has_text=MARKUP)
    await expect(console_note.locator(".note-text")).to_have_text(MARKUP)
    await expect(projector.locator(".heat-note .heat-text")).to_have_text(MARKUP)

    # The facilitator's note panel, the ranking and the phone's own line show it as text too.
    await console_note.click()
    await expect(console.locator(".selected-text")).to_have_text(MARKUP)
    await console.get_by_role("button", name="Next phase ▶").click()
    await phone.get_by_role("button", name=f"Put a dot on: {MARKUP}").click()
    await expect(projector.locator("#ranking .rank-text")).to_have_text(MARKUP)
    await expect(console.locator("#ranking .rank-text")).to_have_text(MARKUP)
    await expect(phone.locator("#me")).to_have_text(f"You: {MARKUP} · Other")

    await phone.wait_for_timeout(300)  # an onerror would have fired by now
    for page in (phone, console, projector):
        assert await page.locator('img[src="x"]').count() == 0
    for watched in (w_phone, w_console, w_projector):
        assert not watched.dialogs, watched.dialogs
        assert not watched.errors, watched.errors
