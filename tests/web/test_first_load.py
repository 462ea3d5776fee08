"""The participant page must be light: at most 60 KB gzipped on first load, all in one round of requests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Response, expect

from tests.servers import ServerProcess
from tests.web.conftest import PHONE, open_page

pytestmark = pytest.mark.browser

BUDGET = 60 * 1024  # bytes, gzipped, everything the page fetches


async def test_participant_first_load_is_at_most_60_kb_gzipped(
    browser: Browser, server: ServerProcess, artifacts: Path
) -> None:
    board = server.create_board(title="Budget", template="note-and-vote")
    _, page, watched = await open_page(browser, PHONE, "phone")
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    await page.goto(f"{server.url}/b/{board['board']}")
    await expect(page.get_by_role("button", name="Join", exact=True)).to_be_visible()  # welcomed: the app runs
    await page.wait_for_load_state("networkidle")

    fetched: dict[str, dict[str, int | str]] = {}
    for response in responses:
        body = await response.body()
        fetched[urlsplit(response.url).path] = {
            "type": response.request.resource_type,
            "bytes": len(body),
            "gzip": len(gzip.compress(body, compresslevel=9)),
        }
    total = sum(int(f["gzip"]) for f in fetched.values())
    report = {"total_gzip": total, "budget": BUDGET, "files": fetched}
    (artifacts / "first-load.json").write_text(json.dumps(report, indent=2))

    assert {f["type"] for f in fetched.values()} <= {"document", "script", "stylesheet"}, fetched
    assert total <= BUDGET, f"first load is {total} bytes gzipped, over {BUDGET}"

    # Every module is announced by <link rel=modulepreload>, so a phone fetches them in one
    # round instead of one import level at a time; and nothing preloaded goes unused.
    preloaded = set(
        await page.eval_on_selector_all("link[rel=modulepreload]", "links => links.map(l => new URL(l.href).pathname)")
    )
    scripts = {path for path, f in fetched.items() if f["type"] == "script"}
    assert scripts == preloaded
    assert not watched.errors, watched.errors
