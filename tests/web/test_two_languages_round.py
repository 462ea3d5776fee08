"""A phone in Russian and a projector in French on the same board, through a whole round.

The phone is a Russian browser (its languages say ru-RU: nothing chosen by hand); the projector
shows the board's language (settings.language), French. They join, write, see the notes revealed, vote with blind dots,
see the votes revealed and the results, each in its own language, and each sees what the other's
side changed. Every expected text is made from the catalogs (web/i18n/*.json) with the plural form
Intl.PluralRules picks for the count, never copied into the test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from server.i18n.catalogs import catalog
from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PROJECTOR, open_page

pytestmark = pytest.mark.browser

RUSSIAN_PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True,
                 "device_scale_factor": 2, "locale": "ru-RU"}
PHASES = [{"kind": "write", "title": "Idées"}, {"kind": "vote", "title": "Vote"}, {"kind": "results", "title": "Résultats"}]
MINE = "Обучить таможенников"
THEIRS = "Un registre partagé des saisies"


def plural(lang: str, n: int) -> str:
    """The CLDR category of an integer count (the rules Intl.PluralRules applies; tests/i18n checks the sets)."""
    if lang == "fr":
        return "one" if n in (0, 1) else "other"
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        return "few" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "many"
    raise ValueError(lang)


def words(lang: str, key: str, **params: Any) -> str:
    """The catalog's text for `key` ("section.key") in `lang`, filled in as the page's t() does."""
    section, name = key.split(".", 1)
    entry = catalog(lang)[section][name]
    if isinstance(entry, dict):
        entry = entry[plural(lang, int(params["count"]))]
    return re.sub(r"\{([a-z_0-9]+)\}", lambda m: str(params[m.group(1)]), str(entry))


async def test_a_russian_phone_and_a_french_projector_work_through_a_round(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Trafic d'espèces sauvages", phases=PHASES,
                                settings={"blind_votes": True, "dots_per_person": 3, "language": "fr"})
    bid, code = board["board"], board["code"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    other = await BoardClient.connect(server.ws_base, bid)
    try:
        _, projector, w_projector = await open_page(browser, PROJECTOR, "projector fr")
        await projector.goto(f"{server.url}/b/{bid}/projector")  # the board's language, set when it was made
        _, phone, w_phone = await open_page(browser, RUSSIAN_PHONE, "phone ru")
        await phone.goto(f"{server.url}/j/{code}")  # as from the QR code: no language in the address

        # Joining: the phone in Russian, the projector in French counts who is here.
        await expect(phone.locator("#join button[type=submit]")).to_have_text(words("ru", "phone.join_button"))
        assert await phone.evaluate("document.documentElement.lang") == "ru"
        await expect(projector.locator(".join-label").first).to_have_text(words("fr", "projector.join_label"))
        await expect(projector.locator("#presence-total")).to_have_text(words("fr", "projector.people_here", count=0))
        await phone.locator("#join label.choice", has_text="Academia").click()
        await phone.locator("#join-name").fill("Ольга")
        await phone.locator("#join button[type=submit]").click()
        await expect(phone.locator("#work")).to_be_visible()
        await expect(projector.locator("#presence-total")).to_have_text(words("fr", "projector.people_here", count=1))
        await other.ok("join", group="NGO / civil society")
        await expect(projector.locator("#presence-total")).to_have_text(words("fr", "projector.people_here", count=2))
        for page, lang in ((phone, "ru"), (projector, "fr")):
            await expect(page.locator("#phase-label")).to_have_text(words(lang, "common.phase_label", number=1, total=3, title="Idées"))
            await expect(page.locator("#phase-guide")).to_have_text(words(lang, "common.guide_write"))

        # Writing: private notes, counted on the projector; each side sees the other's.
        await phone.get_by_label(words("ru", "common.your_idea")).fill(MINE)
        await phone.get_by_role("button", name=words("ru", "common.add_note"), exact=True).click()
        await expect(projector.locator("#private-count")).to_have_text(words("fr", "projector.private_count", count=1))
        await other.ok("add_note", text=THEIRS)
        await expect(projector.locator("#private-count")).to_have_text(words("fr", "projector.private_count", count=2))
        await expect(phone.locator("#others")).to_have_text(words("ru", "phone.others_private", count=1))

        # Voting: leaving the writing phase reveals the notes; the dots stay blind.
        await facilitator.ok("next_phase")
        for page, lang in ((phone, "ru"), (projector, "fr")):
            await expect(page.locator("#phase-label")).to_have_text(words(lang, "common.phase_label", number=2, total=3, title="Vote"))
            await expect(page.locator("#phase-guide")).to_have_text(words(lang, "common.guide_vote"))
        await expect(projector.locator(".heat-note .heat-text", has_text=MINE)).to_be_visible()
        await expect(projector.locator(".heat-note .heat-text", has_text=THEIRS)).to_be_visible()
        await expect(phone.locator("#budget-text")).to_have_text(words("ru", "phone.dots_left", left=3, count=3))
        put_on = words("ru", "phone.dot_put_on", note=THEIRS)
        for _ in range(2):
            await phone.get_by_role("button", name=put_on).click()
        await expect(phone.locator("#budget-text")).to_have_text(words("ru", "phone.dots_left", left=1, count=3))
        await expect(projector.locator("#blind")).to_have_text(words("fr", "projector.blind", count=2))
        await other.ok("vote", note=(await note_id(projector, MINE)))
        await expect(projector.locator("#blind")).to_have_text(words("fr", "projector.blind", count=3))
        await expect(projector.locator("#ranking-empty")).to_have_text(words("fr", "projector.ranking_hidden"))

        # Results: the votes revealed, ranked on both screens in their languages.
        await facilitator.ok("next_phase")
        for page, lang in ((phone, "ru"), (projector, "fr")):
            await expect(page.locator("#phase-label")).to_have_text(words(lang, "common.phase_label", number=3, total=3, title="Résultats"))
            await expect(page.locator("#phase-guide")).to_have_text(words(lang, "common.guide_results"))
        first = projector.locator("#ranking > li").first
        await expect(first.locator(".rank-text")).to_have_text(THEIRS)
        await expect(first.locator(".rank-dots")).to_have_text(words("fr", "common.dots", count=2))
        await expect(first.locator(".rank-no")).to_have_text(words("fr", "projector.rank_number", rank=1))
        theirs_on_phone = phone.locator("#notes > li", has=phone.locator(".note-text", has_text=THEIRS))
        await expect(theirs_on_phone.locator(".note-tally")).to_have_text(words("ru", "phone.rank_dots", rank=1, count=2))
        mine_on_phone = phone.locator("#notes > li", has=phone.locator(".note-text", has_text=MINE))
        await expect(mine_on_phone.locator(".note-tally")).to_have_text(words("ru", "phone.rank_dots", rank=2, count=1))
        assert await projector.evaluate("document.documentElement.lang") == "fr"
        assert await phone.evaluate("document.documentElement.lang") == "ru"
        assert not w_projector.errors and not w_phone.errors, w_projector.errors + w_phone.errors
    finally:
        await facilitator.close()
        await other.close()


async def note_id(page: Page, text: str) -> str:
    note = await page.locator(".heat-note", has=page.locator(".heat-text", has_text=text)).get_attribute("data-note")
    assert note
    return note
