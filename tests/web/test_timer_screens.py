"""Timers on the screens: a phase without a timebox shows no timer; a timeboxed phase starts its
timer as it begins; time's up shows on the phone and the projector, and the projector chimes once
(Web Audio), unless the facilitator muted it from the console."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PHONE, PROJECTOR, join_by_code, open_page
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

PHASES = [
    {"id": "talk", "kind": "discuss", "title": "Talk"},
    {"id": "write", "kind": "write", "title": "Write", "duration": 5, "auto_timer": True, "close_on_timer": True},
    {"id": "results", "kind": "results", "title": "Results"},
]


async def test_a_timebox_starts_with_its_phase_and_times_up_shows_and_chimes(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Timebox", phases=PHASES)
    facilitator = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
        await projector.goto(f"{server.url}/b/{board['board']}/projector")
        # Sound needs one click first where the browser holds it back (a projector's desktop browser);
        # the note shows exactly then. (Headless Chromium may let sound play from the start.)
        held_back = await projector.evaluate("async () => (await import('/static/js/chime.js')).needsGesture()")
        note = expect(projector.locator("#sound-note"))
        await (note.to_be_visible() if held_back else note.to_be_hidden())
        await projector.mouse.click(960, 1000)
        await expect(projector.locator("#sound-note")).to_be_hidden()
        _, phone, w_phone = await open_page(browser, PHONE, "phone")
        await join_by_code(phone, server.url, board["code"], "", "Academia")
        for page in (projector, phone):
            await expect(page.locator("#timer")).to_be_hidden()  # "Talk" has no timebox

        await facilitator.ok("next_phase")  # nobody presses Start
        # (5 s: long enough to be seen running on a slow, shared machine)
        for page in (projector, phone):
            await expect(page.locator("#timer")).to_have_attribute("data-status", "running")
        for page in (projector, phone):
            await expect(page.locator("#timer")).to_have_attribute("data-status", "expired", timeout=15_000)
            await expect(page.locator("#timer .timer-state")).to_have_text("time is up")
        await expect(phone.locator("#phase-closed")).to_be_visible()
        assert await projector.evaluate("() => globalThis.metanetChimes") == 1
        await projector.screenshot(path=SCREENS / "projector-time-up-1080p.png")

        # Muted from the console: time runs out in silence.
        await facilitator.ok("show_on_projector", chime=False)
        await facilitator.ok("start_timer", duration=4)
        await expect(projector.locator("#timer")).to_have_attribute("data-status", "running")
        await expect(projector.locator("#timer")).to_have_attribute("data-status", "expired", timeout=15_000)
        await projector.wait_for_timeout(300)
        assert await projector.evaluate("() => globalThis.metanetChimes") == 1

        await facilitator.ok("next_phase")  # results: no timebox, no "3:00 not started"
        for page in (projector, phone):
            await expect(page.locator("#timer")).to_be_hidden()
        assert not w_projector.errors and not w_phone.errors, w_projector.errors + w_phone.errors
    finally:
        await facilitator.close()
