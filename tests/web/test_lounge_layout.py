"""The Lounge at 1920x1080 in real Chromium: 2, 4, 7 and 12 metanets, full of what a busy event
shows (people by group, running timers, top notes after the vote, long titles and questions),
fit without overlap or clipping, and every piece of text is at least 28 px."""

from __future__ import annotations

import io
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import segno
from playwright.async_api import Browser, expect

from testkit.client import BoardClient
from testkit.event_client import EventClient
from testkit.metanet import MetanetServer
from testkit.process import free_port
from tests.web.conftest import PROJECTOR, open_page

pytestmark = pytest.mark.browser

LAN = "192.0.2.44"  # TEST-NET-1: an address no test machine has
GROUPS = ["Government", "Civil society", "Academia", "Private sector", "Donors"]
NOTES = [
    "Train customs officers at the ten busiest ports first, with the regional academy",
    "A shared database of seizures across the whole region, open to every agency",
    "Fund community rangers for five years instead of one",
]

GEOMETRY = """() => {
  const inside = (a, b) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const tiles = [...document.querySelectorAll('.tile')].map((el) => ({ el, rect: el.getBoundingClientRect() }));
  const problems = [];
  tiles.forEach((t, i) => {
    const name = t.el.querySelector('.tile-title').textContent;
    if (!inside(t.rect, view)) problems.push(`${name}: tile outside the screen`);
    tiles.slice(i + 1).forEach((u) => {
      const a = t.rect, b = u.rect;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) problems.push(`${name} overlaps another tile`);
    });
    if (t.el.scrollHeight > t.el.clientHeight + 1 || t.el.scrollWidth > t.el.clientWidth + 1) problems.push(`${name}: content taller or wider than the tile`);
    for (const el of t.el.querySelectorAll('*')) {
      if (shown(el) && !inside(el.getBoundingClientRect(), t.rect)) problems.push(`${name}: ${el.className} sticks out`);
      // Text wider than its own box (a word that does not fit, a line that may not wrap) is cut: not allowed.
      if (shown(el) && getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name}: ${el.className} text wider than its box`);
    }
    for (const part of ['.tile-title', '.tile-phase', '.tile-total', '.tile-qr']) {
      const el = t.el.querySelector(part);
      if (!el || !shown(el)) problems.push(`${name}: ${part} not shown`);
    }
  });
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !shown(el) || el.closest('.sr-only')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 28) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  const side = document.querySelector('.event-side');
  if (side.scrollHeight > side.clientHeight + 1) problems.push('the event side is taller than the screen');
  for (const el of side.querySelectorAll('*')) {
    if (shown(el) && getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1) problems.push(`side: ${el.id || el.className} text wider than its box`);
  }
  const qr = document.querySelector('#qr-slot img').getBoundingClientRect();
  return { tiles: tiles.length, problems, small, qr: Math.min(qr.width, qr.height), qrInside: inside(qr, view) };
}"""


def create_event(server: MetanetServer, count: int) -> dict[str, Any]:
    metanets = [
        {
            "title": f"Working group {i + 1}: wildlife trafficking through ports and online markets",
            "question": "What should governments and civil society do first, and who should lead it?",
            "template": "note-and-vote",
        }
        for i in range(count)
    ]
    body = {
        "title": "Countering wildlife crime — regional strategy sprint",
        "groups": GROUPS,
        "metanets": metanets,
        "description": "Twelve working groups side by side, a plenary at 16:00 in Hall B.",
    }
    req = urllib.request.Request(
        server.url + "/api/events",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return dict(json.load(resp))


async def busy(server: MetanetServer, metanet: dict[str, Any], index: int, empty: bool) -> list[BoardClient]:
    """People of three groups here (unless `empty`), a running timer, and in every other metanet a revealed vote."""
    secret = metanet["facilitator_url"].split("#", 1)[1]
    fac = await BoardClient.connect(server.ws_base, metanet["board"], role="facilitator", secret=secret)
    people = [] if empty else [await BoardClient.connect(server.ws_base, metanet["board"]) for _ in range(3)]
    for i, person in enumerate(people):
        await person.ok("join", name=f"Person {i}", group=GROUPS[(index + i) % 4])
    if index % 2 == 0:
        notes = [(await fac.ok("add_note", text=text))["note"] for text in NOTES]
        await fac.ok("next_phase")
        await fac.ok("next_phase")
        for person in people:
            for note in notes[: 1 + people.index(person)]:
                await person.ok("vote", note=note)
        await fac.ok("next_phase")  # results: votes revealed
    await fac.ok("start_timer", duration=600)
    return [fac, *people]


@pytest.mark.parametrize("count", [2, 4, 7, 12])
async def test_the_lounge_fits_every_metanet_legibly_at_1080p(
    browser: Browser, server: MetanetServer, artifacts: Path, count: int
) -> None:
    event = create_event(server, count)
    empty = count - 1 if (count - 1) % 2 else count - 2  # one metanet without a vote has nobody in it yet
    clients = [c for i, m in enumerate(event["metanets"]) for c in await busy(server, m, i, i == empty)]
    _, lounge, watched = await open_page(browser, PROJECTOR, "lounge")
    await lounge.goto(event["lounge_url"])
    await expect(lounge.locator(".tile")).to_have_count(count)
    await expect(lounge.locator(".tile-total").first).to_have_text("3 people")
    await expect(lounge.locator(".tile-total").nth(empty)).to_have_text("Nobody here yet: be the first")
    await expect(lounge.locator(".tile.revealed")).to_have_count((count + 1) // 2)
    await expect(lounge.locator(".tile-timer[data-status=running]")).to_have_count(count)
    await lounge.wait_for_timeout(300)  # a frame after the last summary
    await lounge.screenshot(path=str(artifacts / f"lounge-{count}.png"))
    found = await lounge.evaluate(GEOMETRY)
    assert found["tiles"] == count
    assert not found["problems"], found["problems"]
    assert not found["small"], found["small"]
    assert found["qr"] >= 280 and found["qrInside"], found
    # Every revealed tile shows at least its best note.
    for revealed in await lounge.locator(".tile.revealed").all():
        await expect(revealed.locator(".tile-top li").first).to_be_visible()
    for client in clients:
        await client.close()
    assert not watched.errors, watched.errors


async def test_a_720p_projector_shows_the_same_lounge_scaled(browser: Browser, server: MetanetServer) -> None:
    """1280x720: the 1080p layout zoomed to fit (not reflowed into a cramped grid), still without overlap or clipping."""
    event = create_event(server, 12)
    clients = [c for i, m in enumerate(event["metanets"]) for c in await busy(server, m, i, i == 11)]
    _, lounge, watched = await open_page(browser, {"viewport": {"width": 1280, "height": 720}}, "lounge 720p")
    await lounge.goto(event["lounge_url"])
    await expect(lounge.locator(".tile.revealed")).to_have_count(6)
    await lounge.wait_for_timeout(300)
    found = await lounge.evaluate(GEOMETRY)
    assert found["tiles"] == 12
    assert not found["problems"], found["problems"]
    columns = await lounge.evaluate(
        "() => new Set([...document.querySelectorAll('.tile')].map((t) => t.offsetLeft)).size"
    )
    assert columns == 4, columns  # the same 4 x 3 grid as at 1080p
    assert abs(float(await lounge.evaluate("() => document.body.style.zoom")) - 2 / 3) < 0.001
    for client in clients:
        await client.close()
    assert not watched.errors, watched.errors


async def test_a_lounge_on_localhost_shows_phones_the_lan_address(browser: Browser, tmp_path: Path) -> None:
    """Opened on 127.0.0.1 (the organiser's laptop), the Lounge gives phones the LAN address the server
    knows, as a board's projector does: the join address (on one line), the event's and tiles' QR codes,
    and the event socket's welcome (the organiser console's links)."""
    port = free_port()
    lan = f"http://{LAN}:{port}"
    with MetanetServer(tmp_path / "data", port=port, env={"METANET_LAN_URL": lan}) as server:
        event = create_event(server, 3)
        code = event["code"]
        _, lounge, watched = await open_page(browser, PROJECTOR, "lounge on localhost")
        await lounge.goto(f"{server.url}/e/{code}/lounge")
        await expect(lounge.locator("#join-url")).to_have_text(f"{LAN}:{port}/e/{code}")
        await expect(lounge.locator("#join-warning")).to_be_hidden()
        # The address and its path each on one line (broken, if at all, only before "/e/CODE"), at >= 28 px.
        parts = await lounge.locator("#join-url > span").evaluate_all(
            "els => els.map((e) => [e.getClientRects().length, parseFloat(getComputedStyle(e).fontSize)])"
        )
        assert [n for n, _ in parts] == [1, 1] and min(size for _, size in parts) >= 28, parts
        src = await lounge.locator("#qr-slot img").get_attribute("src")
        assert qr_svg(server.url + str(src)) == qr_for(f"{lan}/e/{code}")
        tile_src = await lounge.locator(".tile-qr").first.get_attribute("src")
        assert qr_svg(server.url + str(tile_src)) == qr_for(f"{lan}/j/{event['metanets'][0]['code']}")
        organiser = await EventClient.connect(f"ws://127.0.0.1:{port}", code, "organiser", event["secret"])
        assert organiser.welcome is not None
        assert organiser.welcome["gathering"]["join_url"] == f"{lan}/e/{code}"
        first = organiser.welcome["links"][0]
        assert first["participant_url"].startswith(f"{lan}/b/") and first["join_url"].startswith(f"{lan}/j/")
        assert first["facilitator_url"].startswith(
            f"{server.url}/b/"
        )  # the organiser's own screens stay where they are
        await organiser.close()
        assert not watched.errors, watched.errors


def qr_svg(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return bytes(resp.read())


def qr_for(url: str) -> bytes:
    """The QR code the server draws for `url` (as tests/web/test_join_address.py)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False)
    return out.getvalue()
