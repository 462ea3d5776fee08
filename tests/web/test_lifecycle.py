"""A board's life in the browser: templates from the server, a new session from an old board,
a JSON export imported, archiving, and deleting (phones and the projector are told, and stop)."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, WebSocket, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    add_note,
    assert_controls_labelled,
    join_by_code,
    open_page,
    screenshot,
)

pytestmark = pytest.mark.browser


def get_json(server: MetanetServer, path: str, headers: dict[str, str] | None = None) -> Any:
    req = urllib.request.Request(server.url + path, headers=headers or {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


async def test_templates_a_new_session_and_an_import_from_the_start_page(
    browser: Browser, server: MetanetServer, tmp_path: Path, artifacts: Path
) -> None:
    board = server.create_board(title="Day 1", template="strategy-sprint")
    bid = board["board"]
    fac = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    person = await BoardClient.connect(server.ws_base, bid)
    try:
        await person.ok("join", group="Academia")
        water = (await person.ok("add_note", text="Water first"))["note"]
        await person.ok("add_note", text="Then schools")
        await fac.ok("mark_decision", target=water)
        await fac.ok("set_roadmap", target=water, owner="UNICEF", due="2027-06-30")
        key = fac.welcome_msg["you"]["export_key"]  # type: ignore[index]
        export = get_json(server, f"/b/{bid}/export.json", {"X-Metanet-Key": key})
    finally:
        await fac.close()
        await person.close()

    _, page, watched = await open_page(browser, LAPTOP, "facilitator")
    await page.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")
    await expect(page.locator("#code")).to_have_text(board["code"])
    await page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('metanet:my-boards'))[0].exportKey?.length === 64"
    )

    # The template list comes from the server (design-sprint-day is gone).
    await page.goto(server.url + "/")
    names = [t["name"] for t in get_json(server, "/api/templates")]
    assert set(names) == {"note-and-vote", "strategy-sprint", "priorities-workshop"}
    select = page.get_by_label("Agenda")
    await expect(select.locator("option")).to_have_count(len(names))
    assert await select.locator("option").evaluate_all("os => os.map(o => o.value)") == names
    await select.select_option("strategy-sprint")
    await expect(page.locator("#template-about")).to_contain_text(
        "Agenda: Orientation and the big question → Map the problem"
    )

    # A new session from "Day 1": same agenda, no notes.
    mine = page.locator("#my-boards > li", has_text="Day 1")
    await mine.get_by_role("button", name="New session from Day 1").click()
    await mine.get_by_label("Title of the new session").fill("Day 2")
    await assert_controls_labelled(page)
    await screenshot(page, artifacts / "home.png")
    await mine.get_by_role("button", name="Create").click()
    await page.wait_for_url(re.compile(r"/b/[^/]+/facilitate$"))
    await expect(page.locator("#title")).to_have_text("Day 2")
    await expect(page.locator("#agenda .phases > li")).to_have_count(10)
    await expect(page.locator("#phase-label")).to_have_text("Phase 1 of 10: Orientation and the big question")
    assert await page.locator(".canvas-note").count() == 0

    # Import the JSON export of "Day 1": a new board with its notes and decisions.
    path = tmp_path / "day-1.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    await page.goto(server.url + "/")
    await expect(page.locator("#my-boards > li")).to_have_count(2)
    await page.get_by_label("JSON export").set_input_files(path)
    await page.get_by_role("button", name="Import").click()
    await page.wait_for_url(re.compile(r"/b/[^/]+/facilitate$"))
    assert bid not in page.url
    await expect(page.locator("#title")).to_have_text("Day 1")
    await expect(page.locator(".canvas-note")).to_have_count(2)
    await expect(page.locator("#decisions .decision-item")).to_have_count(1)
    await expect(page.locator("#decisions").get_by_label("Owner")).to_have_value("UNICEF")
    await expect(page.locator("#decisions").get_by_label("Due")).to_have_value("2027-06-30")
    await page.goto(server.url + "/")
    await expect(page.locator("#my-boards > li")).to_have_count(3)
    assert not watched.errors, watched.errors


async def test_archiving_freezes_the_phones_and_deleting_closes_them_for_good(
    browser: Browser, server: MetanetServer, artifacts: Path
) -> None:
    board = server.create_board(title="Short-lived", template="note-and-vote")
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
    _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
    await projector.goto(f"{server.url}/b/{board['board']}/projector")
    _, phone, w_phone = await open_page(browser, PHONE, "phone")
    sockets: list[WebSocket] = []
    phone.on("websocket", lambda ws: sockets.append(ws))
    await join_by_code(phone, server.url, board["code"], "Ada", "Academia")
    await add_note(phone, "Before the archive")
    await expect(console.locator(".canvas-note")).to_have_count(1)

    # Archived: read-only everywhere, until reopened.
    await console.get_by_role("button", name="Archive the board").click()
    await expect(phone.locator("#archived")).to_be_visible()
    await expect(phone.get_by_label("Your idea")).to_be_hidden()
    await expect(phone.locator("#done-bar")).to_be_hidden()
    await expect(console.locator("#archived-banner")).to_be_visible()
    await expect(projector.locator("#archived")).to_be_visible()
    await screenshot(phone, artifacts / "phone-archived.png")
    await console.get_by_role("button", name="Reopen the board").click()
    await expect(phone.locator("#archived")).to_be_hidden()
    await expect(phone.get_by_label("Your idea")).to_be_visible()

    # Deleting needs the join code typed in.
    await console.get_by_text("Delete the board…").click()
    code_box = console.get_by_label(f"Type the join code {board['code']} to confirm")
    delete = console.get_by_role("button", name="Delete for good")
    await code_box.fill("WRONG1")
    await expect(delete).to_be_disabled()
    await code_box.fill(board["code"].lower())
    await delete.click()

    await expect(phone.locator("#gone")).to_be_visible()
    await expect(phone.locator("#gone")).to_contain_text("This board was deleted")
    await expect(phone.locator("#work")).to_be_hidden()
    await expect(phone.locator("#status")).to_have_attribute("data-status", "failed")
    await expect(phone.locator("#status")).to_have_text("This board was deleted.")
    await expect(projector.locator("#gone")).to_be_visible()
    await expect(console.locator("#gone")).to_be_visible()
    opened = len(sockets)
    await phone.wait_for_timeout(2500)  # a reconnect would come within a second
    assert len(sockets) == opened, "the phone tried to reconnect to a deleted board"
    assert await phone.evaluate("globalThis.metanet.outbox.pending.length") == 0
    await screenshot(phone, artifacts / "phone-deleted.png")

    # The start page forgets it.
    await console.goto(server.url + "/")
    await expect(console.locator("#mine")).to_be_hidden()
    for w in (w_console, w_projector, w_phone):
        assert not w.errors, w.errors
