"""Notes in any script on an English projector, measured glyph by glyph (Range.getClientRects).

- An Arabic note with one English word and a full stop is laid out right to left wherever the
  projector shows it (heatmap card, ranking row): right-aligned, its first letter at the right end,
  its full stop at the LEFT end, the English word inside it still reading left to right.
- A note (or a group's name) holding U+202E RIGHT-TO-LEFT OVERRIDE reorders nothing around it: the
  next card, its ranking row's number and dots, and a sentence quoting it keep their order. Checked
  with the note as the server stores it, and with the raw character put straight into the page's
  state (as an older server or an imported board could deliver it), so the page's own isolation is
  what is tested, not only the server's cleaning.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PROJECTOR, open_page

pytestmark = pytest.mark.browser

PHASES = [{"kind": "vote", "title": "Vote"}, {"kind": "results", "title": "Results"}]
ARABIC = "نحتاج إلى تمويل NGO مستدام."
ENGLISH = "Train border officers."
OVERRIDE = "Evil \u202e override"
AFTER = "Sniffer dogs at airports"

# Each character of an element's text with its box on screen (characters without a box left out).
GLYPHS = """(el) => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = [...range.getClientRects()].find((r) => r.width > 0);
      if (box) out.push({ch: node.data[i], l: box.left, r: box.right, t: box.top, b: box.bottom});
    }
  }
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {glyphs: out, direction: style.direction, textAlign: style.textAlign,
          box: {l: box.left + parseFloat(style.paddingLeft), r: box.right - parseFloat(style.paddingRight)}};
}"""


async def glyphs(page: Page, selector: str) -> dict[str, Any]:
    found: dict[str, Any] = await page.locator(selector).first.evaluate(GLYPHS)
    assert found["glyphs"], f"no text in {selector}"
    return found


def same_line(glyph: dict[str, float], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    middle = (glyph["t"] + glyph["b"]) / 2
    return [g for g in others if g["t"] <= middle <= g["b"]]


def assert_arabic_layout(found: dict[str, Any], where: str) -> None:
    """Right to left: the first letter at the right end of the first line, the full stop leftmost on its line."""
    g = found["glyphs"]
    assert found["direction"] == "rtl", (where, found["direction"])
    first, last = g[0], g[-1]
    assert first["ch"] == "ن" and last["ch"] == "."
    assert first["r"] == pytest.approx(max(x["r"] for x in same_line(first, g)), abs=0.5), (where, "first letter not at the right end")
    assert first["r"] >= found["box"]["r"] - 3, (where, "not right-aligned", first, found["box"])
    line = same_line(last, g)
    assert last["l"] == pytest.approx(min(x["l"] for x in line), abs=0.5), (where, "the full stop is not at the left end", last)
    assert last["l"] < g[-2]["l"], (where, "the full stop is right of the last word")
    ngo = [x for x in g if x["ch"] in "NGO"]
    assert [x["ch"] for x in sorted(ngo, key=lambda x: x["l"])] == ["N", "G", "O"], (where, "the English word reversed")


def assert_in_order(found: dict[str, Any], text: str, where: str) -> None:
    """Left-to-right text whose characters sit left to right, line by line, as typed."""
    g = [x for x in found["glyphs"] if not x["ch"].isspace()]
    assert "".join(x["ch"] for x in g) == text.replace(" ", ""), (where, "".join(x["ch"] for x in g))
    for a, b in zip(g, g[1:], strict=False):
        if same_line(a, [b]):
            assert a["r"] <= b["l"] + 0.5, (where, f"{a['ch']!r} is not left of {b['ch']!r}")


async def paced(client: BoardClient, t: str, **fields: Any) -> dict[str, Any]:
    result = await client.ok(t, **fields)
    await asyncio.sleep(0.06)
    return result


async def test_an_arabic_note_reads_right_to_left_and_an_override_reorders_nothing(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Bidi", phases=PHASES, settings={"blind_votes": False, "dots_per_person": 5})
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    voter = await BoardClient.connect(server.ws_base, bid)
    try:
        await paced(voter, "join", group="Academia")
        ids = {}
        for i, text in enumerate([ARABIC, ENGLISH, OVERRIDE, AFTER]):
            ids[text] = (await paced(facilitator, "add_note", text=text, x=0.1 + 0.25 * i, y=0.2))["note"]
        for text, dots in ((ARABIC, 3), (ENGLISH, 1), (OVERRIDE, 1)):
            for _ in range(dots):
                await paced(voter, "vote", note=ids[text])

        _, page, watched = await open_page(browser, PROJECTOR, "projector")
        await page.goto(f"{server.url}/b/{bid}/projector")  # English, the default
        card = lambda text: f'.heat-note[data-note="{ids[text]}"] .heat-text'  # noqa: E731
        await expect(page.locator(card(AFTER))).to_be_visible()
        await expect(page.locator("#ranking > li")).to_have_count(3)
        await page.wait_for_timeout(900)  # the cards glide to their places
        assert await page.evaluate("document.dir") == "ltr"

        # The heatmap: the Arabic card right to left, the English one left to right.
        assert_arabic_layout(await glyphs(page, card(ARABIC)), "heatmap card")
        english = await glyphs(page, card(ENGLISH))
        assert english["direction"] == "ltr"
        assert_in_order(english, ENGLISH, "English card")
        # The override stays inside its own card: the next card reads as typed.
        assert_in_order(await glyphs(page, card(AFTER)), AFTER, "the card after the override")

        # The side ranking.
        row = lambda text: f'#ranking > li[data-note="{ids[text]}"]'  # noqa: E731
        assert_arabic_layout(await glyphs(page, f"{row(ARABIC)} .rank-text"), "side ranking")
        await check_row_order(page, row(OVERRIDE), "the override's row")

        # The raw character straight into the page's state: a note, and a stakeholder group's name
        # quoted in the sentences "Dots from …" and "Top notes · …".
        _, xa, watched_xa = await open_page(browser, PROJECTOR, "projector en-XA")
        await xa.goto(f"{server.url}/b/{bid}/projector?lang=en-XA")  # catalog words after the name too
        await expect(xa.locator(card(AFTER))).to_be_visible()
        for each in (page, xa):
            await each.evaluate(INJECT, [ids[AFTER], f"Raw \u202e {AFTER}"])
        await expect(page.locator("#filter-label")).to_be_visible()
        await expect(page.locator(f"{row(AFTER)} .rank-text")).to_contain_text("Raw")
        await check_row_order(page, row(AFTER), "a row holding a raw override")
        await check_sentence(page, "#filter-label", "Dots from ", "the filter's sentence")
        await check_sentence(page, "#ranking-heading", "Top notes · ", "the ranking's heading")
        for selector in ("#filter-label", "#ranking-heading"):
            await expect(xa.locator(selector)).to_contain_text("Evil")
            await check_sentence_end(xa, selector, "en-XA: the words after the name")
        assert_in_order(await glyphs(page, card(ENGLISH)), ENGLISH, "a card beside a raw override")
        for each in (page, xa):
            await each.evaluate("() => { globalThis.metanet.state.board.projector.group = ''; dispatchEvent(new Event('resize')); }")

        # The results: one line per note.
        await paced(facilitator, "next_phase")
        await expect(page.locator("body")).to_have_class("projector results")
        await page.wait_for_timeout(300)
        results_row = await glyphs(page, f"{row(ARABIC)} .rank-text")
        assert_arabic_layout(results_row, "results ranking")
        g = results_row["glyphs"]
        assert g[-1]["r"] <= g[0]["l"], "one line: the full stop left of the first letter"
        for text in (OVERRIDE, ENGLISH):
            await check_row_order(page, row(text), f"the row of {text!r}")
        assert not watched.errors and not watched_xa.errors, watched.errors + watched_xa.errors
    finally:
        await facilitator.close()
        await voter.close()


INJECT = """([id, text]) => {
  const state = globalThis.metanet.state;
  const group = 'Evil \\u202e group';
  state.notes.set(id, {...state.notes.get(id), text});
  state.board.settings.groups = [...state.board.settings.groups, group];
  state.board.projector = {...(state.board.projector || {}), group};
  state.tallies[id] = {total: 2, by_group: {[group]: 2}};
  dispatchEvent(new Event('resize'));
}"""


async def check_row_order(page: Page, row: str, where: str) -> None:
    """Number, note, dots: left to right in the row, and "1 dot" / "2 dots" reads as written."""
    boxes = await page.locator(row).evaluate(
        """(li) => ['.rank-no', '.rank-text', '.rank-dots'].map((s) => { const r = li.querySelector(s).getBoundingClientRect(); return [r.left, r.right]; })""")
    (no_l, no_r), (text_l, text_r), (dots_l, _) = boxes
    assert no_r <= text_l + 0.5 and text_r <= dots_l + 0.5, (where, boxes)
    dots = await glyphs(page, f"{row} .rank-dots")
    assert_in_order(dots, await page.locator(f"{row} .rank-dots").inner_text(), f"{where}: its dots")


async def check_sentence(page: Page, selector: str, start: str, where: str) -> None:
    """The sentence's own words come first, left to right, before the quoted name."""
    found = await glyphs(page, selector)
    g = [x for x in found["glyphs"] if not x["ch"].isspace()]
    words = [x for x in g[: len(start.replace(" ", ""))]]
    assert "".join(x["ch"] for x in words) == start.replace(" ", ""), (where, "".join(x["ch"] for x in g))
    assert_in_order({"glyphs": words}, start, where)
    assert max(x["r"] for x in words) <= min(x["l"] for x in g[len(words):]) + 0.5, (where, "the name is not after the words")


async def check_sentence_end(page: Page, selector: str, where: str) -> None:
    """A catalog sentence quoting a name with an override: what follows the name stays after it (the ⟧ last)."""
    found = await glyphs(page, selector)
    g = [x for x in found["glyphs"] if not x["ch"].isspace() and x["ch"] != "\u202e"]
    said = "".join(x["ch"] for x in g)
    assert g[-1]["ch"] == "⟧", (where, said)
    line = same_line(g[-1], g)  # the heading may wrap: the end of its last line
    assert g[-1]["r"] == pytest.approx(max(x["r"] for x in line), abs=0.5), (where, "the sentence's end moved", said)
    name = [x for x in line if x["ch"] in "Evilgroup"]
    tail = [x for x in line if x["ch"] == "·"]
    assert tail and all(d["l"] >= n["r"] - 0.5 for d in tail for n in name), (where, "the name is not before the dots", said)
