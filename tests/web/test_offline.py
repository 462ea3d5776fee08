"""A phone that loses the network keeps working: its actions wait in a queue and land once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PHONE, add_note, eventually, join_by_code, note_card, open_page, screenshot

pytestmark = pytest.mark.browser

PHASES = [{"kind": "discuss", "title": "Ideas"}, {"kind": "vote", "title": "Vote"}]


async def test_offline_note_and_votes_are_applied_exactly_once_when_back_online(
    browser: Browser, server: MetanetServer, artifacts: Path
) -> None:
    board = server.create_board(title="Flaky Wi-Fi", phases=PHASES, settings={"blind_votes": False})
    facilitator = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        await facilitator.ok("add_note", text="Seed idea")
        context, phone, watched = await open_page(browser, PHONE, "phone")
        await join_by_code(phone, server.url, board["code"], "Roaming", "Academia")
        await expect(note_card(phone, "Seed idea")).to_be_visible()

        # Offline: the note waits in the queue, shown as sending.
        await context.set_offline(True)
        status = phone.locator("#status")
        await expect(status).to_have_attribute("data-status", "offline")
        await add_note(phone, "Written in the lift")
        pending = note_card(phone, "Written in the lift")
        await expect(pending).to_have_class(has_class("pending"))
        await expect(status).to_contain_text("1 waiting to send")
        await phone.wait_for_timeout(300)
        assert "Written in the lift" not in texts(facilitator)

        # Back online: sent once, shown once.
        await context.set_offline(False)
        await expect(status).to_have_text("Back online")
        await expect(pending).not_to_have_class(has_class("pending"))
        await expect(note_card(phone, "Written in the lift")).to_have_count(1)
        await expect(status).to_be_hidden()
        await eventually(lambda: texts(facilitator).count("Written in the lift") == 1)
        await phone.wait_for_timeout(300)  # and no second copy follows
        assert texts(facilitator).count("Written in the lift") == 1

        # Voting, offline again: two dots, then the phone's tab is closed before it reconnects.
        await facilitator.ok("next_phase")
        await expect(phone.locator("#budget-text")).to_have_text("5 of 5 dots left")
        await context.set_offline(True)
        await expect(status).to_have_attribute("data-status", "offline")
        plus = phone.get_by_role("button", name="Put a dot on: Seed idea")
        await plus.click()
        await plus.click()
        await expect(phone.locator("#budget-text")).to_have_text("3 of 5 dots left")
        await expect(status).to_contain_text("2 waiting to send")
        await screenshot(phone, artifacts / "phone-offline.png")
        await phone.close()

        # Back online, the page opened again: the queue kept in the browser goes out, once.
        await context.set_offline(False)
        phone = await context.new_page()
        watched_again = type(watched)(phone, "phone-reopened")
        await phone.goto(f"{server.url}/b/{board['board']}")
        seed = note_card(phone, "Seed idea")
        await expect(seed.locator(".my-dots")).to_have_text("2 dots from you")
        await expect(seed.locator(".note-tally")).to_have_text("2 dots")
        await expect(phone.locator("#budget-text")).to_have_text("3 of 5 dots left")
        seed_id = next(i for i, n in facilitator.view.notes.items() if n["text"] == "Seed idea")
        await eventually(lambda: dots(facilitator, seed_id) == 2)
        await phone.wait_for_timeout(500)  # and nothing more arrives later
        assert dots(facilitator, seed_id) == 2
        assert await phone.evaluate("localStorage.length") >= 1
        assert await phone.evaluate("globalThis.metanet.outbox.pending.length") == 0
        for w in (watched, watched_again):
            assert not w.errors, w.errors
    finally:
        await facilitator.close()


def texts(client: BoardClient) -> list[str]:
    return [n["text"] for n in client.view.notes.values()]


def dots(client: BoardClient, note: str) -> int:
    return int(((client.view.tallies or {}).get(note) or {}).get("total", 0))


def has_class(cls: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){cls}(\s|$)")
