"""An event of three metanets in real Chromium, one server: created from the start page, the
Lounge's tiles, six phones joining through the event's QR code address, a drop-in switching
metanets (her dots stay, her presence moves), the organiser's message everywhere, the plenary.
Screenshots of the Lounge, the phone's list, the organiser console and the plenary go to
docs/screens/event-*.png (see tests/web/screens.py)."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    Watched,
    assert_controls_labelled,
    eventually,
    open_page,
    screenshot,
)
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser

GROUPS = ["Government / member state", "NGO / civil society", "Academia"]  # the default groups
WORKING_GROUPS = [
    ("Ports and customs", "What should customs do first against wildlife trafficking?"),
    ("Online markets", "How do we stop wildlife sales online?"),
    ("Financial flows", "How do we follow the money?"),
]
MESSAGE = "Plenary in 10 minutes — Hall B"
SHARED = "One seizure database for the whole region"


async def create_event_from_home(page: Page, base_url: str) -> str:
    """As an organiser would: the start page's "Run an event", three working groups; returns the code."""
    await page.goto(base_url + "/")
    card = page.locator("#run-event")
    await card.get_by_text("Run an event", exact=True).click()  # folded, like "Run a session"
    await card.get_by_label("Event title").fill("Countering wildlife crime")
    await card.get_by_label("Description (optional)").fill("Three working groups, one plenary at 16:00.")
    await card.get_by_role("button", name="+ Add a working group").click()
    for i, (title, question) in enumerate(WORKING_GROUPS, start=1):
        await card.get_by_label(f"Working group {i}: title").fill(title)
        await card.get_by_label(f"Working group {i}: question (optional)").fill(question)
        await card.get_by_label(f"Working group {i}: agenda").select_option("note-and-vote")
    await card.get_by_role("button", name="Create the event").click()
    await page.wait_for_url(re.compile(r"/e/[A-Z0-9]+/console#"))
    match = re.search(r"/e/([A-Z0-9]+)/console", page.url)
    assert match, page.url
    return match.group(1)


def tile(lounge: Page, title: str) -> Any:
    return lounge.locator(".tile", has=lounge.locator(".tile-title", has_text=title))


MODULES = r"""() => ({
  fetched: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => /\.m?js$/.test(p)),
  preloaded: [...document.querySelectorAll('link[rel=modulepreload]')].map((l) => new URL(l.href).pathname),
})"""


async def join_metanet(phone: Page, join_url: str, group: str | None, metanet: str) -> None:
    """The event's address (what its QR code holds), then at most two taps: the group (first time), the metanet."""
    await phone.goto(join_url)
    await expect(phone.locator("#metanets > li")).to_have_count(3)
    # Every module announced up front (one round trip on the venue's Wi-Fi), and nothing preloaded unused.
    modules = await phone.evaluate(MODULES)
    assert sorted(set(modules["fetched"])) == sorted(modules["preloaded"]), modules
    await assert_controls_labelled(phone)
    # Thumb-sized: every metanet and every group chip.
    heights = await phone.eval_on_selector_all(
        ".metanet-link, .chip", "els => els.map((e) => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    taps = 0
    if group is not None:
        await phone.get_by_role("radio", name=group, exact=True).click()
        taps += 1
    await phone.locator(".metanet-link", has=phone.locator(".metanet-title", has_text=metanet)).click()
    taps += 1
    assert taps <= 2
    await phone.wait_for_url(re.compile(r"/b/[^/?]+\?from="))
    await expect(phone.locator("#work")).to_be_visible()  # joined by itself, with the group given at the event


async def test_an_event_of_three_metanets_from_creation_to_plenary(browser: Browser, server: MetanetServer) -> None:
    watched: list[Watched] = []

    # The organiser creates the event from the start page and lands on the organiser console.
    _, organiser, w = await open_page(browser, LAPTOP, "organiser")
    watched.append(w)
    code = await create_event_from_home(organiser, server.url)
    rows = organiser.locator("#rows > tr")
    await expect(rows).to_have_count(3)
    links: dict[str, dict[str, str]] = await organiser.evaluate(
        "() => Object.fromEntries([...metanetEvent.links.values()].map((l) => [l.title, l]))"
    )
    assert sorted(links) == sorted(t for t, _ in WORKING_GROUPS)
    for title, entry in links.items():
        row = rows.filter(has=organiser.locator(".row-title", has_text=title))
        await expect(row.get_by_role("link", name=f"Console of {title}")).to_have_attribute(
            "href", entry["facilitator_url"]
        )

    # A console opened with a wrong secret says so, and shows nothing of the event.
    _, intruder, w = await open_page(browser, LAPTOP, "wrong secret")
    watched.append(w)
    await intruder.goto(f"{server.url}/e/{code}/console#not-the-secret")
    await expect(intruder.locator("#status")).to_have_text("This link is not valid for this event.")
    await expect(intruder.locator("#rows > tr")).to_have_count(0)
    assert not w.errors, w.errors

    # The Lounge at 1920x1080: three tiles, the event's QR code and code.
    _, lounge, w = await open_page(browser, PROJECTOR, "lounge")
    watched.append(w)
    await lounge.goto(f"{server.url}/e/{code}/lounge")
    await expect(lounge.locator(".tile")).to_have_count(3)
    await expect(lounge.locator("#join-code")).to_have_text(code)
    qr = lounge.locator("#qr-slot img")
    await expect(qr).to_have_attribute("src", f"/e/{code}/qr.svg")
    await lounge.wait_for_function("() => document.querySelector('#qr-slot img').naturalWidth > 0")  # it loaded
    join_url = "http://" + (await lounge.locator("#join-url").inner_text()).strip()
    assert join_url.endswith(f"/e/{code}"), join_url
    # On one line, or broken only before its path: never inside the code.
    lines = await lounge.locator("#join-url > span").evaluate_all("els => els.map((e) => e.getClientRects().length)")
    assert lines == [1, 1], lines
    # The test server listens on 127.0.0.1 only and knows no LAN address: the Lounge says so, like a board's projector.
    await expect(lounge.locator("#join-warning")).to_contain_text("Phones cannot reach this address")
    # A timeboxed phase not started yet says so.
    await expect(lounge.locator(".tile-timer .timer-state")).to_have_text(["not started"] * 3)

    # Each metanet's facilitator (a protocol client with the link the organiser hands out).
    facilitators: dict[str, BoardClient] = {}
    for title, entry in links.items():
        secret = entry["facilitator_url"].split("#", 1)[1]
        facilitators[title] = await BoardClient.connect(
            server.ws_base, entry["board"], role="facilitator", secret=secret
        )
    ports, online, money = (t for t, _ in WORKING_GROUPS)
    projectors: list[Page] = []
    for title in (ports, online):
        _, projector, w = await open_page(browser, PROJECTOR, f"projector {title}")
        watched.append(w)
        await projector.goto(links[title]["projector_url"])
        await expect(projector.locator("#title")).to_have_text(title)
        projectors.append(projector)

    # Six phones through the event's address, three in each of two metanets.
    phones: list[Page] = []
    for i in range(6):
        _, phone, w = await open_page(browser, PHONE, f"phone {i}")
        watched.append(w)
        await join_metanet(phone, join_url, GROUPS[i % 3], ports if i < 3 else online)
        phones.append(phone)
    await expect(tile(lounge, ports).locator(".tile-total")).to_have_text("3 people")
    await expect(tile(lounge, online).locator(".tile-total")).to_have_text("3 people")
    await expect(tile(lounge, money).locator(".tile-total")).to_have_text(re.compile(r"^Nobody here yet"))

    # Every timer at once, from the console.
    await organiser.get_by_role("button", name="Start all").click()
    await expect(lounge.locator(".tile-timer[data-status=running]")).to_have_count(3)
    await expect(lounge.locator(".tile-timer[data-status=running]").first).to_have_css(
        "background-color", "rgb(15, 122, 53)"
    )
    await expect(rows.locator(".row-timer[data-status=running]")).to_have_count(3)
    await expect(organiser.locator("#action-status")).to_have_text("Timers started.")
    await organiser.get_by_role("button", name="Resume all").click()  # nothing paused: each metanet says so
    await expect(organiser.locator("#action-status")).to_have_text(
        re.compile(r"^Timers resumed\. Not in: .+ \(not now\)")
    )

    # In Ports and customs: a note, revealed, then the vote; the drop-in (phone 0) places two dots.
    fac = facilitators[ports]
    note = (await fac.ok("add_note", text="Train customs officers at the ten busiest ports"))["note"]
    await fac.ok("add_note", text=SHARED)
    await fac.ok("next_phase")  # group: the notes are revealed
    await fac.ok("next_phase")  # vote
    drop_in = phones[0]
    card = drop_in.locator("#notes > li", has=drop_in.locator(".note-text", has_text="Train customs officers"))
    await expect(card).to_be_visible()
    for _ in range(2):
        await card.get_by_role("button", name=re.compile("^Put a dot on")).click()
    await eventually(lambda: (fac.view.tallies or {}).get(note, {}).get("total", 0) == 2)
    for phone in phones[1:3]:  # NGO and Academia: a dot each on the other note
        shared = phone.locator("#notes > li", has=phone.locator(".note-text", has_text=SHARED))
        await shared.get_by_role("button", name=re.compile("^Put a dot on")).click()
    await eventually(lambda: sum(t.get("total", 0) for t in (fac.view.tallies or {}).values()) == 4)

    # The phone list, as the drop-in sees it when she switches.
    await drop_in.get_by_role("link", name="⇄ Switch metanet").click()
    await drop_in.wait_for_url(re.compile(rf"/e/{code}\?lang=en$"))  # back in the board page's language
    await expect(drop_in.locator(".me-who")).to_have_text(f"You: anonymous · {GROUPS[0]}")
    await expect(drop_in.locator("#metanets > li")).to_have_count(3)
    await expect(drop_in.locator(".metanet-missing").first).to_be_visible()
    await screenshot(drop_in, SCREENS / "event-phone-list.png")
    switched = time.monotonic()
    await drop_in.locator(".metanet-link", has=drop_in.locator(".metanet-title", has_text=online)).click()  # one tap
    await drop_in.wait_for_url(re.compile(r"/b/[^/?]+\?from="))
    await expect(drop_in.locator("#work")).to_be_visible()
    await expect(tile(lounge, ports).locator(".tile-total")).to_have_text("2 people", timeout=2_000 + 1_000)
    await expect(tile(lounge, online).locator(".tile-total")).to_have_text("4 people", timeout=2_000)
    moved_in = time.monotonic() - switched
    # The nudge in words, as on the phone (three groups missing; a three-tile Lounge names two at most).
    await expect(tile(lounge, ports).locator(".tile-missing")).to_have_text(
        "No Government or 2 other groups' voices yet"
    )
    # Her dots stayed where she placed them: in Ports and customs, on that note.
    assert (fac.view.tallies or {}).get(note, {}).get("total") == 2, fac.view.tallies
    print(f"switch seen on the Lounge {moved_in:.2f} s after the tap")

    # The organiser's message reaches every phone, both projectors and the Lounge.
    await organiser.get_by_label("Message to everyone").fill(MESSAGE)
    await organiser.get_by_role("button", name="Send", exact=True).click()
    await expect(lounge.locator("#message")).to_have_text(MESSAGE)
    for page in [*phones, *projectors]:
        await expect(page.locator(".event-banner")).to_contain_text(MESSAGE)

    # Every metanet decides something; the plenary shows every metanet's decisions.
    await fac.ok("next_phase")  # results: the votes are revealed
    await fac.ok("mark_decision", target=note)
    await fac.ok(
        "set_roadmap",
        target=note,
        owner="Regional customs academy",
        next_step="Draft the training plan",
        due="2027-03-31",
    )
    decided = {ports: "Train customs officers at the ten busiest ports"}
    for title, text in ((online, "Take down listings within a day"), (money, "Follow the money through the banks")):
        other = facilitators[title]
        other_note = (await other.ok("add_note", text=text))["note"]
        await other.ok("next_phase")
        await other.ok("mark_decision", target=other_note)
        await other.ok("set_roadmap", target=other_note, owner=f"{title} lead", next_step="Report back in March")
        decided[title] = text
    await expect(tile(lounge, ports).locator(".tile-top li")).to_contain_text(
        ["2 dots Train customs officers", "2 dots One seizure"]
    )
    await expect(tile(lounge, ports).locator(".tile-timer")).to_be_hidden()  # Results has no timebox: no timer
    await screenshot(lounge, SCREENS / "event-lounge.png")

    # The reporters, named in the console; the plenary opens from there too.
    ports_row = rows.filter(has=organiser.locator(".row-title", has_text=ports))
    await ports_row.get_by_label(f"Who reports {ports} to the plenary").fill("Amina Yusuf, Lee Chen")
    await ports_row.get_by_role("button", name=f"Save who reports {ports}").click()
    _, plenary, w = await open_page(browser, PROJECTOR, "plenary")
    watched.append(w)
    await plenary.goto(f"{server.url}/e/{code}/plenary")
    await expect(plenary.locator("#waiting")).to_be_visible()
    await organiser.get_by_role("button", name="Open the plenary").click()
    await expect(plenary.locator("#waiting")).to_be_hidden()
    await expect(
        plenary.locator(".outcome-column", has=plenary.locator(".col-title", has_text=ports)).locator(".col-reporters")
    ).to_have_text("Reported by Amina Yusuf, Lee Chen")
    for title, text in decided.items():
        column = plenary.locator(".outcome-column", has=plenary.locator(".col-title", has_text=title))
        await expect(column.locator(".col-decisions")).to_contain_text(text)
    online_column = plenary.locator(".outcome-column", has=plenary.locator(".col-title", has_text=online))
    await expect(online_column.locator(".decision-roadmap")).to_have_text(
        f"Owner: {online} lead · Next: Report back in March"
    )
    ports_column = plenary.locator(".outcome-column", has=plenary.locator(".col-title", has_text=ports))
    await expect(ports_column.locator(".decision-roadmap")).to_have_text(
        "Owner: Regional customs academy · Next: Draft the training plan · Due 2027-03-31"
    )
    await expect(ports_column.locator(".col-decisions .item-dots")).to_have_text(
        f"2 dots · {GROUPS[0].split(' / ')[0]} 2"
    )
    # The top note not decided, with its dots by group.
    await expect(ports_column.locator(".col-top li")).to_have_text(
        [re.compile(rf"^2 dots\s*{SHARED}\s*Academia 1 · NGO 1$")]
    )
    # Across the event: her two dots were the only ones on that note, so one group carried it.
    await expect(plenary.locator("#single > li")).to_have_count(1)
    await expect(plenary.locator("#single > li")).to_contain_text(f"{decided[ports]}{ports} · only {GROUPS[0]}")
    await expect(plenary.locator("#common > li")).to_have_count(0)
    await screenshot(plenary, SCREENS / "event-plenary.png")

    await expect(organiser.locator("#message-now")).to_contain_text(MESSAGE)
    await assert_controls_labelled(organiser)
    await screenshot(organiser, SCREENS / "event-organiser.png")

    # The event report, from the console (the export key from the organiser's welcome, in a header).
    async with organiser.expect_download() as download_info:
        await organiser.get_by_role("button", name=re.compile("^Download the report as Markdown")).click()
    report = await (await download_info.value).path()
    assert decided[money] in report.read_text(), report.read_text()[:500]

    # A working group added later shows on the Lounge and in the console, with its own console link.
    add = organiser.locator("#add")
    await add.get_by_label("Title").fill("Courts")
    await add.get_by_role("button", name="Add the working group").click()
    await expect(lounge.locator(".tile")).to_have_count(4)
    await expect(rows).to_have_count(4)
    await expect(rows.last.get_by_role("link", name="Console of Courts")).to_have_attribute(
        "href", re.compile(r"/b/[^/]+/facilitate#.+")
    )

    for client in facilitators.values():
        await client.close()
    await asyncio.sleep(0)
    errors = [e for w in watched for e in w.errors]
    assert not errors, errors
