"""Real headless Chromium (Debian's, never a downloaded one) driving the real pages.

A missing browser is a failure, not a skip: ``scripts/test`` installs ``chromium``.
Screenshots and measurements go to ``test-artifacts/web/`` (gitignored).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from testkit.process import REPO_ROOT

CHROMIUM = os.environ.get("METANET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "web"
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}

expect.set_options(timeout=10_000)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does)")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Watched:
    """A page whose JavaScript errors and dialogs are recorded (tests assert there are none)."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.name = name
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"{name}: {exc}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"{self.name}: console: {msg.text}")

    async def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{self.name}: {dialog.type}: {dialog.message}")
        await dialog.dismiss()


async def open_page(browser: Browser, options: dict[str, Any], name: str) -> tuple[BrowserContext, Page, Watched]:
    context = await browser.new_context(**options)
    page = await context.new_page()
    return context, page, Watched(page, name)


async def screenshot(page: Page, path: Path) -> None:
    """The whole page from the top (a sticky header would otherwise sit where the page was scrolled)."""
    await page.evaluate("() => window.scrollTo(0, 0)")
    await page.screenshot(path=path, full_page=True)


async def join_by_code(page: Page, base_url: str, code: str, name: str, group: str) -> None:
    """As a phone would: the start page, the code typed in lower case, then name and group."""
    await page.goto(base_url + "/")
    await page.get_by_label("Code on the screen").fill(code.lower())
    await page.get_by_role("button", name="Join", exact=True).click()
    await page.wait_for_url(re.compile(r"/b/[^/]+$"))
    await page.get_by_label("Your name").fill(name)
    await page.get_by_label(group, exact=True).check()
    await page.get_by_role("button", name="Join", exact=True).click()
    await expect(page.locator("#work")).to_be_visible()


async def add_note(page: Page, text: str) -> None:
    await page.get_by_label("Your idea").fill(text)
    await page.get_by_role("button", name="Add note").click()


async def eventually(check: Any, timeout: float = 10.0) -> None:
    """Wait until ``check()`` is true (for state held by a Python client, not a page)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


UNLABELLED = """() => [...document.querySelectorAll('button, input, select, textarea, a[href]')]
  .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0)
  .filter((el) => {
    const text = (el.getAttribute('aria-label') || '').trim() || (el.getAttribute('aria-labelledby') ? 'x' : '');
    if (text) return false;
    if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return false;
    if (el.tagName === 'BUTTON' || el.tagName === 'A') return !el.textContent.trim();
    return true;
  })
  .map((el) => el.outerHTML.slice(0, 120))"""


async def assert_controls_labelled(page: Page) -> None:
    """Every visible control has a name a screen reader can read."""
    unlabelled = await page.evaluate(UNLABELLED)
    assert not unlabelled, unlabelled


def note_card(page: Page, text: str) -> Any:
    return page.locator("#notes > li", has=page.locator(".note-text", has_text=text))
