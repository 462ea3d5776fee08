"""Everything that matters can be done with the keyboard alone: Tab reaches it, Enter or Space works it.

The phone (after joining) adds notes and places and takes back dots; the console moves the phase on,
runs the timer and moderates a note. Every control Tab lands on on the way has a name and a visible focus,
and a button that disables itself when pressed hands the focus on instead of dropping it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PHONE, assert_controls_labelled, join_by_code, note_card, open_page

pytestmark = pytest.mark.browser

PHASES = [
    {"kind": "discuss", "title": "Ideas"},
    {"kind": "vote", "title": "Vote"},
    {"kind": "results", "title": "Results"},
]
FIRST, SECOND = "Rangers at night", "Shared database of seizures"

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return { html: el.outerHTML.slice(0, 100), visible: el.matches(':focus-visible') };
}"""


async def tab_to(page: Page, target: Locator, *, limit: int = 120, backwards: bool = False) -> list[dict[str, Any]]:
    """Press Tab (or Shift+Tab) until ``target`` has focus. Everything focused on the way must have
    an accessible name and show its focus; returns what was focused before ``target``."""
    key = "Shift+Tab" if backwards else "Tab"
    passed: list[dict[str, Any]] = []
    for _ in range(limit):
        await page.keyboard.press(key)
        focused = await page.evaluate(FOCUSED)
        if focused is None:  # past the end of the page: the next Tab starts at the top again
            continue
        assert focused["visible"], f"focus is not visible on {focused['html']}"
        await expect(page.locator(":focus")).to_have_accessible_name(re.compile(r"\S"))
        if await target.evaluate("el => el === document.activeElement"):
            return passed
        passed.append(focused)
    raise AssertionError(f"{limit} presses of {key} never reached {target}; focus went to {passed}")


async def test_the_phone_and_the_console_work_from_the_keyboard(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Keys only", phases=PHASES, settings={"blind_votes": False})
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
    _, phone, w_phone = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, board["code"], "Kay", "Academia")
    notes = phone.locator("#notes > li")

    # -- the phone writes two notes: Tab to the text, type, Tab to "Add note", Enter (then Space) ----
    idea = phone.get_by_label("Your idea")
    add = phone.get_by_role("button", name="Add note")
    await tab_to(phone, idea)
    await phone.keyboard.type(FIRST)
    await tab_to(phone, add)
    await phone.keyboard.press("Enter")
    await expect(notes).to_have_count(1)
    await expect(idea).to_be_focused()  # back in the text box for the next idea
    await phone.keyboard.type(SECOND)
    await tab_to(phone, add)
    await phone.keyboard.press("Space")
    await expect(notes).to_have_count(2)
    await expect(console.locator(".canvas-note")).to_have_count(2)

    # -- the console moves on to voting: Tab to "Next phase", Enter --------------------------------
    next_phase = console.get_by_role("button", name="Next phase ▶")
    await tab_to(console, next_phase)
    await console.keyboard.press("Enter")
    await expect(phone.locator("#phase-label")).to_have_text("Phase 2 of 3: Vote")

    # -- the phone votes: Space and Enter on "+", up to the most a note takes, then "-" -------------
    budget = phone.locator("#budget-text")
    mine = note_card(phone, FIRST).locator(".my-dots")
    plus = phone.get_by_role("button", name=f"Put a dot on: {FIRST}")
    minus = phone.get_by_role("button", name=f"Take a dot back from: {FIRST}")
    await expect(budget).to_have_text("5 of 5 dots left")
    await tab_to(phone, plus)
    await phone.keyboard.press("Space")
    await expect(budget).to_have_text("4 of 5 dots left")
    await expect(plus).to_be_focused()  # the re-render kept the button, and its focus
    await phone.keyboard.press("Enter")
    await phone.keyboard.press("Enter")
    await expect(mine).to_have_text("3 dots from you")  # the most one note takes: "+" is disabled now,
    await expect(plus).to_be_disabled()
    await expect(minus).to_be_focused()  # and the focus went to "-" instead of nowhere
    await phone.keyboard.press("Enter")
    await expect(budget).to_have_text("3 of 5 dots left")
    done = phone.get_by_role("button", name="I'm done")
    await tab_to(phone, done)
    await phone.keyboard.press("Space")
    await expect(done).to_have_attribute("aria-pressed", "true")
    await tab_to(phone, minus, backwards=True)
    await phone.keyboard.press("Enter")
    await expect(budget).to_have_text("4 of 5 dots left")
    await expect(console.locator(".canvas-note", has_text=FIRST).locator(".badge")).to_have_text("1")
    await assert_controls_labelled(phone)

    # -- the console runs the timer: Minutes, Start, Pause, Resume, Reset ---------------------------
    timer = console.locator("#timer-panel")
    phone_timer = phone.locator("#timer")
    await tab_to(console, timer.get_by_label("Minutes"))
    await console.keyboard.press("Control+A")
    await console.keyboard.type("2")
    await tab_to(console, timer.get_by_role("button", name="Start", exact=True))
    await console.keyboard.press("Enter")
    await expect(phone_timer).to_have_attribute("data-status", "running")
    await expect(phone_timer.locator(".time")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    pause = timer.get_by_role("button", name="Pause")
    await expect(pause).to_be_enabled()
    await tab_to(console, pause)
    await console.keyboard.press("Space")
    await expect(phone_timer).to_have_attribute("data-status", "paused")
    resume = timer.get_by_role("button", name="Resume")
    await expect(resume).to_be_focused()  # Pause is disabled now: the focus moved to what undoes it
    await console.keyboard.press("Enter")
    await expect(phone_timer).to_have_attribute("data-status", "running")
    await expect(pause).to_be_focused()
    await tab_to(console, timer.get_by_role("button", name="Reset"))
    await console.keyboard.press("Space")
    await expect(phone_timer).to_have_attribute("data-status", "idle")
    await expect(timer.get_by_role("button", name="Start", exact=True)).to_be_focused()

    # -- the console moderates: Enter selects a note on the canvas, Space hides it ------------------
    await tab_to(console, console.locator(".canvas-note", has_text=SECOND))
    await console.keyboard.press("Enter")
    panel = console.locator("#selected")
    await expect(panel.locator(".selected-text")).to_have_text(SECOND)
    await tab_to(console, panel.get_by_role("button", name="Hide"))
    await console.keyboard.press("Space")
    await expect(notes).to_have_count(1)
    await assert_controls_labelled(console)

    for watched in (w_console, w_phone):
        assert not watched.errors, watched.errors
        assert not watched.dialogs, watched.dialogs
