"""Stakeholder groups set at creation and edited in the console: a renamed group keeps its people,
removing a group that has people is refused with a sentence saying why."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PHONE, join_by_code, open_page

pytestmark = pytest.mark.browser


async def test_groups_are_chosen_at_creation_and_edited_in_the_console(browser: Browser, server: MetanetServer) -> None:
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(server.url + "/")
    create = console.locator("form.create")
    await create.get_by_label("Title").fill("Border controls")
    await create.get_by_label("Stakeholder groups").fill("Customs\nPolice\nNGOs")
    await create.get_by_role("button", name="Create the board").click()
    await console.wait_for_url(re.compile(r"/b/[^/]+/facilitate$"))
    # the code arrives with the welcome: until then the pill shows a placeholder (read too early, it joined nothing)
    await expect(console.locator("#code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    code = await console.locator("#code").inner_text()
    panel = console.locator("#groups-panel")
    await expect(panel.get_by_label("Stakeholder group 2")).to_have_value("Police")

    _, phone, w_phone = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, code, "Pat", "Police")
    await expect(phone.locator("#me")).to_have_text("You: Pat · Police")

    # Rename Police: Pat stays in it, under the new name.
    await panel.get_by_label("Stakeholder group 2").fill("Law enforcement")
    await panel.get_by_role("button", name="Save the groups").click()
    await expect(phone.locator("#me")).to_have_text("You: Pat · Law enforcement")
    await expect(console.locator("#presence-list")).to_contain_text("Law enforcement")

    # Remove the empty "NGOs": fine. Remove "Law enforcement", which has Pat: refused, in a sentence.
    await panel.get_by_role("button", name="Remove NGOs").click()
    await panel.get_by_role("button", name="Save the groups").click()
    await expect(panel.get_by_label("Stakeholder group 3")).to_have_count(0)
    await expect(panel.locator(".group-status")).to_have_text("Saved.")
    await panel.get_by_role("button", name="Remove Law enforcement").click()
    await panel.get_by_role("button", name="Save the groups").click()
    toast = console.locator("#toast")
    await expect(toast).to_have_text("1 person is in the group 'Law enforcement': rename it instead, or keep it.")
    assert await console.evaluate("() => globalThis.metanet.state.groups") == ["Customs", "Law enforcement"]
    assert not w_console.errors and not w_phone.errors, w_console.errors + w_phone.errors
