"""web/js/state.js folds the stream as testkit/view.py::BoardView (the reference) does.

A phone and the facilitator's console follow a board through every kind of event --
notes, clusters, votes, merges, settings that switch blind voting and the budget, the
agenda edited live, "I'm done", decisions with their roadmap, archiving -- partly while
the phone is offline (so it resumes). Each page must end exactly where the reference
client that followed the same stream ends, and where a fresh snapshot starts.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import LAPTOP, PHONE, add_note, eventually, join_by_code, note_card, open_page

pytestmark = pytest.mark.browser

# BoardView.essentials(), from the page's BoardState.
PAGE_VIEW = """() => {
  const s = globalThis.metanet.state;
  const board = { ...s.board };
  delete board.now;
  delete board.seq;
  if (board.participants) board.participants = [...board.participants].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    seq: s.seq, notes: Object.fromEntries(s.notes), clusters: Object.fromEntries(s.clusters),
    tallies: s.tallies, my_votes: s.myVotes, dots_left: s.dotsLeft, board,
  };
}"""


async def page_view(page: Page) -> dict[str, Any]:
    return dict(await page.evaluate(PAGE_VIEW))


async def caught_up(page: Page, seq: int) -> None:
    await page.wait_for_function("seq => globalThis.metanet.state.seq === seq", arg=seq)


def note_id(client: BoardClient, text: str) -> str:
    return next(i for i, n in client.view.notes.items() if n["text"] == text)


async def test_the_pages_end_where_the_reference_view_and_a_fresh_snapshot_end(
    browser: Browser, server: MetanetServer
) -> None:
    board = server.create_board(title="Reference", template="note-and-vote")
    bid = board["board"]
    _, console, w_console = await open_page(browser, LAPTOP, "console")
    await console.goto(f"{server.url}/b/{bid}/facilitate#{board['secret']}")
    context, phone, watched = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, board["code"], "Twin", "Academia")
    token = await phone.evaluate(f"JSON.parse(localStorage.getItem('metanet:participant-token:{bid}'))")
    console_token = await console.evaluate(f"JSON.parse(localStorage.getItem('metanet:facilitator-token:{bid}'))")
    twin = await BoardClient.connect(server.ws_base, bid, token=token)  # the same participant, in Python
    fac = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    other = await BoardClient.connect(server.ws_base, bid)
    clients = [twin, fac, other]
    try:
        await other.ok("join", group="NGO / civil society")
        a = (await other.ok("add_note", text="Other A"))["note"]
        b = (await other.ok("add_note", text="Other B"))["note"]
        await add_note(phone, "Mine 1")
        await add_note(phone, "Mine 2")
        await expect(phone.locator("#others")).to_contain_text("2 notes from others")
        await other.ok("edit_note", note=a, text="Other A, edited while private")
        await phone.get_by_role("button", name="I'm done").click()  # with writing
        await expect(console.locator("#done-count")).to_have_text("✓ 1 person is done with this phase")

        await fac.ok("next_phase")  # group: notes revealed, "I'm done" starts again
        await expect(phone.get_by_role("button", name="I'm done")).to_have_attribute("aria-pressed", "false")
        mine = note_id(fac, "Mine 1")
        mine2 = note_id(fac, "Mine 2")
        cluster = (await fac.ok("create_cluster", name="Money"))["cluster"]
        await fac.ok("cluster_note", note=a, cluster=cluster)
        await fac.ok("move_note", note=mine, x=0.5, y=0.25)
        await fac.ok("recolor_note", note=b, color="blue")
        await fac.ok("rename_cluster", cluster=cluster, name="Funding")

        await fac.ok("next_phase")  # vote (blind)
        await phone.get_by_role("button", name="Put a dot on: Other A, edited while private").click()
        await phone.get_by_role("button", name="Put a dot on: Mine 2").click()
        await phone.get_by_role("button", name="Put a dot on: Mine 2").click()
        await expect(phone.locator("#budget-text")).to_have_text("2 of 5 dots left")
        await phone.get_by_role("button", name="I'm done").click()
        await expect(phone.get_by_role("button", name="I'm done")).to_have_attribute("aria-pressed", "true")
        # Offline while others act: back online, the page resumes from its last seq.
        await context.set_offline(True)
        await expect(phone.locator("#status")).to_have_attribute("data-status", "offline")
        await other.ok("vote", note=mine)
        await other.ok("vote", note=b)
        await fac.ok("vote", note=a)
        await other.ok("mark_done")
        phases = [{k: v for k, v in p.items() if k != "i18n"} for p in fac.view.board["phases"]]  # as the console sends
        phases[3]["title"] = "Results by group"
        phases.append({"kind": "discuss", "title": "Roadmap", "duration": 900, "hint": "Owners and dates."})
        await fac.ok("set_agenda", phases=phases)
        await fac.ok("mark_decision", target=mine2)  # dropped again by the merge below
        await context.set_offline(False)
        await expect(phone.locator("#status")).to_have_text("Back online")
        assert await phone.evaluate("globalThis.metanet.welcomeMode") == "resume"
        await phone.get_by_role("button", name="I'm done").click()  # taken back
        await expect(console.locator("#done-count")).to_have_text("✓ 1 person is done with this phase")
        await fac.ok("hide_note", note=b)
        await fac.ok("hide_note", note=b, hidden=False)
        await fac.ok("merge_notes", source=mine2, target=mine)  # my two dots follow to "Mine 1"
        await phone.get_by_role("button", name="Take a dot back from: Mine 1").click()
        await expect(phone.locator("#budget-text")).to_have_text("3 of 5 dots left")
        # Blind voting off: the phone gets the tallies; a bigger budget: it recounts its dots.
        await fac.ok("update_settings", settings={"blind_votes": False, "dots_per_person": 6})
        await expect(phone.locator("#budget-text")).to_have_text("4 of 6 dots left")
        await expect(note_card(phone, "Mine 1").locator(".note-tally")).to_have_text("2 dots")
        await fac.ok("start_timer", duration=120)
        await fac.ok("pause_timer")
        await fac.ok("reveal_votes")
        await fac.ok("mark_decision", target=cluster)  # dropped when the cluster goes
        await fac.ok("mark_decision", target=b)  # dropped when the note goes
        await fac.ok("delete_cluster", cluster=cluster)
        await fac.ok("delete_note", note=b)
        await fac.ok("next_phase")  # results
        await expect(note_card(phone, "Mine 1").locator(".note-tally")).to_have_text("#1 · 2 dots")
        await fac.ok("mark_decision", target=mine)
        await fac.ok("mark_decision", target=a)
        await fac.ok("set_roadmap", target=mine, owner="Academia network", next_step="Draft a paper", due="2027-03-31")
        await fac.ok("set_roadmap", target=a, owner="NGO coalition")
        await fac.ok("mark_decision", target=a, decided=False)
        await expect(phone.locator("#decision-list > li")).to_have_count(1)
        await expect(phone.locator("#decision-list")).to_contain_text("Owner: Academia network")
        await fac.ok("next_phase")  # the roadmap phase added above
        await fac.ok("archive_board")
        await expect(phone.locator("#archived")).to_be_visible()

        seq = fac.view.seq
        await eventually(lambda: twin.view.seq == seq)
        await caught_up(phone, seq)
        await caught_up(console, seq)
        followed = await page_view(phone)
        assert followed == twin.view.essentials()

        fresh = await BoardClient.connect(server.ws_base, bid, token=token)  # a snapshot, now
        clients.append(fresh)
        assert followed == fresh.view.essentials()
        assert followed["board"]["decisions"] == [
            {
                "target": mine,
                "kind": "note",
                "owner": "Academia network",
                "next_step": "Draft a paper",
                "due": "2027-03-31",
            }
        ]
        assert followed["board"]["archived"] is True
        assert [p["title"] for p in followed["board"]["phases"]][-2:] == ["Results by group", "Roadmap"]

        # The console (a facilitator: hidden notes, everyone's list, the export key) agrees too.
        fresh_fac = await BoardClient.connect(
            server.ws_base, bid, role="facilitator", token=console_token, secret=board["secret"]
        )
        clients.append(fresh_fac)
        assert await page_view(console) == fresh_fac.view.essentials()
        key = await console.evaluate("globalThis.metanet.state.you.export_key")
        assert key and key == fresh_fac.welcome_msg["you"]["export_key"]  # type: ignore[index]
        assert "export_key" not in (fresh.welcome_msg or {})["you"]

        # A reload starts from a snapshot; it agrees too.
        await phone.reload()
        await caught_up(phone, seq)
        assert await page_view(phone) == fresh.view.essentials()
        assert not watched.errors, watched.errors
        assert not w_console.errors, w_console.errors
    finally:
        for client in clients:
            await client.close()
