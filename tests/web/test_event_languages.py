"""The event screens in other languages, in real Chromium.

In the pseudo-language en-XA (every catalog string marked and 40 % longer) the organiser console, the
Lounge, the event's phone list and the plenary are walked through an event's life -- metanets writing,
voting and showing results, one archived, timers running and paused, a message, a working group added,
reporters named, the plenary waiting then open -- and at each step every visible string must come from
the catalog and none may be cut. A 12-tile Lounge in en-XA must still fit 1920x1080.

In Arabic the Lounge (1920x1080) and the phone list (360x640) are right to left and mirrored (the event's
side panel on the left, a tile's timer at its left end, a metanet's coloured edge on its right), nothing
overflows; the screenshots go to docs/screens/event-*-ar.png (tests/web/screens.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.event_client import post
from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT
from tests.web.conftest import PROJECTOR, Watched, open_page, screenshot
from tests.web.languages import assert_all_translated, overflowing
from tests.web.screens import SCREENS
from tests.web.test_lounge_layout import GEOMETRY, busy
from tests.web.test_lounge_layout import create_event as crowded_event

pytestmark = pytest.mark.browser

PHONE_SMALL = {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
CONSOLE = {"viewport": {"width": 1366, "height": 768}}
GROUPS = ["Government", "Civil society", "Academia"]
METANETS = [
    ("Ports", "What should customs do first?"),
    ("Online markets", "How do we stop sales online?"),
    ("Money", ""),
    ("Courts", "Which cases come first?"),
]
NOTES = ["Train customs officers", "One seizure database", "Fund rangers"]


async def assert_lounge_translated(page: Page, where: str) -> None:
    """The Lounge's people's words are clamped to their tile's lines on purpose (tests/web/test_lounge_layout.py);
    languages.py leaves clamped [dir=auto] text out of its overflow check, and every catalog string must show whole."""
    await assert_all_translated(page, where)


def template_titles(lang: str) -> list[str]:
    """The note-and-vote template's phase titles in `lang` (what the server gives summaries to show)."""
    template = json.loads((REPO_ROOT / "server" / "templates" / "note-and-vote.json").read_text(encoding="utf-8"))
    return [phase["i18n"][lang]["title"] for phase in template["phases"]]


def create_event(server: MetanetServer) -> dict[str, Any]:
    status, event = post(server.url + "/api/events", {
        "title": "Wildlife crime",
        "description": "Four working groups, one plenary.",
        "groups": GROUPS,
        "metanets": [{"title": t, "question": q, "template": "note-and-vote"} for t, q in METANETS],
    })
    assert status == 201, event
    return event


async def facilitator(server: MetanetServer, metanet: dict[str, Any]) -> BoardClient:
    secret = metanet["facilitator_url"].split("#", 1)[1]
    return await BoardClient.connect(server.ws_base, metanet["board"], role="facilitator", secret=secret)


async def phases(server: MetanetServer, event: dict[str, Any]) -> list[BoardClient]:
    """Ports: results with dots by group; Online markets: voting; Money: writing with a timer; Courts: archived."""
    ports, online, money, courts = [await facilitator(server, m) for m in event["metanets"]]
    people = [await BoardClient.connect(server.ws_base, event["metanets"][0]["board"]) for _ in range(2)]
    for i, person in enumerate(people):
        await person.ok("join", name=f"Person {i}", group=GROUPS[i])
    notes = [(await ports.ok("add_note", text=text))["note"] for text in NOTES]
    await ports.ok("next_phase")
    await ports.ok("next_phase")
    for person in people:
        await person.ok("vote", note=notes[0])
    await people[0].ok("vote", note=notes[1])
    await ports.ok("next_phase")  # results: votes revealed
    await ports.ok("mark_decision", target=notes[0])
    await ports.ok("set_roadmap", target=notes[0], owner="Customs academy", next_step="Draft the plan", due="2027-03-31")
    await online.ok("add_note", text="Take down listings within a day")
    await online.ok("next_phase")
    await online.ok("next_phase")  # vote
    await money.ok("start_timer", duration=600)
    await courts.ok("archive_board")
    return [ports, online, money, courts, *people]


async def pseudo(browser: Browser, options: dict[str, Any], url: str, name: str) -> tuple[Page, Watched]:
    _, page, watched = await open_page(browser, options, name)
    await page.goto(url)
    await expect(page.locator("html")).to_have_attribute("lang", "en-XA")
    return page, watched


def with_lang(url: str, lang: str) -> str:
    base, _, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}lang={lang}"
    return f"{joined}#{fragment}" if fragment else joined


async def test_the_event_screens_in_the_pseudo_language(browser: Browser, server: MetanetServer) -> None:
    event = create_event(server)
    code = event["code"]
    watched: list[Watched] = []

    # The plenary before it opens: waiting, every working group still at work.
    plenary, w = await pseudo(browser, PROJECTOR, f"{server.url}/e/{code}/plenary?lang=en-XA", "plenary")
    watched.append(w)
    await expect(plenary.locator("#waiting")).to_be_visible()
    await expect(plenary.locator("#waiting-groups")).to_contain_text("⟦")
    await assert_all_translated(plenary, "plenary, waiting")

    # The organiser console with every metanet in its first phase.
    organiser, w = await pseudo(browser, CONSOLE, with_lang(event["organiser_url"], "en-XA"), "organiser")
    watched.append(w)
    rows = organiser.locator("#rows > tr")
    await expect(rows).to_have_count(4)
    await expect(organiser.locator("#totals")).to_contain_text("⟦")
    await assert_all_translated(organiser, "organiser, new event")
    # Its links to the shared screens open them in the organiser's language.
    await expect(organiser.locator("#event-links a").first).to_have_attribute("href", f"/e/{code}/lounge?lang=en-XA")

    clients = await phases(server, event)
    await expect(rows.locator(".row-timer[data-status=running]").first).to_be_visible()
    await expect(organiser.locator(".row-missing").first).to_be_visible()
    await assert_all_translated(organiser, "organiser, metanets in every phase")

    # The Lounge: results with top notes, a vote, a running timer, an archived metanet.
    lounge, w = await pseudo(browser, PROJECTOR, f"{server.url}/e/{code}/lounge?lang=en-XA", "lounge")
    watched.append(w)
    await expect(lounge.locator(".tile")).to_have_count(4)
    await expect(lounge.locator(".tile.revealed")).to_have_count(1)
    await expect(lounge.locator(".tile.archived")).to_have_count(1)
    await expect(lounge.locator(".tile-timer[data-status=running]").first).to_be_visible()
    await expect(lounge.locator("#join-warning")).to_be_visible()
    await assert_lounge_translated(lounge, "lounge, every phase")

    # Timers from the console: started, paused (the Lounge says so), resumed; a metanet that could not.
    await organiser.locator("#timers-start").click()
    await expect(organiser.locator("#action-status")).to_contain_text("⟦")
    await assert_all_translated(organiser, "organiser, timers started")
    await organiser.locator("#timers-pause").click()
    await expect(lounge.locator(".tile-timer[data-status=paused]").first).to_be_visible()
    await assert_lounge_translated(lounge, "lounge, timers paused")
    await organiser.locator("#timers-resume").click()
    await expect(organiser.locator("#action-status")).to_contain_text("(⟦")  # "Not in: Ports (not now)"
    await assert_all_translated(organiser, "organiser, a metanet not resumed")

    # A message to everyone: on the Lounge, in the console.
    await organiser.locator("#message-text").fill("Plenary in Hall B")
    await organiser.locator("#message-form button[type=submit]").click()
    await expect(lounge.locator("#message")).to_have_text("Plenary in Hall B")
    await expect(organiser.locator("#message-clear")).to_be_visible()
    await assert_all_translated(organiser, "organiser, message sent")
    await assert_lounge_translated(lounge, "lounge, message")

    # A working group added; reporters named.
    await organiser.locator("#add-title").fill("Customs data")
    await organiser.locator("#add form button[type=submit]").click()
    await expect(rows).to_have_count(5)
    await expect(organiser.locator("#add [role=status]")).to_contain_text("Customs data")
    await assert_all_translated(organiser, "organiser, working group added")
    await rows.first.locator(".row-reporters").fill("Amina Yusuf, Lee Chen")
    await rows.first.locator(".reporters-form button").click()
    await expect(organiser.locator("#action-status")).to_contain_text("⟦")
    await expect(lounge.locator(".tile")).to_have_count(5)
    await assert_lounge_translated(lounge, "lounge, five metanets")

    # The phone list: who are you here (tapping a metanet first says to pick a group), then the list.
    phone, w = await pseudo(browser, PHONE_SMALL, f"{server.url}/e/{code}?lang=en-XA", "phone")
    watched.append(w)
    await expect(phone.locator("#metanets > li")).to_have_count(5)
    await expect(phone.locator(".language-menu")).to_be_visible()
    await assert_all_translated(phone, "phone, who are you here")
    await phone.locator(".metanet-link").first.click()
    await expect(phone.locator("#pick-first")).to_be_visible()
    await assert_all_translated(phone, "phone, pick a group first")
    await phone.locator("#me-name").fill("Amina")
    await phone.get_by_role("radio", name=GROUPS[1], exact=True).click()
    await expect(phone.locator(".me-who")).to_contain_text("Amina")
    await assert_all_translated(phone, "phone, list with my group")
    await phone.locator(".me-line button").click()  # change: the form again, my group chosen
    await expect(phone.locator(".chip.chosen")).to_have_text(GROUPS[1])
    await assert_all_translated(phone, "phone, changing my group")
    # Into a metanet (its board page in the same language), whose "Switch metanet" leads back to the list.
    await phone.locator(".chip.chosen").click()  # the same group again
    await phone.locator(".metanet-link", has=phone.locator(".metanet-title", has_text="Online markets")).click()
    await phone.wait_for_url(re.compile(r"/b/[^/?]+\?from=.+&lang=en-XA$"))
    switch = phone.locator(".switch-metanet")
    await expect(switch).to_contain_text("⟦")  # the event's words, fetched by the board page in its language
    await expect(phone.locator("nav.event-nav")).to_have_attribute("aria-label", re.compile("⟦"))
    await expect(phone.locator(".event-banner")).to_have_text("Plenary in Hall B")
    await switch.click()
    await phone.wait_for_url(re.compile(rf"/e/{code}\?lang=en-XA$"))
    await expect(phone.locator(".metanet-here")).to_have_count(5)
    await expect(phone.locator(".metanet-here:visible")).to_have_count(1)  # "you were here last"
    await assert_all_translated(phone, "phone, back from a metanet")

    # The plenary opens from the console: every outcome, reporters, across the event.
    await organiser.locator("#plenary-toggle").click()
    await expect(plenary.locator("#waiting")).to_be_hidden()
    await expect(plenary.locator(".outcome-column")).to_have_count(5)
    await expect(plenary.locator(".col-reporters").first).to_contain_text("Amina Yusuf")
    await expect(plenary.locator("#single > li")).to_have_count(1)
    await assert_all_translated(plenary, "plenary, open")
    await expect(organiser.locator("#plenary-state")).to_contain_text("⟦")
    await assert_all_translated(organiser, "organiser, plenary open")

    for client in clients:
        await client.close()
    errors = [e for w in watched for e in w.errors]
    assert not errors, errors


@pytest.mark.parametrize("lang", ["en-XA", "ar"])
async def test_twelve_tiles_in_longer_words_still_fit_the_lounge(browser: Browser, server: MetanetServer, lang: str) -> None:
    """The 40 % longer words of en-XA (as French or Russian often are), and Arabic right to left, in a crowded
    Lounge: no overlap, nothing cut, text >= 28 px."""
    event = crowded_event(server, 12)
    clients = [c for i, m in enumerate(event["metanets"]) for c in await busy(server, m, i, i == 11)]
    _, lounge, watched = await open_page(browser, PROJECTOR, f"lounge 12 {lang}")
    await lounge.goto(with_lang(event["lounge_url"], lang))
    await expect(lounge.locator("html")).to_have_attribute("lang", lang)
    await expect(lounge.locator(".tile.revealed")).to_have_count(6)
    await expect(lounge.locator(".tile-timer[data-status=running]")).to_have_count(12)
    await lounge.wait_for_timeout(300)  # a frame after the last summary
    found = await lounge.evaluate(GEOMETRY)
    assert found["tiles"] == 12
    assert not found["problems"], found["problems"]
    assert not found["small"], found["small"]
    if lang == "en-XA":
        await assert_lounge_translated(lounge, "lounge, 12 tiles")
    else:
        cut = await overflowing(lounge)
        assert not cut, cut
        await lounge.screenshot(path=str(SCREENS / "event-lounge-12-ar.png"))
    for client in clients:
        await client.close()
    assert not watched.errors, watched.errors


def tile(lounge: Page, title: str) -> Any:
    return lounge.locator(".tile", has=lounge.locator(".tile-title", has_text=title))


MIRRORED_LOUNGE = """() => {
  const box = (s, root = document) => root.querySelector(s).getBoundingClientRect();
  const ports = [...document.querySelectorAll('.tile')].find((t) => t.querySelector('.tile-title').textContent === 'Ports');
  const money = [...document.querySelectorAll('.tile')].find((t) => t.querySelector('.tile-title').textContent === 'Money');
  return {
    dir: document.dir,
    side: box('.event-side'), tiles: box('#tiles'),
    firstTile: box('.tile'), lastTile: box('.tile:nth-child(2)'),
    phase: box('.tile-phase', money), timer: box('.tile-timer', money),
    title: box('.tile-title', ports), qr: box('.tile-qr', ports),
  };
}"""


async def test_the_lounge_in_arabic_is_mirrored(browser: Browser, server: MetanetServer) -> None:
    event = create_event(server)
    clients = await phases(server, event)
    _, lounge, watched = await open_page(browser, PROJECTOR, "lounge ar")
    await lounge.goto(f"{server.url}/e/{event['code']}/lounge?lang=ar")
    await expect(lounge.locator(".tile")).to_have_count(4)
    await expect(lounge.locator(".tile-timer[data-status=running]").first).to_be_visible()
    await expect(lounge.locator(".tile.revealed")).to_have_count(1)
    await expect(lounge.locator(".join-label").first).to_have_text("امسح الرمز للانضمام إلى مجموعة، أو افتح")
    # The template's phases in Arabic: writing, voting, results (Money, Online markets, Ports).
    writing, _, voting, results = template_titles("ar")
    await expect(tile(lounge, "Money").locator(".tile-phase-title")).to_have_text(writing)
    await expect(tile(lounge, "Online markets").locator(".tile-phase-title")).to_have_text(voting)
    await expect(tile(lounge, "Ports").locator(".tile-phase-title")).to_have_text(results)
    await lounge.wait_for_timeout(300)
    at = await lounge.evaluate(MIRRORED_LOUNGE)
    assert at["dir"] == "rtl"
    assert at["side"]["x"] < at["tiles"]["x"], at  # the event's panel on the left, the tiles on its right
    assert at["firstTile"]["x"] > at["lastTile"]["x"], at  # the first tile at the right, the next to its left
    assert at["timer"]["x"] < at["phase"]["x"], at  # the timer at the tile's inline end: its left
    assert at["qr"]["x"] < at["title"]["x"], at  # the title at the inline start, its QR code after it
    # The timer's digits are not mirrored: minutes before seconds, left to right.
    assert re.fullmatch(r"\d+:\d\d", await lounge.locator(".tile-timer[data-status=running] .time").first.inner_text())
    assert not await overflowing(lounge)
    found = await lounge.evaluate(GEOMETRY)
    assert not found["problems"], found["problems"]
    await screenshot(lounge, SCREENS / "event-lounge-ar.png")
    for client in clients:
        await client.close()
    assert not watched.errors, watched.errors


MIRRORED_PHONE = """() => {
  const box = (s, root = document) => root.querySelector(s).getBoundingClientRect();
  const item = [...document.querySelectorAll('.metanet-link')].find((l) => l.querySelector('.metanet-title').textContent === 'Money');
  const style = getComputedStyle(item);
  return {
    dir: document.dir, width: innerWidth,
    title: box('.event-top h1'), menu: box('.event-top .language-menu'),
    phase: box('.metanet-phase', item), timer: box('.metanet-timer', item),
    now: item.querySelector('.metanet-now').innerText,
    edgeRight: parseFloat(style.borderRightWidth), edgeLeft: parseFloat(style.borderLeftWidth),
    heading: getComputedStyle(document.querySelector('.list-heading')).textAlign,
  };
}"""


async def test_the_event_phone_in_arabic_is_mirrored(browser: Browser, server: MetanetServer) -> None:
    event = create_event(server)
    clients = await phases(server, event)
    _, phone, watched = await open_page(browser, PHONE_SMALL, "phone ar")
    await phone.goto(f"{server.url}/e/{event['code']}?lang=ar")
    await expect(phone.locator("#metanets > li")).to_have_count(4)
    await phone.get_by_role("radio", name=GROUPS[0], exact=True).click()
    await expect(phone.locator(".me-who")).to_have_text(f"أنت: مجهول الاسم · {GROUPS[0]}")
    await expect(phone.locator(".metanet-phase").first).to_have_text(f"الآن: {template_titles('ar')[3]}")
    await expect(phone.locator(".metanet-timer:not([hidden])").first).to_be_visible()
    at = await phone.evaluate(MIRRORED_PHONE)
    assert at["dir"] == "rtl"
    assert at["menu"]["x"] < at["title"]["x"], at  # the language menu at the inline end of the top bar: its left
    # A metanet's timer at its inline end (the left), beside the phase or, when they do not fit one line, under it.
    timer, phase = at["timer"], at["phase"]
    assert timer["x"] <= phase["x"] + 1 and timer["x"] + timer["width"] < phase["x"] + phase["width"], at["now"]
    assert at["edgeRight"] == 8 and at["edgeLeft"] == 2, at  # the coloured edge on the inline start: the right
    assert not await overflowing(phone)
    await screenshot(phone, SCREENS / "event-phone-ar.png")
    for client in clients:
        await client.close()
    assert not watched.errors, watched.errors


async def test_the_organiser_console_and_the_plenary_in_arabic(browser: Browser, server: MetanetServer) -> None:
    """The console chosen in Arabic (?lang=ar) opens the plenary screen in Arabic; a plenary screen opened
    without ?lang= follows the browser's language. Both mirrored, nothing overflowing."""
    event = create_event(server)
    clients = await phases(server, event)
    _, organiser, w1 = await open_page(browser, CONSOLE, "organiser ar")
    await organiser.goto(with_lang(event["organiser_url"], "ar"))
    rows = organiser.locator("#rows > tr")
    await expect(rows).to_have_count(4)
    await expect(organiser.locator("#plenary-toggle")).to_have_text("افتح الجلسة العامة")
    await organiser.locator("#plenary-toggle").click()
    await expect(organiser.locator("#action-status")).to_have_text("الجلسة العامة مفتوحة.")
    plenary_link = organiser.locator("#event-links a").nth(1)
    await expect(plenary_link).to_have_attribute("href", f"/e/{event['code']}/plenary?lang=ar")
    at = await organiser.evaluate("""() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      return { dir: document.dir, first: box('thead th:first-child'), last: box('thead th:last-child'),
               table: box('.org-table'), actions: box('.org-actions'), align: getComputedStyle(document.querySelector('thead th')).textAlign };
    }""")
    assert at["dir"] == "rtl"
    assert at["first"]["x"] > at["last"]["x"], at  # the working group's column at the right
    assert at["table"]["x"] > at["actions"]["x"], at  # the table at the inline start, the actions beside it on the left
    assert not await overflowing(organiser)
    await screenshot(organiser, SCREENS / "event-organiser-ar.png")
    # The event report: English unless the organiser picks another language beside the buttons.
    await expect(organiser.locator("#export-language")).to_have_value("en")
    await organiser.locator("#export-language").select_option("ar")
    async with organiser.expect_download() as download_info:
        await organiser.locator("#export .export-buttons button").first.click()  # Markdown
    download = await download_info.value
    assert download.suggested_filename.endswith(".ar.md"), download.suggested_filename
    report = (await download.path()).read_text(encoding="utf-8")
    assert re.search("[\u0600-\u06ff]", report) and "Ports" in report, report[:300]

    _, plenary, w2 = await open_page(browser, {**PROJECTOR, "locale": "ar-EG"}, "plenary ar")
    await plenary.goto(f"{server.url}/e/{event['code']}/plenary")
    await expect(plenary.locator("html")).to_have_attribute("lang", "ar")
    await expect(plenary.locator(".outcome-column")).to_have_count(4)
    await expect(plenary.locator(".plenary-label")).to_have_text("الجلسة العامة · ما خلصت إليه كل مجموعة عمل")
    await plenary.wait_for_timeout(300)
    at = await plenary.evaluate("""() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      return { dir: document.dir, title: box('.plenary-top h1'), label: box('.plenary-label'),
               first: box('.outcome-column:nth-child(1)'), second: box('.outcome-column:nth-child(2)') };
    }""")
    assert at["dir"] == "rtl"
    assert at["label"]["x"] < at["title"]["x"], at  # the event's title at the right, the label at the left
    assert at["first"]["x"] > at["second"]["x"], at  # the first working group's column at the right
    assert not await overflowing(plenary)
    await screenshot(plenary, SCREENS / "event-plenary-ar.png")
    for client in clients:
        await client.close()
    assert not w1.errors and not w2.errors, w1.errors + w2.errors


async def test_an_empty_event_and_a_wrong_link_in_the_pseudo_language(browser: Browser, server: MetanetServer) -> None:
    """The empty states (no working group yet) and a failure (a console link with the wrong secret) come from
    the catalog too."""
    status, event = post(server.url + "/api/events", {"title": "Empty", "groups": GROUPS, "metanets": []})
    assert status == 201, event
    code = event["code"]
    phone, w1 = await pseudo(browser, PHONE_SMALL, f"{server.url}/e/{code}?lang=en-XA", "phone, empty")
    await expect(phone.locator("#empty")).to_be_visible()
    await assert_all_translated(phone, "phone, no working group yet")
    plenary, w2 = await pseudo(browser, PROJECTOR, f"{server.url}/e/{code}/plenary?lang=en-XA", "plenary, empty")
    await expect(plenary.locator("#waiting-groups")).to_contain_text("⟦")
    await assert_all_translated(plenary, "plenary, no working group")

    intruder, w3 = await pseudo(browser, CONSOLE, f"{server.url}/e/{code}/console?lang=en-XA#not-the-secret", "intruder")
    await expect(intruder.locator("#status")).to_have_attribute("data-status", "failed")
    await expect(intruder.locator("#status")).to_contain_text("⟦")
    await assert_all_translated(intruder, "organiser, a wrong link")
    # In Arabic, the same failure in Arabic.
    _, arabic, w4 = await open_page(browser, CONSOLE, "intruder, ar")
    await arabic.goto(f"{server.url}/e/{code}/console?lang=ar#not-the-secret")
    await expect(arabic.locator("#status")).to_have_text("هذا الرابط غير صالح لهذه الفعالية.")
    await expect(arabic.locator("#rows > tr")).to_have_count(0)
    errors = [e for w in (w1, w2, w3, w4) for e in w.errors]
    assert not errors, errors


@pytest.mark.parametrize("lang", ["zh", "fr", "ru", "es"])
async def test_every_event_screen_fits_in_each_language(
    browser: Browser, server: MetanetServer, artifacts: Path, lang: str
) -> None:
    """The four screens in Chinese, French, Russian and Spanish, in every phase: in the language, nothing cut."""
    event = create_event(server)
    clients = await phases(server, event)
    code = event["code"]
    # The plenary open, with reporters, so that every part of it shows.
    _, organiser, w1 = await open_page(browser, CONSOLE, f"organiser {lang}")
    await organiser.goto(with_lang(event["organiser_url"], lang))
    await expect(organiser.locator("#rows > tr")).to_have_count(4)
    await organiser.locator("#rows > tr").first.locator(".row-reporters").fill("Amina Yusuf, Lee Chen")
    await organiser.locator("#rows > tr").first.locator(".reporters-form button").click()
    await organiser.locator("#plenary-toggle").click()
    await organiser.locator("#timers-resume").click()  # "not in" for every metanet without a paused timer
    await expect(organiser.locator("#action-status")).to_contain_text(re.compile("[(（]"))
    pages = [("organiser", organiser, w1)]
    for name, options, url in [
        ("lounge", PROJECTOR, f"/e/{code}/lounge?lang={lang}"),
        ("phone", PHONE_SMALL, f"/e/{code}?lang={lang}"),
        ("plenary", PROJECTOR, f"/e/{code}/plenary?lang={lang}"),
    ]:
        _, page, watched = await open_page(browser, options, f"{name} {lang}")
        await page.goto(server.url + url)
        await expect(page.locator("html")).to_have_attribute("lang", lang)
        pages.append((name, page, watched))
    lounge, phone, plenary = (p for _, p, _ in pages[1:])
    await expect(lounge.locator(".tile")).to_have_count(4)
    await expect(phone.locator("#metanets > li")).to_have_count(4)
    await expect(plenary.locator(".col-reporters").first).to_be_visible()
    await lounge.wait_for_timeout(300)
    for name, page, _ in pages:
        cut = await overflowing(page)
        assert not cut, f"{name} in {lang}: {cut}"
        assert await page.evaluate("() => document.title.length > 0 && !document.title.includes('event.')")
        await screenshot(page, artifacts / f"event-{name}-{lang}.png")
    for client in clients:
        await client.close()
    errors = [e for _, _, w in pages for e in w.errors]
    assert not errors, errors
