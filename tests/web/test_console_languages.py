"""The facilitator's console in other languages, at 1366x768 (a laptop).

In the pseudo-language every string the console shows comes from the catalog, in every phase and
panel (agenda editor, blind-vote peek, decisions, export, links, groups, archive, an error), and none
is cut by its box or spills over its button; in Russian and French (long words) nothing is cut
either. In Arabic the console is right to left and mirrored: the title at the right, the links at
the left, the controls column on the right and the side column on the left. The board's
language for its shared screens, chosen in the console, reaches the projector (with a second one
beside it) and the report (unless another is picked for it); the console's own menu is this device's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PROJECTOR, open_page
from tests.web.languages import assert_all_translated, overflowing
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

LAPTOP_1366 = {"viewport": {"width": 1366, "height": 768}}
GOV, NGO = "Government / member state", "NGO / civil society"


async def start_board(server: MetanetServer) -> tuple[dict[str, Any], BoardClient, list[BoardClient]]:
    """A five-phase priorities workshop (write, group, vote, results, discuss), blind vote, two people."""
    board = server.create_board(title="Ocean plastics", template="priorities-workshop", settings={"blind_votes": True})
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    people = [await BoardClient.connect(server.ws_base, bid) for _ in range(2)]
    await people[0].ok("join", name="Amina", group=GOV)
    await people[1].ok("join", name="Li Wei", group=NGO)
    return board, facilitator, people


# Words wider than their button or field: not cut (overflow is visible) but spilling over its border.
SPILLING = """() => [...document.querySelectorAll('button, select, summary, .tag, .code-pill')]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)} (${el.scrollWidth} in ${el.clientWidth})`)"""


# Stricter than languages.py, which lets a text pass when its parent holds a marked string: here each
# text's own element must hold one (the <bdi> of people's words inside a translated sentence excepted).
OWN_MARK_MISSING = r"""() => {
  const exempt = (el) => el.closest('[dir=auto], [translate=no], script, style, noscript, template, bdi');
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    const el = node.parentElement;
    if (!text || !/\p{L}/u.test(text) || exempt(el) || !el.getClientRects().length) continue;
    if (!el.textContent.includes('⟦')) found.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className}: ${text.slice(0, 50)}`);
  }
  return found;
}"""


async def step(page: Page, where: str) -> None:
    """Let the page draw what just happened, then check it: nothing cut or spilling; in the pseudo-language,
    every string from the catalog."""
    await page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    lang = await page.evaluate("document.documentElement.lang")
    if lang == "en-XA":
        await assert_all_translated(page, where)
        unmarked = await page.evaluate(OWN_MARK_MISSING)
        assert not unmarked, f"{where}: text beside translated words but not from the catalog: {unmarked}"
    else:
        cut = await overflowing(page)
        assert not cut, f"{lang}, {where}: text overflows its box: {cut}"
    spilling = await page.evaluate(SPILLING)
    assert not spilling, f"{where}: words spill out of their box: {spilling}"


@pytest.mark.parametrize("lang", ["en-XA", "ru", "fr"])
async def test_the_console_in_every_phase_every_string_from_the_catalog_nothing_cut(
    browser: Browser, server: MetanetServer, lang: str
) -> None:
    """en-XA: every string from the catalog; Russian and French, the longest real words: nothing cut either."""
    board, facilitator, (amina, li) = await start_board(server)
    bid = board["board"]
    try:
        _, page, watched = await open_page(browser, LAPTOP_1366, "console")
        await page.goto(f"{server.url}/b/{bid}/facilitate?lang={lang}#{board['secret']}")
        await expect(page.locator("#code")).to_have_text(board["code"])
        assert await page.evaluate("document.documentElement.lang") == lang
        await step(page, "write, empty")

        # -- write: private notes, one selected ---------------------------------------------------------
        first = (await amina.ok("add_note", text="Ban single-use sachets"))["note"]
        await li.ok("add_note", text="Deposit schemes for bottles")
        await expect(page.locator(".canvas-note")).to_have_count(2)
        await page.locator(f'.canvas-note[data-note="{first}"]').click()
        await expect(page.locator("#selected .selected-text")).to_be_visible()
        await step(page, "write, a private note selected")

        # the agenda editor, open over the console
        await page.locator("#agenda .panel-head .link-button").click()
        await expect(page.locator("#agenda-dialog")).to_be_visible()
        await step(page, "the agenda editor")
        await page.locator("#agenda-dialog form > .row:not(.dialog-buttons) > button").click()  # + add a phase
        await page.locator("#agenda-dialog .agenda-row").last.locator(".agenda-field.title input").fill("   ")
        await page.locator("#agenda-dialog button[type=submit]").click()  # a phase without a title
        await expect(page.locator("#agenda-dialog .agenda-status")).not_to_be_empty()
        await step(page, "the agenda editor refusing a phase without a title")
        await page.locator("#agenda-dialog .dialog-buttons button").first.click()  # cancel
        await expect(page.locator("#agenda-dialog")).to_be_hidden()

        # -- group: revealed, clustered -----------------------------------------------------------------
        await facilitator.ok("next_phase")
        cluster = (await facilitator.ok("create_cluster", name="Packaging"))["cluster"]
        await facilitator.ok("cluster_note", note=first, cluster=cluster)
        await expect(page.locator("#clusters .clusters li")).to_have_count(1)
        await expect(page.locator(f'.canvas-note[data-note="{first}"] .note-meta')).to_contain_text("Packaging")
        await step(page, "group, with a cluster")
        await page.locator("#clusters .spot").click()  # the cluster, large on the projector
        await expect(page.locator("#projector-panel .spot-line bdi")).to_have_text("Packaging")
        await step(page, "group, a cluster in the spotlight")

        # -- vote: blind, dots placed, then a peek -----------------------------------------------------------
        await facilitator.ok("next_phase")
        await amina.ok("vote", note=first)
        await li.ok("vote", note=first)
        await expect(page.locator("#blind-hint")).to_be_visible()
        await expect(page.locator(f'.canvas-note[data-note="{first}"] .badge')).to_be_hidden()
        await step(page, "vote, blind")
        await page.locator("#agenda button.peek").click()
        await expect(page.locator(f'.canvas-note[data-note="{first}"] .badge')).to_have_text("2")
        await expect(page.locator("#ranking > li")).to_have_count(1)
        # the selected note's dots by group: each group's name isolated in the language's list
        await expect(page.locator("#selected .selected-dots bdi")).to_have_text([GOV, NGO])
        await step(page, "vote, the facilitator peeking")

        # -- results: revealed, a decision with its roadmap -----------------------------------------------------
        await facilitator.ok("next_phase")
        await facilitator.ok("mark_decision", target=first)
        await facilitator.ok("set_roadmap", target=first, owner="UNEP", next_step="Draft the ban", due="2027-03-31")
        await expect(page.locator("#decisions .decision-item")).to_have_count(1)
        await step(page, "results, a decision")

        # -- discuss, then closed -----------------------------------------------------------------------------
        await facilitator.ok("next_phase")
        await facilitator.ok("start_timer", duration=300)
        await expect(page.locator("#agenda .phases li.current")).to_have_attribute("data-index", "4")
        await step(page, "discuss, the timer running")
        await facilitator.ok("close_phase", closed=True)
        await expect(page.locator("#done-count")).to_be_visible()
        await step(page, "discuss, closed")

        # -- the panels' own moments: export, links, groups ----------------------------------------------------
        await page.locator("#export .export-buttons button").first.click()
        await expect(page.locator("#export-status")).to_contain_text(".md")
        await step(page, "the report exported")
        await page.locator("#links .link-row button").first.click()
        await step(page, "a link copied")
        await page.locator("#groups-panel .row button").first.click()  # add a group
        await expect(page.locator("#groups-panel .group-row")).to_have_count(7)
        await step(page, "a stakeholder group being added")

        # -- an error: a refusal from the server, in a toast -----------------------------------------------------
        await page.evaluate("() => metanet.command('set_phase', { index: 99 })")
        await expect(page.locator("#toast")).to_be_visible()
        await step(page, "an error")

        # -- archived, and the delete box open ---------------------------------------------------------------------
        await page.locator("#archive").click()
        await expect(page.locator("#archived-banner")).to_be_visible()
        await page.locator("#lifecycle .danger-zone summary").click()
        await step(page, "archived, the delete box open")

        # -- deleted: the console says so, with a link to the start page ---------------------------------------------
        await page.locator("#delete-code").fill(board["code"])
        await page.locator("#lifecycle .delete-form button[type=submit]").click()
        await expect(page.locator("#gone a")).to_have_attribute("href", "/")
        await step(page, "deleted")
        assert not watched.errors, watched.errors

        # -- a console opened without its secret -----------------------------------------------------------------------
        _, bare, w_bare = await open_page(browser, LAPTOP_1366, "console without secret")
        await bare.goto(f"{server.url}/b/{bid}/facilitate?lang={lang}")
        await expect(bare.locator("#no-secret a")).to_have_attribute("href", "/")
        await step(bare, "no facilitator link")
        assert not w_bare.errors, w_bare.errors
    finally:
        await facilitator.close()
        await amina.close()
        await li.close()


MIRRORED = """() => {
  const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { left: r.left, right: r.right }; };
  return { dir: document.dir, width: document.documentElement.clientWidth, title: box('#title'), links: box('.top-links'),
           code: box('.code-pill'), controls: box('.controls'), side: box('.side'), canvas: box('.board-area'),
           timerHeading: box('#timer-panel h2'), timerPanel: box('#timer-panel'),
           next: box('#agenda .phase-moves button.primary'), previous: box('#agenda .phase-moves button:first-child') };
}"""


async def test_the_arabic_console_is_mirrored_and_fits_a_laptop(browser: Browser, server: MetanetServer) -> None:
    board, facilitator, (amina, li) = await start_board(server)
    bid = board["board"]
    try:
        await amina.ok("add_note", text="حظر الأكياس البلاستيكية.")
        await li.ok("add_note", text="Deposit schemes for bottles")
        await facilitator.ok("next_phase")
        _, page, watched = await open_page(browser, LAPTOP_1366, "console")
        await page.goto(f"{server.url}/b/{bid}/facilitate?lang=ar#{board['secret']}")
        await expect(page.locator(".canvas-note")).to_have_count(2)
        await expect(page.locator("#agenda-heading")).to_have_text("جدول الأعمال")
        at = await page.evaluate(MIRRORED)
        assert at["dir"] == "rtl"
        width = at["width"]
        # The header: the board's title at the right (where Arabic starts), the links at the left.
        assert at["title"]["right"] > width - 40, at["title"]
        assert at["links"]["left"] < 40, at["links"]
        assert at["code"]["left"] < at["title"]["left"], (at["code"], at["title"])
        # The three columns: controls on the right, the canvas between, the side column on the left.
        assert at["controls"]["left"] > at["canvas"]["right"] > at["canvas"]["left"] > at["side"]["right"], at
        # Inside a panel: the heading starts at the right; "next phase" comes after "previous", to its left.
        assert at["timerPanel"]["right"] - at["timerHeading"]["right"] < 24, (at["timerPanel"], at["timerHeading"])
        assert at["next"]["right"] <= at["previous"]["left"], (at["next"], at["previous"])
        # An Arabic note reads right to left, an English one left to right, whatever the console's direction.
        directions = await page.evaluate("""() => [...document.querySelectorAll('.canvas-note .note-text')]
          .map((el) => [el.textContent, getComputedStyle(el).direction])""")
        assert sorted(directions) == [["Deposit schemes for bottles", "ltr"], ["حظر الأكياس البلاستيكية.", "rtl"]]
        await page.screenshot(path=SCREENS / "console-ar-1366x768.png")
        assert await overflowing(page) == []
        assert await page.evaluate(SPILLING) == []
        # The agenda editor, mirrored too: each row's number at the right, its buttons at the left.
        await page.get_by_role("button", name="عدّل جدول الأعمال").click()
        row = page.locator("#agenda-dialog .agenda-row").first
        head, moves = await row.locator(".agenda-row-head").bounding_box(), await row.locator(".agenda-move").bounding_box()
        assert head and moves and head["x"] > moves["x"] + moves["width"], (head, moves)
        await page.screenshot(path=SCREENS / "console-ar-agenda-editor.png")
        assert await overflowing(page) == []
        assert await page.evaluate(SPILLING) == []
        assert not watched.errors, watched.errors
    finally:
        await facilitator.close()
        await amina.close()
        await li.close()


async def test_the_boards_language_reaches_the_projector_and_the_report_the_console_keeps_its_own(browser: Browser, server: MetanetServer) -> None:
    board, facilitator, people = await start_board(server)
    bid = board["board"]
    try:
        _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
        await projector.goto(f"{server.url}/b/{bid}/projector")
        _, page, watched = await open_page(browser, LAPTOP_1366, "console")
        await page.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")
        await expect(page.locator("#board-language")).to_have_value("en")
        await page.get_by_label("Language of the shared screens").select_option("fr")
        await page.get_by_label("Second language on the projector").select_option("ar")
        # The projector takes the board's language (it reloads in it) and shows the second one beside it.
        await projector.wait_for_function("""() => document.documentElement.lang === 'fr'
          && globalThis.metanet?.state.settings?.language === 'fr' && globalThis.metanet?.state.settings?.second_language === 'ar'""")
        await expect(projector.locator('body [lang="ar"][dir="rtl"]').first).to_be_visible()
        settings = await page.evaluate("() => metanet.state.settings")
        assert (settings["language"], settings["second_language"]) == ("fr", "ar")
        # The console's own language is its own: still English.
        assert await page.evaluate("document.documentElement.lang") == "en"
        # The second language cannot be the first one.
        assert await page.locator('#board-second-language option[value="fr"]').is_disabled()
        # The report follows the board's language, unless the facilitator picks another for it.
        await expect(page.locator("#export-language")).to_have_value("fr")
        await page.get_by_label("Language of the report").select_option("zh")
        async with page.expect_response(lambda response: "/export.md" in response.url) as answer, page.expect_download() as saved:
            await page.get_by_role("button", name=re.compile("^Download the report as Markdown")).click()
        report = await answer.value
        assert report.ok and "lang=zh" in report.url, report.url
        path = await (await saved.value).path()
        assert re.search(r"[\u4e00-\u9fff]", Path(path).read_text(encoding="utf-8")), "the report is not in Chinese"
        await expect(page.locator("#export-status")).to_contain_text("Saved")

        # The console's own menu: this device's choice, remembered; the board's language does not move.
        await page.locator("#language-slot select").select_option("es")
        await page.wait_for_function("() => document.documentElement.lang === 'es'")
        await expect(page.locator("#agenda-heading")).to_have_text("Orden del día")
        await expect(page.locator("#board-language")).to_have_value("fr")
        await page.reload()
        await expect(page.locator("#agenda-heading")).to_have_text("Orden del día")

        # Refused (an archived board is read-only): the toast says why, the box shows the board's language again.
        await facilitator.ok("archive_board", archived=True)
        await expect(page.locator("#archived-banner")).to_be_visible()
        await page.locator("#board-language").select_option("ru")
        await expect(page.locator("#toast")).to_be_visible()
        await expect(page.locator("#board-language")).to_have_value("fr")
        assert not watched.errors and not w_projector.errors, watched.errors + w_projector.errors
    finally:
        await facilitator.close()
        for person in people:
            await person.close()
