"""A Note & vote round seen on every screen, phase by phase: the screenshots in ``docs/screens/`` (see tests/web/screens.py)
(phone at 360x640, console at 1366x768, projector at 1920x1080) come from here. Each phase is also
checked for what a person at the back of the room needs: the projector's notes do not overlap and
the phone shows its own instruction."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Browser, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PROJECTOR, open_page
from tests.web.screens import SCREENS
from tests.web.test_projector_layout import check_notes, settle

pytestmark = pytest.mark.browser

SMALL_PHONE = {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
LAPTOP_1366 = {"viewport": {"width": 1366, "height": 768}}
GROUPS = ["Government / member state", "NGO / civil society", "Academia", "Private sector"]
IDEAS = [
    "Train border officers to spot forged CITES permits",
    "A shared register of seized ivory and rhino horn",
    "Follow the money: financial intelligence units on every case",
    "Sniffer dogs at the three busiest airports",
    "Community rangers paid from tourism revenue",
    "Online marketplaces must remove wildlife ads within 24 hours",
    "Prosecutors trained in wildlife crime",
    "Demand reduction campaigns in destination countries",
    "DNA testing of seized tusks to trace poaching hot spots",
    "Whistle-blower protection for customs staff",
    "Regional task force meeting every quarter",
    "Courier companies screen parcels with X-ray",
]


async def test_a_round_on_every_screen(browser: Browser, server: MetanetServer) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    board = server.create_board(title="Countering wildlife trafficking", template="note-and-vote",
                                question="What should customs, police and NGOs do first?")
    bid = board["board"]
    people = [await BoardClient.connect(server.ws_base, bid) for _ in range(12)]
    try:
        for i, person in enumerate(people):
            await person.ok("join", group=GROUPS[i % len(GROUPS)])
        _, phone, w_phone = await open_page(browser, SMALL_PHONE, "phone")
        await phone.goto(f"{server.url}/j/{board['code']}")
        await phone.get_by_text("Academia", exact=True).tap()
        await phone.get_by_role("button", name="Join", exact=True).tap()
        _, console, w_console = await open_page(browser, LAPTOP_1366, "console")
        await console.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")
        _, projector, w_projector = await open_page(browser, PROJECTOR, "projector")
        await projector.goto(f"{server.url}/b/{bid}/projector")

        async def shoot(phase: str) -> None:
            await projector.wait_for_timeout(1000)
            await phone.screenshot(path=SCREENS / f"{phase}-phone.png")
            await console.screenshot(path=SCREENS / f"{phase}-console.png")
            await projector.screenshot(path=SCREENS / f"{phase}-projector.png")

        # -- write: private notes ---------------------------------------------------------
        await phone.get_by_label("Your idea").fill("Customs and police share one case file")
        await phone.get_by_role("button", name="Add note").click()
        for i, idea in enumerate(IDEAS):
            await people[i].ok("add_note", text=idea)
        await expect(projector.locator(".heat-note")).to_have_count(len(IDEAS) + 1)
        await shoot("1-write")

        # -- group: revealed, two clusters ------------------------------------------------
        facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
        await facilitator.ok("next_phase")
        notes = {n["text"]: n["id"] for n in facilitator.view.notes.values()}
        border = (await facilitator.ok("create_cluster", name="At the border"))["cluster"]
        money = (await facilitator.ok("create_cluster", name="Follow the money"))["cluster"]
        for idea in (IDEAS[0], IDEAS[3], IDEAS[11], IDEAS[9]):
            await facilitator.ok("cluster_note", note=notes[idea], cluster=border)
        for idea in (IDEAS[2], IDEAS[5]):
            await facilitator.ok("cluster_note", note=notes[idea], cluster=money)
        await expect(projector.locator(".heat-frame")).to_have_count(2)
        check_notes(await settle(projector), len(IDEAS) + 1, 32)
        guide = await phone.locator("#phase-guide").inner_text()
        assert "Move similar notes" not in guide, guide
        await shoot("2-group")

        # -- vote: blind ------------------------------------------------------------------
        await facilitator.ok("next_phase")
        for i, person in enumerate(people):
            for k in range(3):
                await person.ok("vote", note=notes[IDEAS[(i * 2 + k * 3) % 7]])
                await asyncio.sleep(0.03)
        await expect(projector.locator("#blind")).to_be_visible()
        await shoot("3-vote")

        # -- results ----------------------------------------------------------------------
        await facilitator.ok("next_phase")
        await expect(projector.locator("#ranking > li")).to_have_count(7)
        await shoot("4-results")
        await facilitator.close()
        for w in (w_phone, w_console, w_projector):
            assert not w.errors, w.errors
    finally:
        await asyncio.gather(*(p.close() for p in people))
