"""The start page in other languages, in real Chromium: every string from the catalog (the pseudo-language
walk), Arabic mirrored, the language menu remembered, the browser's languages as the default, and a board
created in French with French stakeholder groups. Arabic screenshots go to docs/screens/home-ar-*.png
(see tests/web/screens.py)."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.event_client import post
from testkit.metanet import MetanetServer
from tests.web.conftest import assert_controls_labelled, open_page, screenshot
from tests.web.languages import assert_all_translated, overflowing
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 360, "height": 640}, "laptop": {"width": 1366, "height": 768}}
ARABIC = r"[\u0600-\u06FF]"


def remembered(server: MetanetServer) -> tuple[dict[str, Any], dict[str, Any]]:
    """A real board and a real event, as this browser would have kept them after creating them."""
    board = server.create_board(title="Fleet renewal 2027", template="strategy-sprint")
    status, event = post(
        server.url + "/api/events",
        {"title": "Ocean week", "metanets": [{"title": "Ports", "template": "note-and-vote"}]},
    )
    assert status == 201, event
    mine = {"id": board["board"], "code": board["code"], "secret": board["secret"], "title": "Fleet renewal 2027"}
    return mine, {**event, "title": "Ocean week"}


async def keep_in_browser(page: Page, board: dict[str, Any], event: dict[str, Any], *older: dict[str, Any]) -> None:
    """The boards and the event in this browser's lists, before the start page first runs."""
    await page.context.add_init_script(f"""if (!localStorage.getItem('metanet:my-boards')) {{
      localStorage.setItem('metanet:my-boards', JSON.stringify({json.dumps([board, *older])}));
      localStorage.setItem('metanet:my-events', JSON.stringify([{json.dumps(event)}]));
    }}""")


@pytest.mark.parametrize("size", list(SIZES))
async def test_every_string_on_the_start_page_comes_from_the_catalog(
    browser: Browser, server: MetanetServer, tmp_path: Path, size: str
) -> None:
    board, event = remembered(server)
    context, page, watched = await open_page(browser, {"viewport": SIZES[size]}, f"home-{size}")
    try:
        # and an archived board this browser knows without its secret (no export key: no new session from it)
        await keep_in_browser(page, board, event, {"id": "b-old", "code": "Q2W3E4", "title": "Day 0", "archived": True})
        await page.goto(server.url + "/?lang=en-XA")
        await expect(page.locator("html")).to_have_attribute("lang", "en-XA")
        await expect(page.locator(".hero .language-menu")).to_be_visible()
        run = page.locator("#run")
        if await run.get_attribute("open") is not None:  # a laptop opens "Run a session" at once
            await run.locator("summary").click()
        await expect(run.locator("form.create")).to_be_hidden()
        mine = page.locator("#my-boards > li")
        await expect(mine).to_have_count(2)
        await expect(mine.nth(1).locator(".tag")).to_be_visible()  # archived
        await expect(page.locator("#my-events > li")).to_have_count(1)
        await assert_all_translated(page, f"{size}: closed, two boards and an event kept")

        await mine.first.locator("button[aria-expanded]").click()  # "New session"
        await expect(mine.first.locator("form.new-session")).to_be_visible()
        await assert_all_translated(page, f"{size}: a new session's form")
        await mine.nth(1).locator("button[aria-expanded]").click()
        await mine.nth(1).locator("form.new-session button[type=submit]").click()
        await expect(mine.nth(1).locator("form.new-session [role=status]")).to_contain_text("⟦")
        await assert_all_translated(page, f"{size}: no export key for a new session")

        await run.locator("summary").click()
        await expect(run.locator("form.create")).to_be_visible()
        await expect(page.locator("#template-about .template-steps")).to_be_visible()  # the server's templates arrived
        await assert_all_translated(page, f"{size}: run a session open")
        await page.locator("#template").select_option("priorities-workshop")
        await expect(page.locator("#template-about .template-steps")).to_contain_text("→")
        await assert_all_translated(page, f"{size}: another agenda chosen")

        await page.locator("#run-event summary").click()
        await expect(page.locator("form.create-event .wg-row")).to_have_count(2)
        await expect(page.locator("#ev-template option")).not_to_have_count(1)  # the server's event templates arrived
        await assert_all_translated(page, f"{size}: the create-event form")
        await page.locator("#ev-template").select_option(index=1)  # an event template fills the working groups
        await expect(page.locator("#ev-template-about")).not_to_be_empty()
        await expect(page.locator("form.create-event .wg-row").nth(2)).to_be_visible()
        await assert_all_translated(page, f"{size}: an event template chosen")

        broken = tmp_path / "broken.json"
        broken.write_text("this is not an export", encoding="utf-8")
        await page.locator("#import-file").set_input_files(broken)
        await page.locator("form.import button[type=submit]").click()
        # the sentence and, inside it, the server's reason, both from the catalog
        await expect(page.locator("#import-status")).to_have_text(re.compile(r"^⟦[^⟦]+⟦[^⟦]+⟧[^⟦]*⟧$"))
        await assert_all_translated(page, f"{size}: an import refused")

        await page.locator("#code").fill("ZZZZZZ")
        await page.locator("form.join-code button[type=submit]").click()
        await expect(page.locator("#join-status")).to_contain_text("ZZZZZZ")
        await assert_all_translated(page, f"{size}: a code that no board has")
        refused = "Failed to load resource: the server responded with a status of 400"  # the import, above
        assert not [e for e in watched.errors if refused not in e], watched.errors
    finally:
        await context.close()


async def box(page: Page, selector: str) -> dict[str, float]:
    found = await page.locator(selector).first.bounding_box()
    assert found, selector
    return found


@pytest.mark.parametrize("size", list(SIZES))
async def test_the_start_page_in_arabic_is_mirrored(browser: Browser, server: MetanetServer, size: str) -> None:
    board, event = remembered(server)
    context, page, watched = await open_page(browser, {"viewport": SIZES[size]}, f"home-ar-{size}")
    try:
        await keep_in_browser(page, board, event)
        await page.goto(server.url + "/?lang=ar")
        assert await page.evaluate("document.dir") == "rtl"
        await expect(page.locator("#join-heading")).to_have_text("الانضمام إلى لوحة")
        run = page.locator("#run")
        if await run.get_attribute("open") is None:
            await run.locator("summary").click()
        await expect(page.locator("#groups")).to_have_value(
            "حكومة / دولة عضو\nمنظمة غير حكومية / مجتمع مدني\nالأوساط الأكاديمية\nالقطاع الخاص\nمنظمة دولية\nأخرى"
        )
        await expect(page.locator("#template-about .template-description")).to_have_text(re.compile(ARABIC))
        await expect(page.locator("#template-about .template-steps")).to_contain_text(
            " ← "
        )  # phases read right to left
        await expect(page.locator("#my-boards > li")).to_have_count(1)
        await expect(page.locator("#my-events > li")).to_have_count(1)
        width = SIZES[size]["width"]

        # the header: the name at the inline start (right), the language menu at the inline end (left)
        name, menu = await box(page, ".hero h1"), await box(page, ".hero .language-menu")
        assert name["x"] > menu["x"], (name, menu)
        assert await page.locator(".hero .language-menu").input_value() == "ar"
        # labels and their inputs start at the right edge of their card
        for label, field in (
            ("label[for=code]", "#code"),
            ("label[for=title]", "#title"),
            ("label[for=groups]", "#groups"),
        ):
            lbox, fbox = await box(page, label), await box(page, field)
            assert abs((lbox["x"] + lbox["width"]) - (fbox["x"] + fbox["width"])) <= 2, (label, lbox, fbox)
            assert fbox["x"] + fbox["width"] > width / 2
        # the join button sits to the left of the code (after it, in reading order)
        code, join = await box(page, "#code"), await box(page, "form.join-code button[type=submit]")
        assert join["x"] + join["width"] <= code["x"] + 1, (code, join)
        # the board's title first in its row, at the right; its code to its left
        item, title, code = [await box(page, f"#my-boards > li {part}") for part in ("", "a", ".code")]
        assert abs((item["x"] + item["width"]) - (title["x"] + title["width"])) <= 2, (item, title)
        assert code["x"] + code["width"] <= title["x"] + 1, (title, code)
        # a tick box before its words, that is to their right
        tick, words = await box(page, "label.check input"), await box(page, "label.check span")
        assert tick["x"] > words["x"], (tick, words)
        # the working-group rows carry their bar on the right
        await page.locator("#run-event summary").click()
        row = page.locator(".wg-row").first
        await expect(row).to_be_visible()
        border = await row.evaluate(
            "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
        )
        assert border == ["4px", "0px"], border
        await expect(page.locator("label[for=ev-g1-title], label[for=ev-g2-title]").first).to_contain_text(
            "الفريق العامل"
        )
        # the agendas and the event templates by their Arabic titles
        await expect(row.locator(".wg-template option:checked")).to_have_text(re.compile(ARABIC))
        await expect(page.locator("#ev-template option").nth(1)).to_have_text(re.compile(ARABIC))

        cut = await overflowing(page)
        assert not cut, cut
        await assert_controls_labelled(page)
        assert not watched.errors, watched.errors
        await screenshot(page, SCREENS / f"home-ar-{SIZES[size]['width']}x{SIZES[size]['height']}.png")
    finally:
        await context.close()


async def test_the_chosen_language_is_remembered_and_the_browser_picks_the_first(
    browser: Browser, server: MetanetServer
) -> None:
    # The browser's languages choose, when nothing was chosen on this device.
    context, page, watched = await open_page(browser, {"locale": "fr-FR"}, "home-fr")
    try:
        await page.goto(server.url + "/")
        await expect(page.locator("html")).to_have_attribute("lang", "fr")
        await expect(page.locator("#join-heading")).to_have_text("Rejoindre un tableau")
        assert await page.title() == "Metanet"
        # Chosen in the menu: the page comes back in it, and stays in it on the next visit.
        await page.locator(".hero .language-menu").select_option("ru")
        await expect(page.locator("#join-heading")).to_have_text("Присоединиться к доске")
        assert "lang=" not in page.url
        await page.reload()
        await expect(page.locator("#join-heading")).to_have_text("Присоединиться к доске")
        await page.goto(server.url + "/")
        await expect(page.locator("html")).to_have_attribute("lang", "ru")
        await expect(page.locator(".hero .language-menu")).to_have_value("ru")
        assert not watched.errors, watched.errors
    finally:
        await context.close()
    # An English browser still gets today's English page.
    context, page, watched = await open_page(browser, {"locale": "en-GB"}, "home-en")
    try:
        await page.goto(server.url + "/")
        await expect(page.locator("#join-heading")).to_have_text("Join a board")
        await expect(page.locator("html")).to_have_attribute("dir", "ltr")
    finally:
        await context.close()


async def test_a_board_created_from_the_french_page_has_french_groups(browser: Browser, server: MetanetServer) -> None:
    context, page, watched = await open_page(browser, {"locale": "fr-FR", "viewport": SIZES["laptop"]}, "home-fr")
    try:
        await page.goto(server.url + "/")
        # the server's templates, in French: their titles, the chosen one's description and phases
        with urllib.request.urlopen(server.url + "/api/templates", timeout=10) as answer:
            templates = {t["name"]: t for t in json.load(answer)}
        french = templates["strategy-sprint"]["i18n"]["fr"]
        await page.locator("#template").select_option("strategy-sprint")
        await expect(page.locator("#template option:checked")).to_have_text(french["title"])
        await expect(page.locator("#template-about .template-description")).to_have_text(french["description"])
        first_phase = templates["strategy-sprint"]["phases"][0]["i18n"]["fr"]["title"]
        await expect(page.locator("#template-about .template-steps")).to_contain_text(
            f"Programme\u00a0: {first_phase} → "
        )
        await page.get_by_label("Titre", exact=True).fill("Renouvellement de la flotte")
        await page.get_by_role("button", name="Créer le tableau").click()
        await page.wait_for_url(re.compile(r"/b/[^/]+/facilitate#"))
        kept = json.loads(await page.evaluate("localStorage.getItem('metanet:my-boards')"))[0]
        assert not watched.errors, watched.errors
    finally:
        await context.close()
    facilitator = await BoardClient.connect(server.ws_base, kept["id"], role="facilitator", secret=kept["secret"])
    try:
        settings = facilitator.view.board["settings"]
        assert settings["groups"] == [
            "Gouvernement / État membre",
            "ONG / société civile",
            "Monde universitaire",
            "Secteur privé",
            "Organisation internationale",
            "Autre",
        ]
        assert settings["title"] == "Renouvellement de la flotte"
        assert settings["language"] == "fr"  # its projector and phase titles start in French
        phases = facilitator.view.board["phases"]
        assert phases[0]["title"] == phases[0]["i18n"]["fr"]["title"] != phases[0]["i18n"]["en"]["title"]
    finally:
        await facilitator.close()


async def test_no_language_cuts_or_widens_the_phone_start_page(browser: Browser, server: MetanetServer) -> None:
    """Every form open on a 360 px phone, in each of the six: nothing cut, nothing wider than the screen."""
    board, event = remembered(server)
    context, page, watched = await open_page(browser, {"viewport": SIZES["phone"]}, "home-six")
    try:
        await keep_in_browser(page, board, event)
        for lang in ("ar", "zh", "en", "fr", "ru", "es"):
            await page.goto(f"{server.url}/?lang={lang}")
            await expect(page.locator("html")).to_have_attribute("lang", lang)
            await page.locator("#run summary").click()
            await page.locator("#run-event summary").click()
            await page.locator("#my-boards > li button[aria-expanded]").click()
            await expect(page.locator("#template-about .template-steps")).to_be_visible()
            await expect(page.locator("form.create-event .wg-row")).to_have_count(2)
            cut = await overflowing(page)
            assert not cut, (lang, cut)
        assert not watched.errors, watched.errors
    finally:
        await context.close()


@pytest.mark.parametrize(("locale", "expected"), [("fr-FR", "ouvert il y a 3 jours"), ("ar", "فُتح قبل 3 أيام"),
                                                  ("ru-RU", "открыт 3 дня назад"), ("en-US", "opened 3 days ago")])
async def test_your_boards_say_when_each_was_last_opened_in_the_pages_language(
    browser: Browser, server: MetanetServer, locale: str, expected: str
) -> None:
    """Which of several boards is today's: "opened 3 days ago", written by Intl.RelativeTimeFormat."""
    board, event = remembered(server)
    context, page, watched = await open_page(browser, {"locale": locale, "viewport": SIZES["phone"]}, "home")
    await page.context.add_init_script(f"""if (!localStorage.getItem('metanet:my-boards')) {{
      localStorage.setItem('metanet:my-boards', JSON.stringify([{{...{json.dumps(board)}, used: Date.now() - 3 * 86400e3 - 60e3}}]));
    }}""")
    await page.goto(server.url + "/")
    used = page.locator("#my-boards li .used")
    await expect(used).to_have_text(expected)
    assert not watched.errors
    await context.close()
