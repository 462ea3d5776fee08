"""What a screen reader hears on the phone, through its aria-live region: the timer's last minute
(or how short a short timer is), time running out, and every phase change."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PHONE, join_by_code, open_page

pytestmark = pytest.mark.browser

PHASES = [{"kind": "discuss", "title": "Ideas"}, {"kind": "vote", "title": "Vote", "close_on_timer": True}]
VOTE = (
    "Phase 2 of 2: Vote. Place your dots on the notes that matter most. You can take a dot back while voting is open."
)

LAST_MINUTE = re.compile(r"^(One minute|[1-5]\d seconds) left\.$")
# Every text the live region is given, in order (a repeated message is cleared first, then set again).
RECORD = """() => {
  const region = document.getElementById('announce');
  globalThis.heard = [];
  new MutationObserver(() => { if (region.textContent) globalThis.heard.push(region.textContent); })
    .observe(region, { childList: true, characterData: true, subtree: true });
}"""


async def test_the_last_minute_time_up_and_phase_changes_are_announced_on_the_phone(
    browser: Browser, server: MetanetServer
) -> None:
    board = server.create_board(title="Heard", phases=PHASES)
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
    _, phone, w_phone = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, board["code"], "Lee", "Academia")
    live = phone.locator("#announce")
    await expect(live).to_have_attribute("aria-live", "polite")
    await expect(live).to_have_text(re.compile(r"^Welcome\. Phase 1 of 2: Ideas\. "))
    await phone.evaluate(RECORD)
    heard = "globalThis.heard"

    timer = console.locator("#timer-panel")
    minutes = timer.get_by_label("Minutes")
    start = timer.get_by_role("button", name="Start", exact=True)
    phone_timer = phone.locator("#timer")

    # A timer shorter than a minute is all last minute: how long it runs is said as it starts.
    await minutes.fill("0.5")
    await start.click()
    await expect(live).to_have_text(re.compile(r"^(2\d|3[01]) seconds left\.$"))  # about 30
    await timer.get_by_role("button", name="Reset").click()
    await expect(phone_timer).to_have_attribute("data-status", "idle")
    await phone.evaluate(f"{heard}.length = 0")

    # A two-minute timer says nothing as it starts; taking a minute off puts it in its last minute.
    await minutes.fill("2")
    await start.click()
    await expect(phone_timer).to_have_attribute("data-status", "running")
    await expect(phone_timer.locator(".time")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    assert await phone.evaluate(heard) == []
    less = timer.get_by_role("button", name="Remove one minute")
    await less.click()
    # "One minute left." (on a slow machine, the seconds that are really left).
    await expect(live).to_have_text(LAST_MINUTE)
    # A minute given back and taken off again: the last minute comes again, and is said again.
    await timer.get_by_role("button", name="Add one minute").click()
    await expect(phone_timer.locator(".time")).to_have_text(re.compile(r"^1:[1-5]\d$"))
    await less.click()
    await phone.wait_for_function(
        f"(pattern) => {heard}.filter((t) => new RegExp(pattern).test(t)).length === 2", arg=LAST_MINUTE.pattern
    )
    assert len(await phone.evaluate(heard)) == 2, await phone.evaluate(heard)

    # The phase changes: its name and what to do now.
    await console.get_by_role("button", name="Next phase ▶").click()
    await expect(phone.locator("#phase-label")).to_have_text("Phase 2 of 2: Vote")
    await expect(live).to_have_text(VOTE)

    # Time runs out and that closes the vote: both are said, neither hides the other.
    await minutes.fill("0.05")  # three seconds
    await start.click()
    await expect(live).to_have_text(re.compile(r"^[1-4] seconds? left\.$"))
    await expect(phone_timer).to_have_attribute("data-status", "expired")
    await expect(live).to_have_text(f"{VOTE} This phase is closed. Time is up.")

    for watched in (w_console, w_phone):
        assert not watched.errors, watched.errors
