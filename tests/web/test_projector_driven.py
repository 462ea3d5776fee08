"""The projector has no controls: the console drives it. Spotlight a note or a cluster (shown large),
switch the QR code off and on, filter the dots by stakeholder group -- all from the console."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PROJECTOR, open_page

pytestmark = pytest.mark.browser

PHASES = [{"kind": "group", "title": "Group"}, {"kind": "vote", "title": "Vote"}]


async def test_the_console_spotlights_notes_and_clusters_and_switches_the_qr_code(
    browser: Browser, server: MetanetServer
) -> None:
    board = server.create_board(title="Driven", phases=PHASES, settings={"blind_votes": False})
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    try:
        register = (await facilitator.ok("add_note", text="A shared register of seized ivory"))["note"]
        dogs = (await facilitator.ok("add_note", text="Sniffer dogs at airports"))["note"]
        border = (await facilitator.ok("create_cluster", name="At the border"))["cluster"]
        await facilitator.ok("cluster_note", note=dogs, cluster=border)

        _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
        await projector.goto(f"{server.url}/b/{bid}/projector")
        await expect(projector.locator(".heat-note")).to_have_count(2)
        await expect(projector.locator("select, button, input")).to_have_count(0)
        await expect(projector.locator("#spotlight")).to_be_hidden()
        _, console, w_console = await open_page(browser, LAPTOP, "console")
        await console.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")

        # A note, from the selected-note panel.
        await console.locator(f'.canvas-note[data-note="{register}"]').click()
        await console.get_by_role("button", name="Show large on the projector").click()
        await expect(projector.locator("#spotlight")).to_be_visible()
        await expect(projector.locator("#spotlight-text")).to_have_text("A shared register of seized ivory")
        await expect(console.locator("#projector-panel")).to_contain_text("Spotlight: A shared register of seized ivory")
        # A cluster, from the clusters panel: its title and its notes.
        await console.get_by_role("button", name="Show cluster At the border large on the projector").click()
        await expect(projector.locator("#spotlight-text")).to_have_text("At the border")
        await expect(projector.locator("#spotlight-notes > li")).to_have_text(["Sniffer dogs at airports"])
        await console.get_by_role("button", name="Stop the spotlight").click()
        await expect(projector.locator("#spotlight")).to_be_hidden()

        # The QR code off and on again (the code stays).
        await console.get_by_label("Show the QR code").uncheck()
        await expect(projector.locator("img.qr")).to_be_hidden()
        await expect(projector.locator("#join-code")).to_be_visible()
        await console.get_by_label("Show the QR code").check()
        await expect(projector.locator("img.qr")).to_be_visible()

        # A hidden note cannot be spotlighted: the server says why, in a sentence.
        await facilitator.ok("hide_note", note=register)
        ack = await facilitator.command("show_on_projector", spotlight=register)
        assert not ack["ok"] and ack["code"] == "not_now", ack
        assert not w_projector.errors and not w_console.errors, w_projector.errors + w_console.errors
    finally:
        await facilitator.close()
