"""The participant's phone in other languages, in real Chromium at 360x640.

In the pseudo-language ``en-XA`` (every catalog string in ⟦ ⟧, 40 % longer) the phone walks through
every phase -- join, write, group, vote, results, discuss, closed, archived, deleted -- with an error
toast, the offline status and the empty states, and at each step no visible text, label or title is
hard-coded and none is cut. In Arabic the page is right to left: the top bar mirrored (the timer at
the inline end, left of the title), nothing wider than the screen, an English note still left-aligned
and an Arabic note on an English phone right-aligned.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from server import templates
from server.i18n.catalogs import WEB_I18N
from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import note_card, open_page, screenshot
from tests.web.languages import assert_all_translated, overflowing
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

AGENDA = templates.phases_of("note-and-vote")
SMALL_PHONE = {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
PHASES = [
    {"kind": "write", "title": "Ideas", "duration": 300},
    {"kind": "group", "title": "Themes"},
    {"kind": "vote", "title": "Vote"},
    {"kind": "results", "title": "Results"},
    {"kind": "discuss", "title": "Next steps"},
]
MINE = "Train customs officers at transit hubs"
THEIRS = "Shared register of seized ivory"
ARABIC = "سجل مشترك لبيانات DNA."  # one line on a phone, an English word inside, a full stop at its end
SHORT = "Train customs officers"  # one line on a phone


async def join(page: Page, name: str, group: str) -> None:
    await page.locator("#join label.choice", has_text=group).click()
    await page.locator("#join-name").fill(name)
    await page.locator("#join button[type=submit]").click()
    await expect(page.locator("#work")).to_be_visible()


async def test_the_phone_in_the_pseudo_language_through_every_phase(browser: Browser, server: MetanetServer, artifacts: Path) -> None:
    board = server.create_board(title="Wildlife trafficking", question="What should customs do first?", phases=PHASES,
                                settings={"blind_votes": False})
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        context, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
        await phone.goto(f"{server.url}/b/{board['board']}?lang=en-XA")
        await expect(phone.locator("#join button[type=submit]")).to_contain_text("⟦")
        assert await phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en-XA", "ltr"]
        await assert_all_translated(phone, "join card")
        await screenshot(phone, artifacts / "phone-en-XA-join.png")
        await phone.locator("#join button[type=submit]").click()  # no group picked yet
        await expect(phone.locator(".join-missing")).to_be_visible()
        await assert_all_translated(phone, "join card, no group picked")

        await join(phone, "Ada", "Academia")
        await expect(phone.locator("#empty")).to_be_visible()
        await expect(phone.locator(".me-line select.language-menu")).to_be_visible()
        await assert_all_translated(phone, "write, no notes yet")

        # The timer: running, then paused (its state in words).
        await fac.ok("start_timer")
        await expect(phone.locator("#timer")).to_have_attribute("data-status", "running")
        await fac.ok("pause_timer")
        await expect(phone.locator("#timer .timer-state")).to_contain_text("⟦")
        await fac.ok("add_note", text=THEIRS)
        await phone.get_by_role("textbox").first.fill(MINE + " " + "x" * 250)  # the count of characters left shows
        await expect(phone.locator(".char-count")).to_contain_text("⟦")
        await phone.locator("form.composer button[type=submit]").click()
        await expect(phone.locator("#notes > li")).to_have_count(1)
        await expect(phone.locator("#others")).to_be_visible()
        await phone.wait_for_function("() => globalThis.metanet.outbox.pending.length === 0")
        await assert_all_translated(phone, "write, my note and one private from someone else")

        # My note: the editor, and the second tap asked before deleting.
        mine = phone.locator("#notes > li.mine")
        await mine.locator(".own-actions button").first.click()
        await expect(mine.locator(".editor textarea")).to_be_visible()
        await assert_all_translated(phone, "editing my note")
        await mine.locator(".editor button[type=button]").click()
        await mine.locator(".own-actions button.danger").click()
        await assert_all_translated(phone, "asked to confirm the delete")

        # Offline: the status, and a note waiting to be sent.
        await context.set_offline(True)
        await expect(phone.locator("#status")).to_have_attribute("data-status", "offline")
        await phone.get_by_role("textbox").first.fill("Written offline")
        await phone.locator("form.composer button[type=submit]").click()
        await expect(phone.locator("#notes > li.pending")).to_have_count(1)
        await expect(phone.locator("#status")).to_contain_text("⟦")
        await assert_all_translated(phone, "offline, one note waiting")
        await context.set_offline(False)
        await expect(phone.locator("#status")).to_have_attribute("data-status", "live")
        await expect(phone.locator("#notes > li.pending")).to_have_count(0)

        # Group: everyone's notes, one in a cluster, someone else's group named.
        await fac.ok("next_phase")
        await expect(phone.locator("#notes > li")).to_have_count(3)
        theirs = next(i for i, n in fac.view.notes.items() if n["text"] == THEIRS)
        cluster = (await fac.ok("create_cluster", name="Evidence"))["cluster"]
        await fac.ok("cluster_note", note=theirs, cluster=cluster)
        await expect(note_card(phone, THEIRS).locator(".note-meta")).to_contain_text("Evidence")
        await assert_all_translated(phone, "group")

        # Vote: the budget, dots placed, a card's own dots.
        await fac.ok("next_phase")
        budget = phone.locator("#budget-text")
        await expect(budget).to_contain_text("⟦")
        await note_card(phone, THEIRS).locator(".dot-button").last.click()
        await note_card(phone, THEIRS).locator(".dot-button").last.click()
        await expect(note_card(phone, THEIRS).locator(".note-tally")).to_contain_text("2")
        await phone.wait_for_function("() => globalThis.metanet.outbox.pending.length === 0")
        await phone.locator("#done").click()
        await expect(phone.locator("#done")).to_have_attribute("aria-pressed", "true")
        await expect(phone.locator("#done-count")).to_contain_text("⟦")
        await assert_all_translated(phone, "vote, two dots placed, done")
        await screenshot(phone, artifacts / "phone-en-XA-vote.png")

        await fac.ok("close_phase")
        await expect(phone.locator("#phase-closed")).to_be_visible()
        await assert_all_translated(phone, "vote, closed")

        # Results: ranks, and a decision with its roadmap.
        await fac.ok("next_phase")
        await expect(note_card(phone, THEIRS).locator(".note-tally")).to_contain_text("⟦")
        await fac.ok("mark_decision", target=theirs)
        await fac.ok("set_roadmap", target=theirs, owner="UNODC", next_step="Draft the register", due="2027-03-31")
        await fac.ok("mark_decision", target=cluster)
        await expect(phone.locator("#decision-list > li")).to_have_count(2)
        await expect(phone.locator("#decision-list .decision-roadmap").first).to_contain_text("UNODC")
        await assert_all_translated(phone, "results with ranks and decisions")
        await screenshot(phone, artifacts / "phone-en-XA-results.png")

        await fac.ok("next_phase")
        await expect(phone.locator("#phase-label")).to_contain_text("Next steps")
        await assert_all_translated(phone, "discuss")

        # Changing name or group: the join card again, with the language menu on it.
        await phone.locator("#change").click()
        await expect(phone.locator("#join")).to_be_visible()
        await expect(phone.locator("#join select.language-menu")).to_be_visible()
        await assert_all_translated(phone, "changing name or group")
        await phone.locator("#join button[type=submit]").click()
        await expect(phone.locator("#work")).to_be_visible()

        # An error from the server, as a toast.
        await phone.evaluate("() => globalThis.metanet.command('vote', {note: 'n999'})")
        await expect(phone.locator("#toast")).to_be_visible()
        await assert_all_translated(phone, "an error toast")
        await phone.evaluate("() => { document.getElementById('toast').hidden = true; }")

        await fac.ok("archive_board")
        await expect(phone.locator("#archived")).to_be_visible()
        await assert_all_translated(phone, "archived")
        await fac.ok("archive_board", archived=False)
        await expect(phone.locator("#archived")).to_be_hidden()

        await fac.ok("delete_board", confirm=board["code"])
        await expect(phone.locator("#gone")).to_be_visible()
        await expect(phone.locator("#status")).to_have_attribute("data-status", "failed")
        await assert_all_translated(phone, "deleted board")
        assert not watched.errors, watched.errors
    finally:
        await fac.close()


async def test_the_phone_in_the_pseudo_language_with_nothing_to_show(browser: Browser, server: MetanetServer) -> None:
    """A vote with no notes, and a board that does not exist: the empty state and the failure, from the catalog."""
    board = server.create_board(title="Empty", phases=[{"kind": "vote", "title": "Vote"}])
    _, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
    await phone.goto(f"{server.url}/b/{board['board']}?lang=en-XA")
    await join(phone, "", "Academia")
    await expect(phone.locator("#empty")).to_contain_text("⟦")
    await expect(phone.locator("#budget-text")).to_contain_text("⟦")
    await assert_all_translated(phone, "vote with no notes")

    await phone.goto(f"{server.url}/b/no-such-board?lang=en-XA")
    await expect(phone.locator("#status")).to_have_attribute("data-status", "failed")
    await expect(phone.locator("#toast")).to_be_visible()
    await assert_all_translated(phone, "no such board")
    assert not watched.errors, watched.errors


async def box(page: Page, selector: str) -> dict[str, float]:
    found: Any = await page.locator(selector).evaluate("el => el.getBoundingClientRect().toJSON()")
    return dict(found)


TEXT_EDGES = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const text = range.getBoundingClientRect();
  const own = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {left: text.left - own.left - parseFloat(style.paddingLeft),
          right: own.right - parseFloat(style.paddingRight) - text.right,
          direction: style.direction};
}"""


async def test_the_phone_in_arabic_is_right_to_left(browser: Browser, server: MetanetServer) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    board = server.create_board(title="الاتجار بالأحياء البرية", question="ما الذي يجب أن تفعله الجمارك أولًا؟",
                                phases=[{"kind": "write", "title": "الأفكار", "duration": 300}, {"kind": "vote", "title": "التصويت"}],
                                settings={"blind_votes": False})
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        await fac.ok("start_timer")
        _, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
        await phone.goto(f"{server.url}/b/{board['board']}?lang=ar")
        await expect(phone.locator("#join button[type=submit]")).to_have_text("انضمام")
        assert await phone.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
        assert await overflowing(phone) == []
        await phone.screenshot(path=SCREENS / "phone-ar-join.png")

        await join(phone, "Ada", "Academia")
        await fac.ok("add_note", text=SHORT)
        await fac.ok("reveal_notes")
        card = note_card(phone, SHORT)
        await expect(card).to_be_visible()

        # The top bar mirrored: the title at the inline start (right), the timer at the inline end (left).
        title, timer = await box(phone, "#title"), await box(phone, "#timer")
        assert timer["right"] <= title["left"], (timer, title)
        assert title["right"] > 300 and timer["left"] < 60, (timer, title)
        # Minutes before seconds, drawn left to right: "4:59", never mirrored to "59:4".
        time = await phone.locator("#timer .time").inner_text()
        assert time[:2] in ("4:", "5:") and len(time) == 4, time
        drawn = await phone.locator("#timer .time").evaluate("""(el) => {
          const node = el.firstChild, at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
          return [getComputedStyle(el).direction, at(0) < at(1) && at(1) < at(2) && at(2) < at(3)];
        }""")
        assert drawn == ["ltr", True], drawn

        # An English note on an Arabic phone reads left to right, from the card's left edge.
        edges = await card.locator(".note-text").evaluate(TEXT_EDGES)
        assert edges["direction"] == "ltr" and edges["left"] < 2 and edges["right"] > 20, edges
        # The card itself is mirrored: its coloured edge on the right.
        border = await card.evaluate("el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]")
        assert border[0] == "6px" and border[1] != "6px", border
        assert await overflowing(phone) == []
        await screenshot(phone, SCREENS / "phone-ar-write.png")

        await fac.ok("next_phase")
        budget = phone.locator("#budget-text")
        await expect(budget).to_have_text("الأصوات المتبقية: 5 من 5")  # Chromium writes Arabic with Western digits
        await card.locator(".dot-button").last.click()
        await expect(budget).to_have_text("الأصوات المتبقية: 4 من 5")
        await expect(card.locator(".my-dots")).to_have_text("أصواتك: 1")
        # The dot buttons mirrored: "+" (add) at the inline end, left of "−".
        minus, plus = await box(phone, ".note .dot-button >> nth=0"), await box(phone, ".note .dot-button >> nth=1")
        assert plus["right"] <= minus["left"], (plus, minus)
        assert await overflowing(phone) == []
        await screenshot(phone, SCREENS / "phone-ar-vote.png")
        assert not watched.errors, watched.errors
    finally:
        await fac.close()


async def test_an_arabic_note_on_an_english_phone_is_right_aligned(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Bidi", phases=[{"kind": "discuss", "title": "Ideas"}])
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        await fac.ok("add_note", text=ARABIC)
        _, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
        await phone.goto(f"{server.url}/b/{board['board']}")
        assert await phone.evaluate("document.documentElement.dir") == "ltr"
        await join(phone, "Ada", "Academia")
        text = note_card(phone, ARABIC).locator(".note-text")
        edges = await text.evaluate(TEXT_EDGES)
        assert edges["direction"] == "rtl" and edges["right"] < 2 and edges["left"] > 20, edges
        # The full stop ends the sentence on its left: the last glyph drawn leftmost.
        stop = await text.evaluate("""(el) => {
          const node = el.firstChild, range = document.createRange();
          range.setStart(node, node.length - 1); range.setEnd(node, node.length);
          const dot = range.getBoundingClientRect(), all = el.getBoundingClientRect();
          return dot.left - all.left - parseFloat(getComputedStyle(el).paddingLeft);
        }""")
        assert stop < edges["left"] + 12, (stop, edges)
        assert not watched.errors, watched.errors
    finally:
        await fac.close()


def catalog(lang: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((WEB_I18N / f"{lang}.json").read_text(encoding="utf-8"))
    return found


KEY_LEFT_AS_IS = r"""() => {
  const texts = [document.body.innerText, document.title,
    ...[...document.querySelectorAll('[aria-label], [placeholder], [title]')].map((el) =>
      ['aria-label', 'placeholder', 'title'].map((a) => el.getAttribute(a) || '').join(' '))];
  return texts.join('\n').match(/\b(common|phone|errors)\.[a-z_]+/g) || [];
}"""


@pytest.mark.parametrize("lang", ["ar", "zh", "fr", "ru", "es"])
async def test_the_phone_in_each_language_fits_a_small_screen(
    browser: Browser, server: MetanetServer, artifacts: Path, lang: str
) -> None:
    """Join, write, vote and results in each language at 360x640: every word found, nothing cut or wider than the screen."""
    board = server.create_board(title="Wildlife trafficking", template="note-and-vote", settings={"blind_votes": False})
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        await fac.ok("start_timer")
        _, phone, watched = await open_page(browser, SMALL_PHONE, f"phone-{lang}")
        await phone.goto(f"{server.url}/b/{board['board']}?lang={lang}")
        await expect(phone.locator("#join button[type=submit]")).to_be_visible()
        assert await phone.evaluate("document.documentElement.lang") == lang
        steps = ["join card"]
        assert await phone.evaluate(KEY_LEFT_AS_IS) == [], steps
        assert await overflowing(phone) == [], steps
        await join(phone, "Ada", "NGO / civil society")
        await fac.ok("add_note", text=THEIRS)
        await phone.locator("form.composer textarea").fill(MINE)
        await phone.locator("form.composer button[type=submit]").click()
        await expect(phone.locator("#notes > li.mine")).to_have_count(1)
        await expect(phone.locator("#others")).to_be_visible()
        for number, step in enumerate(["write", "group", "vote", "results"], start=1):
            if number > 1:
                await fac.ok("next_phase")
                await phone.wait_for_function(f"() => globalThis.metanet.state.board.phase_index === {number - 1}")
                await phone.wait_for_function("() => new Promise((done) => requestAnimationFrame(() => done(true)))")
            if step == "vote":
                await note_card(phone, THEIRS).locator(".dot-button").last.click()
                await expect(phone.locator(".note .my-dots").first).to_be_visible()
                await phone.locator("#done").click()
                await expect(phone.locator("#done")).to_have_attribute("aria-pressed", "true")
            steps.append(step)
            # The template's phase in this language (its i18n), inside the catalog's "Phase n of 4" sentence.
            await expect(phone.locator("#phase-label bdi")).to_have_text(AGENDA[number - 1]["i18n"][lang]["title"])
            # Its hint too, but for grouping: a phone reads what a phone can do (the catalog's sentence).
            hint = catalog(lang)["common"]["guide_group_phone"] if step == "group" else AGENDA[number - 1]["i18n"][lang]["hint"]
            await expect(phone.locator("#phase-guide")).to_have_text(hint)
            assert await phone.evaluate(KEY_LEFT_AS_IS) == [], steps
            assert await overflowing(phone) == [], steps
        await screenshot(phone, artifacts / f"phone-{lang}-results.png")
        assert not watched.errors, watched.errors
    finally:
        await fac.close()


async def test_the_phone_menu_changes_the_language_and_remembers_it(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(title="Menu", template="note-and-vote")
    context, phone, watched = await open_page(browser, SMALL_PHONE, "phone")
    await phone.goto(f"{server.url}/b/{board['board']}")
    menu = phone.locator("#join select.language-menu")
    await expect(menu).to_have_value("en")
    size = await menu.evaluate("el => [el.getBoundingClientRect().width, el.getBoundingClientRect().height]")
    assert size[0] >= 44 and size[1] >= 44, size  # a thumb-sized target
    await menu.select_option("fr")
    await expect(phone.locator("#join button[type=submit]")).to_have_text("Rejoindre")
    assert await phone.evaluate("document.documentElement.lang") == "fr"

    # Remembered on this device: the next visit opens in French, and joining keeps the menu at hand.
    again = await context.new_page()
    await again.goto(f"{server.url}/b/{board['board']}")
    await expect(again.locator("#join button[type=submit]")).to_have_text("Rejoindre")
    await join(again, "Ada", "Academia")
    await expect(again.locator(".me-line select.language-menu")).to_have_value("fr")
    await expect(again).to_have_title("Menu · Metanet")
    assert not watched.errors, watched.errors
