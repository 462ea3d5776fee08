"""web/js/state.js folds the stream as server/protocol/view.py::BoardView (the reference) does."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from tests.servers import ServerProcess
from tests.web.conftest import PHONE, add_note, eventually, join_by_code, note_card, open_page
from tests.wsclient import BoardClient

pytestmark = pytest.mark.browser

PAGE_VIEW = """() => {
  const s = globalThis.metanet.state;
  const b = s.board;
  return {
    seq: s.seq, notes: Object.fromEntries(s.notes), clusters: Object.fromEntries(s.clusters),
    tallies: s.tallies, my_votes: s.myVotes, dots_left: s.dotsLeft,
    board: {phase_index: b.phase_index, phase_closed: b.phase_closed, votes_revealed: b.votes_revealed,
            dots_placed: b.dots_placed, timer: b.timer, settings: b.settings, me: b.me},
  };
}"""


def python_view(client: BoardClient) -> dict[str, Any]:
    v = client.view
    keys = ("phase_index", "phase_closed", "votes_revealed", "dots_placed", "timer", "settings", "me")
    return {
        "seq": v.seq,
        "notes": v.notes,
        "clusters": v.clusters,
        "tallies": v.tallies,
        "my_votes": v.my_votes,
        "dots_left": v.dots_left,
        "board": {k: v.board.get(k) for k in keys},
    }


async def page_view(page: Page) -> dict[str, Any]:
    return dict(await page.evaluate(PAGE_VIEW))


async def test_the_page_ends_where_the_reference_view_and_a_fresh_snapshot_end(
    browser: Browser, server: ServerProcess
) -> None:
    board = server.create_board(title="Reference", template="note-and-vote")
    bid = board["board"]
    context, phone, watched = await open_page(browser, PHONE, "phone")
    await join_by_code(phone, server.url, board["code"], "Twin", "Academia")
    token = await phone.evaluate(f"JSON.parse(localStorage.getItem('metanet:participant-token:{bid}'))")
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

        await fac.ok("next_phase")  # group: notes revealed
        mine = next(i for i, n in fac.view.notes.items() if n["text"] == "Mine 1")
        mine2 = next(i for i, n in fac.view.notes.items() if n["text"] == "Mine 2")
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
        # Offline while others act: back online, the page resumes from its last seq.
        await context.set_offline(True)
        await expect(phone.locator("#status")).to_have_attribute("data-status", "offline")
        await other.ok("vote", note=mine)
        await other.ok("vote", note=b)
        await fac.ok("vote", note=a)
        await context.set_offline(False)
        await expect(phone.locator("#status")).to_have_text("Back online")
        assert await phone.evaluate("globalThis.metanet.welcomeMode") == "resume"
        await fac.ok("hide_note", note=b)
        await fac.ok("hide_note", note=b, hidden=False)
        await fac.ok("merge_notes", source=mine2, target=mine)  # my two dots follow to "Mine 1"
        await phone.get_by_role("button", name="Take a dot back from: Mine 1").click()
        await expect(phone.locator("#budget-text")).to_have_text("3 of 5 dots left")
        await fac.ok("start_timer", duration=120)
        await fac.ok("pause_timer")
        await fac.ok("reveal_votes")
        await fac.ok("delete_cluster", cluster=cluster)
        await fac.ok("delete_note", note=b)
        await fac.ok("next_phase")  # results
        await expect(note_card(phone, "Mine 1").locator(".note-tally")).to_have_text("#1 · 2 dots")

        seq = fac.view.seq
        await eventually(lambda: twin.view.seq == seq)
        await phone.wait_for_function("seq => globalThis.metanet.state.seq === seq", arg=seq)
        followed = await page_view(phone)
        assert followed == python_view(twin)

        fresh = await BoardClient.connect(server.ws_base, bid, token=token)  # a snapshot, now
        clients.append(fresh)
        assert followed == python_view(fresh)

        # A reload starts from a snapshot; it agrees too.
        await phone.reload()
        await phone.wait_for_function("seq => globalThis.metanet.state.seq === seq", arg=seq)
        assert await page_view(phone) == python_view(fresh)
        assert not watched.errors, watched.errors
    finally:
        for client in clients:
            await client.close()
