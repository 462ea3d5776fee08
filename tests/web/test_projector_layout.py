"""The projector read from the back of the room, measured in real Chromium (getBoundingClientRect).

40 notes at 1920x1080 and 1280x720: no two note boxes overlap (more than 2 % of the smaller), the
text is big enough for the number of notes (>= 20 px up to 120 notes, >= 32 px up to 30) with a
contrast of at least 7:1, a long note ends with an ellipsis inside its box, and clustered notes sit
inside their cluster's frame. In the results phase the top 10 rows are inside the visible box.
The notes are put where they would collide: many at the same spot, as phones add them.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import open_page
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

PHASES = [
    {"kind": "group", "title": "Group"},
    {"kind": "vote", "title": "Vote"},
    {"kind": "results", "title": "Results"},
]
LONG = "A regional register of seized wildlife products shared by customs, police and prosecutors " * 3
GROUPS = ["Government / member state", "NGO / civil society", "Academia"]

GEOMETRY = """() => {
  const rect = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; };
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const notes = [...document.querySelectorAll('.heat-note')].map((el) => {
    const text = el.querySelector('.heat-text');
    const fg = lum(getComputedStyle(text).color), bg = lum(getComputedStyle(el).backgroundColor);
    return {
      id: el.dataset.note, cluster: el.dataset.cluster || null, box: rect(el), text: rect(text),
      font: parseFloat(getComputedStyle(text).fontSize),
      contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05),
      bgAlpha: getComputedStyle(el).backgroundColor.startsWith('rgba') ? 0 : 1,
      clipped: text.scrollHeight > text.clientHeight + 1,
      clamp: getComputedStyle(text).webkitLineClamp,
      full: text.textContent,
    };
  });
  const frames = [...document.querySelectorAll('.heat-frame')].map((el) => ({id: el.dataset.cluster, box: rect(el), title: el.textContent}));
  return {notes, frames, heat: rect(document.querySelector('#heatmap')), view: {w: innerWidth, h: innerHeight}};
}"""


async def paced(client: BoardClient, t: str, **fields: Any) -> dict[str, Any]:
    """A command at a pace under the server's rate limit (20 a second per connection)."""
    result = await client.ok(t, **fields)
    await asyncio.sleep(0.06)
    return result


def overlap(a: dict[str, float], b: dict[str, float]) -> float:
    w = min(a["r"], b["r"]) - max(a["l"], b["l"])
    h = min(a["b"], b["b"]) - max(a["t"], b["t"])
    return max(0.0, w) * max(0.0, h)


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    return (
        inner["l"] >= outer["l"] - slack
        and inner["t"] >= outer["t"] - slack
        and inner["r"] <= outer["r"] + slack
        and inner["b"] <= outer["b"] + slack
    )


async def settle(page: Page) -> dict[str, Any]:
    """The geometry once notes have glided to their places (transitions are under a second)."""
    await page.wait_for_timeout(1200)
    return dict(await page.evaluate(GEOMETRY))


def check_notes(geometry: dict[str, Any], count: int, min_font: float) -> None:
    notes = geometry["notes"]
    assert len(notes) == count
    for i, a in enumerate(notes):
        assert inside(a["box"], geometry["heat"]), ("outside the heatmap", a["full"][:30], a["box"], geometry["heat"])
        assert a["font"] >= min_font, (a["full"][:30], a["font"])
        assert a["bgAlpha"] == 1 and a["contrast"] >= 7, (a["full"][:30], a["contrast"])
        assert inside(a["text"], a["box"]), ("text outside its note", a["full"][:30])
        for b in notes[i + 1 :]:
            smaller = min(a["box"]["w"] * a["box"]["h"], b["box"]["w"] * b["box"]["h"])
            assert overlap(a["box"], b["box"]) <= 0.02 * smaller, ("overlap", a["full"][:30], b["full"][:30])


async def test_forty_notes_never_overlap_and_read_from_the_back_of_the_room(
    browser: Browser, server: MetanetServer
) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    board = server.create_board(
        title="Countering wildlife trafficking",
        phases=PHASES,
        question="What should customs, police and NGOs do first?",
        settings={"blind_votes": False, "dots_per_person": 10, "max_dots_per_note": 3},
    )
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    voters = [await BoardClient.connect(server.ws_base, bid) for _ in GROUPS]
    try:
        for voter, group in zip(voters, GROUPS, strict=True):
            await paced(voter, "join", group=group)
        ids = []
        for i in range(40):
            # A third of the notes all at one spot, the rest on a coarse grid: collisions everywhere.
            x, y = (0.5, 0.5) if i % 3 == 0 else ((i % 7) / 6, (i % 5) / 4)
            text = LONG if i == 4 else f"Idea {i}: train border officers to spot forged permits"
            ids.append((await paced(facilitator, "add_note", text=text, x=x, y=y))["note"])
        funding = (await paced(facilitator, "create_cluster", name="Funding and cooperation across borders"))["cluster"]
        data = (await paced(facilitator, "create_cluster", name="Shared data"))["cluster"]
        for note in ids[10:16]:
            await paced(facilitator, "cluster_note", note=note, cluster=funding)
        for note in ids[20:23]:
            await paced(facilitator, "cluster_note", note=note, cluster=data)
        await paced(facilitator, "next_phase")  # vote: live tallies, so the heat shows
        for v, voter in enumerate(voters):
            for n in range(10):
                await paced(voter, "vote", note=ids[(n * (v + 2)) % 14])

        shots: dict[str, Page] = {}
        for width, height in ((1920, 1080), (1280, 720)):
            _, page, watched = await open_page(
                browser, {"viewport": {"width": width, "height": height}}, f"projector {height}p"
            )
            await page.goto(f"{server.url}/b/{bid}/projector")
            await expect(page.locator(".heat-note")).to_have_count(40)
            await expect(page.locator(".heat-count").first).not_to_have_text("")
            geometry = await settle(page)
            check_notes(geometry, 40, 20)
            long_note = next(n for n in geometry["notes"] if n["full"] == LONG.strip() or n["full"] == LONG)
            assert long_note["clipped"] and long_note["clamp"] not in ("none", ""), long_note  # ends with "…"
            frames = {f["id"]: f for f in geometry["frames"]}
            assert set(frames) == {funding, data}
            assert "Funding and cooperation" in frames[funding]["title"]
            for note in geometry["notes"]:
                if note["cluster"]:
                    assert inside(note["box"], frames[note["cluster"]]["box"]), (note["full"][:20], note["cluster"])
                else:
                    for frame in frames.values():
                        assert overlap(note["box"], frame["box"]) == 0, (
                            "a loose note inside a frame",
                            note["full"][:20],
                        )
            await page.screenshot(path=SCREENS / f"projector-vote-{height}p.png")
            shots[f"{height}"] = page
            assert not watched.errors, watched.errors

        # Down to 30 notes: the text grows to at least 32 px.
        for note in ids[30:]:
            await paced(facilitator, "hide_note", note=note)
        page = shots["1080"]
        await expect(page.locator(".heat-note")).to_have_count(30)
        check_notes(await settle(page), 30, 32)

        # Results: the ranking takes the prime space, its top 10 wholly on screen; the QR code small.
        await facilitator.ok("next_phase")
        for height, page in shots.items():
            rows = page.locator("#ranking > li")
            await expect(rows).to_have_count(10)
            await page.wait_for_timeout(300)
            boxes = await page.evaluate(
                """() => {
                  const r = (el) => el.getBoundingClientRect().toJSON();
                  const list = document.querySelector('#ranking');
                  return {rows: [...list.children].map(r), list: r(list), box: r(document.querySelector('#rank-box')),
                          clipped: list.scrollHeight > list.clientHeight + 1, qr: r(document.querySelector('img.qr')),
                          agreement: r(document.querySelector('#agreement')), view: {w: innerWidth, h: innerHeight},
                          texts: [...list.querySelectorAll('.rank-text')].map((t) => parseFloat(getComputedStyle(t).fontSize))};
                }"""
            )
            view = boxes["view"]
            assert not boxes["clipped"], boxes
            for row in boxes["rows"]:
                assert row["top"] >= 0 and row["bottom"] <= min(view["h"], boxes["box"]["bottom"]), (
                    height,
                    row,
                    boxes["box"],
                )
                assert row["left"] >= 0 and row["right"] <= view["w"], (height, row)
            assert boxes["box"]["width"] >= 0.5 * view["w"], boxes["box"]  # the prime space
            assert min(boxes["texts"]) >= (28 if height == "1080" else 18), boxes["texts"]
            assert boxes["agreement"]["left"] >= boxes["box"]["right"] - 1, "agreement beside the ranking"
            assert boxes["qr"]["width"] <= 0.1 * view["w"] and boxes["qr"]["left"] > view["w"] / 2, boxes["qr"]
            assert boxes["qr"]["top"] > view["h"] / 2, boxes["qr"]
            await page.screenshot(path=SCREENS / f"projector-results-{height}p.png")
    finally:
        await asyncio.gather(facilitator.close(), *(v.close() for v in voters))
