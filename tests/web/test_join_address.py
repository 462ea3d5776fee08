"""No unreachable addresses: a console and projector opened on 127.0.0.1 show phones the server's
LAN address (QR code, join address, join link), and say so plainly when the server knows none."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pytest
import segno
from playwright.async_api import Browser, expect

from testkit.metanet import MetanetServer
from testkit.process import free_port
from tests.web.conftest import LAPTOP, PROJECTOR, open_page

pytestmark = pytest.mark.browser

LAN = "192.0.2.44"  # TEST-NET-1: an address no test machine has


def qr_for(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False)
    return out.getvalue()


async def test_screens_on_localhost_show_phones_the_lan_address(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    lan = f"http://{LAN}:{port}"
    with MetanetServer(tmp_path / "data", port=port, env={"METANET_LAN_URL": lan}) as server:
        assert server.url.startswith("http://127.0.0.1:")
        board = server.create_board(title="Localhost")
        assert board["join_url"] == f"{lan}/j/{board['code']}"
        assert board["facilitator_url"].startswith(server.url)  # the facilitator stays where they are
        _, projector, watched = await open_page(browser, PROJECTOR, "projector")
        await projector.goto(f"{server.url}/b/{board['board']}/projector")
        await expect(projector.locator("#join-url")).to_have_text(f"{LAN}:{port}/j/{board['code']}")
        await expect(projector.locator("img.qr")).to_have_attribute("alt", f"QR code for {LAN}:{port}/j/{board['code']}")
        await expect(projector.locator("#join-warning")).to_be_hidden()
        src = await projector.locator("img.qr").get_attribute("src")
        with urllib.request.urlopen(server.url + str(src), timeout=5) as resp:  # what the screen shows
            assert resp.read() == qr_for(f"{lan}/j/{board['code']}")

        _, console, w_console = await open_page(browser, LAPTOP, "console")
        await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
        await expect(console.locator("#link-join")).to_have_value(f"{lan}/j/{board['code']}")
        await expect(console.locator("#link-projector")).to_have_value(f"{server.url}/b/{board['board']}/projector")
        await expect(console.locator("#address-warning")).to_be_hidden()
        assert not watched.errors and not w_console.errors


async def test_without_a_reachable_address_both_screens_say_so(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Nowhere to join")  # the test server listens on 127.0.0.1 only
    _, projector, watched = await open_page(browser, PROJECTOR, "projector")
    await projector.goto(f"{server.url}/b/{board['board']}/projector")
    await expect(projector.locator("#join-warning")).to_be_visible()
    await expect(projector.locator("#join-warning")).to_contain_text("Phones cannot reach this address")
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{board['board']}/facilitate#{board['secret']}")
    await expect(console.locator("#address-warning")).to_be_visible()
    await expect(console.locator("#address-warning")).to_contain_text("Phones cannot reach this address")
    assert not watched.errors and not w_console.errors
