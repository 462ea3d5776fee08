"""The projector tells the room how to join (code, address, QR) and who is here by stakeholder group;
a phone deletes its own note (asked twice), and no one else's."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import PHONE, PROJECTOR, add_note, join_by_code, note_card, open_page

pytestmark = pytest.mark.browser

PHASES = [{"kind": "discuss", "title": "Ideas"}]
PEOPLE = [("Ana", "Academia"), ("Ben", "Academia"), ("Noor", "NGO / civil society")]


async def test_the_join_box_who_is_here_and_deleting_my_own_note(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Join box", phases=PHASES)
    code = board["code"]
    _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
    await projector.goto(f"{server.url}/b/{board['board']}/projector")

    # How to join: the short code, the address to type, and the QR code of that address.
    host = server.url.removeprefix("http://")
    join_box = projector.get_by_role("region", name="How to join")
    await expect(join_box.locator("#join-code")).to_have_text(code)
    await expect(join_box.locator("#join-url")).to_have_text(f"{host}/j/{code}")
    await expect(join_box.locator("img.qr")).to_have_attribute("alt", f"QR code for {host}/j/{code}")
    await expect(projector.locator("#presence-total")).to_have_text("0 people here")

    # The address on the screen leads a phone to the board.
    contexts: list[BrowserContext] = []
    phones: list[Page] = []
    watched = [w_projector]
    for i in range(len(PEOPLE)):
        context, phone, w = await open_page(browser, PHONE, f"phone{i}")
        contexts.append(context)
        phones.append(phone)
        watched.append(w)
    await phones[0].goto(f"http://{host}/j/{code}")
    await phones[0].wait_for_url(re.compile(rf"/b/{re.escape(board['board'])}$"))
    for phone, (name, group) in zip(phones, PEOPLE, strict=True):
        await join_by_code(phone, server.url, code, name, group)

    # Who is here, counted by stakeholder group (groups with nobody here are left out).
    await expect(projector.locator("#presence-total")).to_have_text("3 people here")
    rows = projector.locator("#presence-list > li")
    await expect(rows).to_have_count(2)
    await expect(rows.filter(has_text="Academia").locator(".count")).to_have_text("2")
    await expect(rows.filter(has_text="NGO / civil society").locator(".count")).to_have_text("1")
    await contexts[2].close()  # Noor leaves
    await expect(projector.locator("#presence-total")).to_have_text("2 people here")
    await expect(rows).to_have_count(1)
    await expect(rows.filter(has_text="Academia").locator(".count")).to_have_text("2")

    # A phone deletes its own note: asked twice, then gone everywhere.
    ana, ben = phones[0], phones[1]
    await add_note(ana, "Keep this one")
    await add_note(ana, "Typo in this one")
    await add_note(ben, "Ben's idea")
    await expect(projector.locator(".heat-note")).to_have_count(3)
    await expect(ben.locator("#notes > li")).to_have_count(3)
    mine = note_card(ana, "Typo in this one")
    await mine.get_by_role("button", name="Delete", exact=True).click()
    await expect(mine.get_by_role("button", name="Really delete?")).to_be_visible()
    await expect(ana.locator("#notes > li")).to_have_count(3)  # not yet
    await mine.get_by_role("button", name="Really delete?").click()
    await expect(ana.locator("#notes > li")).to_have_count(2)
    await expect(note_card(ana, "Typo in this one")).to_have_count(0)
    await expect(ben.locator("#notes > li")).to_have_count(2)
    await expect(projector.locator(".heat-note", has_text="Typo in this one")).to_have_count(0)
    await expect(projector.locator(".heat-note")).to_have_count(2)

    # Only on one's own notes: no Delete (nor Edit) on someone else's.
    for phone, other in ((ana, "Ben's idea"), (ben, "Keep this one")):
        await expect(note_card(phone, other).get_by_role("button", name="Delete", exact=True)).to_have_count(0)
        await expect(note_card(phone, other).get_by_role("button", name="Edit", exact=True)).to_have_count(0)
    await expect(note_card(ana, "Keep this one").get_by_role("button", name="Delete", exact=True)).to_be_visible()

    for w in watched:
        assert not w.errors, w.errors
