"""Real Chromium: a page on another site cannot create boards or open sockets here; our own no-JS form can."""

from __future__ import annotations

import re
import sqlite3

from playwright.async_api import Browser

from testkit.metanet import MetanetServer

EVIL = "http://evil.test"  # answered by the test itself (Playwright routing), never by the network


def boards_stored(server: MetanetServer) -> int:
    with sqlite3.connect(f"{(server.data_dir / 'metanet.sqlite3').as_uri()}?mode=ro", uri=True) as db:
        count: int = db.execute("SELECT COUNT(DISTINCT board) FROM events").fetchone()[0]
    db.close()
    return count


async def test_a_form_on_another_site_posting_text_plain_creates_no_board(browser: Browser, server: MetanetServer) -> None:
    before = boards_stored(server)
    attack = f"""<!doctype html><form method="post" enctype="text/plain" action="{server.url}/api/boards">
      <input name='{{"title": "pwned", "x": "' value='"}}'><button>go</button></form>
      <form id="plain" method="post" action="{server.url}/boards"><input name="title" value="pwned too">
      <button>go</button></form>"""
    context = await browser.new_context()
    await context.route(f"{EVIL}/**", lambda route: route.fulfill(body=attack, content_type="text/html"))
    page = await context.new_page()
    try:
        for form in ("form:not(#plain)", "#plain"):
            await page.goto(f"{EVIL}/")
            async with page.expect_navigation() as navigation:
                await page.locator(f"{form} button").click()
            response = await navigation.value
            assert response is not None and response.status in (403, 415), (form, response.status)
        assert boards_stored(server) == before
        # a page of evil.test cannot open a socket to the board either
        board = server.create_board(title="Target")["board"]
        await page.goto(f"{EVIL}/")
        opened = await page.evaluate(
            """(url) => new Promise((done) => {
                 const ws = new WebSocket(url);
                 ws.onopen = () => done(true);
                 ws.onerror = () => done(false);
               })""",
            f"{server.ws_base}/b/{board}/ws",
        )
        assert opened is False
    finally:
        await context.close()


async def test_the_no_javascript_form_on_our_own_page_creates_a_board(browser: Browser, server: MetanetServer) -> None:
    before = boards_stored(server)
    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    try:
        await page.goto(f"{server.url}/")
        form = page.locator('form[action="/boards"]')
        if not await form.is_visible():
            await page.locator("details", has=form).locator("summary").click()  # the home page folds it away
        await form.get_by_label("Title").fill("Without scripts")
        await form.get_by_role("button", name=re.compile("Create", re.I)).click()
        await page.wait_for_url(re.compile(r"/b/[^/]+/facilitate#"))
        assert boards_stored(server) == before + 1
    finally:
        await context.close()
