"""The console on a 1366x768 laptop: agenda, timer, previous/next phase and the projector link above
the fold; a blind vote is blind on the console too until the facilitator peeks; a cluster's name box
shows the whole name."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PROJECTOR, open_page
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

LAPTOP_1366 = {"viewport": {"width": 1366, "height": 768}}
VOTE_PHASE = 4  # "Decide on the best: heatmap vote" in the strategy sprint (ten phases: the longest agenda)

ABOVE_THE_FOLD = """(sel) => { const el = document.querySelector(sel); const r = el.getBoundingClientRect();
  return scrollY === 0 && r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }"""


async def above_the_fold(page: Page, selector: str) -> bool:
    return bool(await page.evaluate(ABOVE_THE_FOLD, selector))


async def test_the_console_fits_a_laptop_and_keeps_a_blind_vote_blind(browser: Browser, server: MetanetServer) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    board = server.create_board(title="Countering wildlife trafficking", template="strategy-sprint")
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    voter = await BoardClient.connect(server.ws_base, bid)
    try:
        await voter.ok("join", group="Academia")
        await facilitator.ok("set_phase", index=3)  # sketch: write
        note = (await voter.ok("add_note", text="Shared register of seized ivory"))["note"]
        await facilitator.ok("reveal_notes")

        _, console, watched = await open_page(browser, LAPTOP_1366, "console")
        await console.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")
        await expect(console.locator(".canvas-note")).to_have_count(1)
        for selector in (
            "#agenda-heading",
            "#agenda .phases li.current",
            "#timer-panel .big-timer",
            "#timer-panel button.primary",
            "#agenda .phase-moves button:first-child",
            "#agenda .phase-moves button.primary",
            "#top-projector",
        ):
            assert await above_the_fold(console, selector), selector
        await expect(console.locator("#top-projector")).to_have_attribute("href", f"/b/{bid}/projector")
        await console.screenshot(path=SCREENS / "console-1366x768.png")

        # -- a blind vote: no tallies on the console either, until the facilitator peeks ----------
        _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
        await projector.goto(f"{server.url}/b/{bid}/projector")
        await facilitator.ok("set_phase", index=VOTE_PHASE)
        await voter.ok("vote", note=note)
        assert await above_the_fold(console, "#agenda .phases li.current")  # a long agenda scrolls to now
        hint = console.locator("#blind-hint")
        await expect(hint).to_contain_text("this console neither")
        await expect(console.locator("#agenda .summary, #agenda .hint").last).to_contain_text("1 dot placed")
        badge = console.locator(f'.canvas-note[data-note="{note}"] .badge')
        await expect(badge).to_be_hidden()
        await expect(console.locator("#ranking > li")).to_have_count(0)
        await expect(console.locator("#ranking-empty")).to_have_text("Hidden during the blind vote.")
        await console.locator(f'.canvas-note[data-note="{note}"]').click()
        await expect(console.locator("#selected .selected-dots")).to_have_text("Dots hidden during the blind vote.")
        await console.screenshot(path=SCREENS / "console-blind-vote.png")

        await console.get_by_role("button", name="Peek at the tallies").click()
        await expect(hint).to_contain_text("you are peeking")
        await expect(badge).to_have_text("1")
        await expect(console.locator("#ranking > li")).to_have_count(1)
        await expect(projector.locator("#blind")).to_be_visible()  # the room still sees nothing
        await expect(projector.locator("#ranking > li")).to_have_count(0)
        await console.get_by_role("button", name="Hide the tallies again").click()
        await expect(badge).to_be_hidden()

        # Revealed: the tallies show everywhere, no peeking needed.
        await facilitator.ok("reveal_votes")
        await expect(hint).to_be_hidden()
        await expect(badge).to_have_text("1")

        # -- a cluster's name box shows the whole name -------------------------------------------------
        await facilitator.ok("set_phase", index=2)  # target: group
        await console.get_by_label("New cluster").fill("Cross-border cooperation")
        await console.get_by_role("button", name="Create", exact=True).click()
        box = console.locator("#clusters .clusters input").first
        await expect(box).to_have_value("Cross-border cooperation")
        assert await box.evaluate("el => el.scrollWidth <= el.clientWidth"), "the name is cut"
        assert not watched.errors and not w_projector.errors, watched.errors + w_projector.errors
    finally:
        await facilitator.close()
        await voter.close()
