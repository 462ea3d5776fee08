"""The plenary at 1920x1080 in real Chromium, 3 and 8 metanets that have all concluded (two
decisions each with a roadmap, three top notes with dots from three groups, reporters, long
texts): nothing clipped or overlapping, and legible from the back of a hall -- decisions
>= 32 px, top notes >= 28 px, every label >= 24 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, expect

from testkit.client import BoardClient
from testkit.event_client import EventClient, post
from testkit.metanet import MetanetServer
from tests.web.conftest import PROJECTOR, open_page

pytestmark = pytest.mark.browser

GROUPS = ["Government", "Civil society", "Academia", "Private sector"]
NOTES = [
    "Train customs officers at the ten busiest ports first, with the regional academy",
    "A shared database of seizures across the whole region, open to every agency",
    "Fund community rangers for five years instead of one",
]
ROADMAPS = [
    {
        "owner": "Regional customs academy",
        "next_step": "Draft the training plan with the port authorities",
        "due": "2027-03-31",
    },
    {"owner": "Interpol liaison office", "next_step": "Agree the data format", "due": "2027-06-30"},
]

# Every minimum, by what the text is: the most specific class found among its ancestors wins.
MINIMUM = {"decision-text": 32, "top-line": 28}
LABEL = 24

GEOMETRY = """(minimum) => {
  const inside = (a, b) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const problems = [];
  const boxes = [...document.querySelectorAll('.outcome-column'), document.querySelector('.across')];
  boxes.forEach((box, i) => {
    const rect = box.getBoundingClientRect();
    const name = box.querySelector('.col-title')?.textContent || 'across the event';
    if (!inside(rect, view)) problems.push(`${name}: outside the screen`);
    boxes.slice(i + 1).forEach((other) => {
      const b = other.getBoundingClientRect();
      if (rect.left < b.right && b.left < rect.right && rect.top < b.bottom && b.top < rect.bottom) problems.push(`${name} overlaps another box`);
    });
    if (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1) problems.push(`${name}: content taller or wider than its box`);
    for (const el of box.querySelectorAll('*')) {
      if (!shown(el) || el.closest('.sr-only')) continue;
      if (!inside(el.getBoundingClientRect(), rect)) problems.push(`${name}: ${el.className} sticks out`);
      if (getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name}: ${el.className} text wider than its box`);
    }
  });
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !shown(el) || el.closest('.sr-only')) continue;
    const kind = Object.keys(minimum).find((cls) => el.closest('.' + cls));
    const need = kind ? minimum[kind] : minimum.label;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < need) small.push(`${size}px < ${need}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  const column = (el) => ({
    decisions: [...el.querySelectorAll('.decision-text')].filter(shown).length,
    roadmaps: [...el.querySelectorAll('.decision-roadmap')].filter(shown).length,
    whole_roadmaps: [...el.querySelectorAll('.decision-roadmap')].filter((r) => shown(r) && r.scrollHeight <= r.clientHeight + 1).length,
    dots: [...el.querySelectorAll('.col-decisions .item-dots')].filter(shown).length,
    reporters: shown(el.querySelector('.col-reporters')),
  });
  return { problems, small, columns: [...document.querySelectorAll('.outcome-column')].map(column) };
}"""


async def concluded(server: MetanetServer, metanet: dict[str, Any], index: int) -> list[BoardClient]:
    """Three people of three groups vote on three notes; two become decisions with a roadmap each."""
    secret = metanet["facilitator_url"].split("#", 1)[1]
    fac = await BoardClient.connect(server.ws_base, metanet["board"], role="facilitator", secret=secret)
    people = [await BoardClient.connect(server.ws_base, metanet["board"]) for _ in range(3)]
    for i, person in enumerate(people):
        await person.ok("join", name=f"Person {i}", group=GROUPS[(index + i) % len(GROUPS)])
    notes = [(await fac.ok("add_note", text=text))["note"] for text in NOTES]
    await fac.ok("next_phase")
    await fac.ok("next_phase")
    for i, person in enumerate(people):
        for note in notes[: 1 + i]:
            await person.ok("vote", note=note)
    await fac.ok("next_phase")  # results: votes revealed
    for note, roadmap in zip(notes, ROADMAPS, strict=False):
        await fac.ok("mark_decision", target=note)
        await fac.ok("set_roadmap", target=note, **roadmap)
    return [fac, *people]


@pytest.mark.parametrize("count", [3, 8])
async def test_the_plenary_is_legible_from_the_back_of_a_hall(
    browser: Browser, server: MetanetServer, artifacts: Path, count: int
) -> None:
    status, event = post(
        server.url + "/api/events",
        {
            "title": "Countering wildlife crime — regional strategy sprint",
            "groups": GROUPS,
            "metanets": [
                {"title": f"Working group {i + 1}: ports, markets and money", "template": "note-and-vote"}
                for i in range(count)
            ],
        },
    )
    assert status == 201, event
    clients = [c for i, m in enumerate(event["metanets"]) for c in await concluded(server, m, i)]
    organiser = await EventClient.connect(server.ws_base, event["code"], "organiser", event["secret"])
    for metanet in event["metanets"]:
        ack = await organiser.command("set_reporters", board=metanet["board"], names=["Amina Yusuf", "Lee Chen"])
        assert ack["ok"], ack
    assert (await organiser.command("open_plenary", open=True))["ok"]

    _, plenary, watched = await open_page(browser, PROJECTOR, "plenary")
    await plenary.goto(event["plenary_url"])
    await expect(plenary.locator(".outcome-column")).to_have_count(count)
    await expect(plenary.locator(".col-reporters")).to_have_text(["Reported by Amina Yusuf, Lee Chen"] * count)
    await expect(plenary.locator(".col-decisions > li")).to_have_count(2 * count)
    await plenary.wait_for_timeout(300)  # a frame after the last summary
    await plenary.screenshot(path=str(artifacts / f"plenary-{count}.png"))
    found = await plenary.evaluate(GEOMETRY, {**MINIMUM, "label": LABEL})
    assert not found["problems"], found["problems"]
    assert not found["small"], found["small"]
    for column in found["columns"]:
        assert column["decisions"] == 2 and column["reporters"] and column["roadmaps"] >= 1, column
        if count <= 4:  # room for each decision's whole roadmap and its dots by group
            assert column == {"decisions": 2, "roadmaps": 2, "whole_roadmaps": 2, "dots": 2, "reporters": True}, column
    # A 720p projector: the same layout zoomed (like the Lounge), still nothing clipped or overlapping.
    await plenary.set_viewport_size({"width": 1280, "height": 720})
    await expect(plenary.locator("body")).to_have_attribute("style", re.compile(r"zoom: 0\.66"))
    await plenary.wait_for_timeout(300)
    assert not (await plenary.evaluate(GEOMETRY, {**MINIMUM, "label": LABEL}))["problems"]
    await plenary.set_viewport_size(PROJECTOR["viewport"])
    # The roadmap reads as on the board's own screens.
    await expect(plenary.locator(".decision-roadmap").first).to_have_text(
        "Owner: Regional customs academy · Next: Draft the training plan with the port authorities · Due 2027-03-31"
    )
    await organiser.close()
    for client in clients:
        await client.close()
    assert not watched.errors, watched.errors
