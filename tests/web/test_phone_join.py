"""A phone at 360x640 joins in a few taps: the Join button is on screen at first paint, and from
opening the join link to the first note acknowledged takes at most 4 user actions (counted here).
The start page leads with joining; phones read their own instructions; errors are sentences."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import open_page
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

SMALL_PHONE = {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
NOTE = "Shared register of seized ivory"


class Actions:
    """What the person does, counted: each tap and each piece of typing is one action."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    async def tap(self, locator: Any) -> None:
        self.count += 1
        await locator.tap()

    async def type(self, locator: Any, text: str) -> None:
        self.count += 1
        await locator.fill(text)


async def in_viewport(page: Page, selector: str) -> bool:
    return bool(
        await page.evaluate(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
               return scrollY === 0 && r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; }""",
            selector,
        )
    )


async def test_a_phone_joins_and_posts_its_first_note_in_four_actions(browser: Browser, server: MetanetServer) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    board = server.create_board(title="Countering wildlife trafficking", template="note-and-vote",
                                question="What should customs, police and NGOs do first?")
    facilitator = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        _, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
        await phone.goto(f"{server.url}/j/{board['code']}")  # what the QR code opens
        join = phone.get_by_role("button", name="Join", exact=True)
        await expect(join).to_be_visible()
        assert await in_viewport(phone, "#join button[type=submit]"), "the Join button is below the fold"
        await phone.screenshot(path=SCREENS / "phone-join.png")

        actions = Actions(phone)
        await actions.tap(phone.get_by_text("NGO / civil society", exact=True))
        await actions.tap(join)
        await expect(phone.locator("#work")).to_be_visible()
        await actions.type(phone.get_by_label("Your idea"), NOTE)
        await actions.tap(phone.get_by_role("button", name="Add note"))
        await expect(phone.locator("#notes > li", has_text=NOTE)).to_be_visible()
        await phone.wait_for_function("() => globalThis.metanet.outbox.pending.length === 0")  # acknowledged
        assert actions.count <= 4, actions.count
        note = next(n for n in facilitator.view.notes.values() if n["text"] == NOTE)
        assert note["group"] == "NGO / civil society"
        await phone.screenshot(path=SCREENS / "phone-write.png")

        # In the group phase the phone reads what a phone can do, not the facilitator's instruction.
        await facilitator.ok("next_phase")
        await expect(phone.locator("#phase-label")).to_contain_text("group")
        guide = await phone.locator("#phase-guide").inner_text()
        assert "Move similar notes" not in guide and "Read everyone's notes" in guide, guide

        # An error reaches the person as a sentence, never as a code.
        await phone.evaluate("() => globalThis.metanet.command('vote', {note: 'n999'})")
        toast = phone.locator("#toast")
        await expect(toast).to_be_visible()
        text = await toast.inner_text()
        assert re.fullmatch(r"[A-Z].*[.!?]", text) and "_" not in text, text
        assert not watched.errors, watched.errors
    finally:
        await facilitator.close()


async def test_the_start_page_on_a_phone_leads_with_joining(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Start page")
    _, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
    await phone.goto(server.url + "/")
    await expect(phone.get_by_label("Code on the screen")).to_be_visible()
    assert await in_viewport(phone, "form.join-code button[type=submit]")
    await expect(phone.get_by_text("Run a session")).to_be_visible()
    await expect(phone.get_by_label("Title", exact=True)).to_be_hidden()  # behind "Run a session"
    await phone.screenshot(path=SCREENS / "phone-home.png")

    # A wrong code: a sentence on the same page, not an error page.
    await phone.get_by_label("Code on the screen").fill("zzzz99")
    await phone.get_by_role("button", name="Join", exact=True).tap()
    await expect(phone.locator("#join-status")).to_have_text("No board has the code ZZZZ99. Check the code on the screen.")
    # The right one joins.
    await phone.get_by_label("Code on the screen").fill(board["code"].lower())
    await phone.get_by_role("button", name="Join", exact=True).tap()
    await phone.wait_for_url(re.compile(rf"/b/{board['board']}$"))

    await phone.goto(server.url + "/")
    await phone.get_by_text("Run a session").tap()
    await expect(phone.get_by_label("Title", exact=True)).to_be_visible()
    assert not watched.errors, watched.errors
