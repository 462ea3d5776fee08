"""The participant page must be light: at most 60 KB on the wire on first load, all in one round of requests.

Its words count too: the phone fetches its language's catalog, only the sections it reads; the
heaviest language is measured as well (Russian and Arabic take two bytes a letter in UTF-8).

The bytes counted are the ones Chromium really received (response headers and the body as sent), so the
budget fails if the server stopped compressing; and every file over 1 KB must say it came gzipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Response, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import PHONE, open_page

pytestmark = pytest.mark.browser

BUDGET = 60 * 1024  # bytes on the wire (headers + body as sent), everything the page fetches
COMPRESS_FROM = 1024  # a text response bigger than this (decoded) must be sent gzipped


@pytest.mark.parametrize("lang", ["en", "ru", "ar"])
async def test_participant_first_load_is_at_most_60_kb_gzipped(
    browser: Browser, server: MetanetServer, artifacts: Path, lang: str
) -> None:
    board = server.create_board(title="Budget", template="note-and-vote")
    _, page, watched = await open_page(browser, PHONE, "phone")
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    await page.goto(f"{server.url}/b/{board['board']}" + ("" if lang == "en" else f"?lang={lang}"))
    await expect(page.locator("#join button[type=submit]")).to_be_visible()  # welcomed: the app runs
    await expect(page.locator("html")).to_have_attribute("lang", lang)
    await page.wait_for_load_state("networkidle")

    fetched: list[dict[str, int | str]] = []
    for response in responses:
        assert await response.finished() is None, response.url  # nothing failed or was aborted
        sizes = await response.request.sizes()
        fetched.append(
            {
                "path": urlsplit(response.url).path,
                "type": response.request.resource_type,
                "status": response.status,
                "encoding": await response.header_value("content-encoding") or "",
                "decoded": len(await response.body()),
                "body_on_wire": sizes["responseBodySize"],
                "headers_on_wire": sizes["responseHeadersSize"],
            }
        )
    total = sum(int(f["body_on_wire"]) + int(f["headers_on_wire"]) for f in fetched)
    report = {"total_on_wire": total, "budget": BUDGET, "files": fetched}
    (artifacts / f"first-load-{lang}.json").write_text(json.dumps(report, indent=2))

    paths = [str(f["path"]) for f in fetched]
    assert len(paths) == len(set(paths)), f"fetched twice: {paths}"
    assert {f["type"] for f in fetched if not str(f["path"]).startswith("/i18n/")} <= {"document", "script", "stylesheet"}
    # Only the page's language, and only the sections a phone reads (web/js/i18n.js).
    catalogs = [f for f in fetched if str(f["path"]).startswith("/i18n/")]
    assert [(f["path"], f["type"]) for f in catalogs] == [(f"/i18n/{lang}.json", "fetch")], catalogs
    assert {f["status"] for f in fetched} == {200}, fetched
    uncompressed = [f["path"] for f in fetched if int(f["decoded"]) > COMPRESS_FROM and f["encoding"] != "gzip"]
    assert not uncompressed, f"sent without Content-Encoding: gzip: {uncompressed}"
    # The wire sizes are the compressed ones: a gzipped body arrives smaller than it decodes to.
    assert all(int(f["body_on_wire"]) < int(f["decoded"]) for f in fetched if f["encoding"] == "gzip"), fetched
    assert total <= BUDGET, f"first load is {total} bytes on the wire, over {BUDGET}"

    # Every module is announced by <link rel=modulepreload>, so a phone fetches them in one
    # round instead of one import level at a time; and nothing preloaded goes unused.
    preloaded = set(
        await page.eval_on_selector_all("link[rel=modulepreload]", "links => links.map(l => new URL(l.href).pathname)")
    )
    scripts = {f["path"] for f in fetched if f["type"] == "script"}
    assert scripts == preloaded
    assert not watched.errors, watched.errors
