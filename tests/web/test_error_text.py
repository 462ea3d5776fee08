"""web/js/error-text.js in real Chromium: a server's refusal becomes a sentence in the page's language.

The refusals come from the real server (a board creation it refuses over HTTP, and a vote it refuses
over the socket), so the test covers the whole way: the raise's reason and params, the wire, and the
catalog's sentence with the params filled in.
"""

from __future__ import annotations

import json
import urllib.error
from typing import Any

import pytest
from playwright.async_api import Browser

from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.web.conftest import PHONE, open_page

pytestmark = pytest.mark.browser

SAY = """async ([lang, error]) => {
  const i18n = await import('/static/js/i18n.js');
  await i18n.startLanguage(lang, ['common', 'errors']);
  const { errorText, httpErrorText } = await import('/static/js/error-text.js');
  return [errorText(error.code, error.message, error.reason, error.params), httpErrorText(error)];
}"""


async def _refused_board(server: MetanetServer) -> dict[str, Any]:
    try:
        server.create_board(template="no-such-template")
    except urllib.error.HTTPError as answer:
        assert answer.code == 400
        body: dict[str, Any] = json.load(answer)
        return body
    raise AssertionError("the server made a board from a template it does not have")


async def test_an_http_refusal_reads_in_the_pages_language(browser: Browser, server: MetanetServer) -> None:
    refused = await _refused_board(server)
    assert (refused["code"], refused["reason"], refused["params"]) == ("invalid", "unknown_template",
                                                                        {"template": "no-such-template"})
    _, page, watched = await open_page(browser, PHONE, "page")
    await page.goto(server.url + "/", wait_until="networkidle")  # the page has set its own language: ours is last
    said = {lang: await page.evaluate(SAY, [lang, refused]) for lang in ("en", "fr", "zh", "ar")}
    assert said["en"] == ["There is no template 'no-such-template'. Choose one from the list."] * 2
    assert said["fr"][0] == "Il n’y a pas de modèle «\u00a0no-such-template\u00a0». Choisissez-en un dans la liste."
    assert said["zh"][0] == "没有名为“no-such-template”的模板。请从列表中选择。"
    assert said["ar"][0] == "لا يوجد قالب باسم «no-such-template». اختر قالبًا من القائمة."
    assert not watched.errors, watched.errors


async def test_a_socket_refusal_with_a_count_picks_the_plural_form(browser: Browser, server: MetanetServer) -> None:
    board = server.create_board(template="note-and-vote", settings={"max_dots_per_note": 1})
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    voter = await BoardClient.connect(server.ws_base, board["board"])
    await voter.ok("join", group="Academia")
    note = (await fac.ok("add_note", text="Shared water"))["note"]
    await fac.ok("next_phase")  # group
    await fac.ok("next_phase")  # vote
    await voter.ok("vote", note=note)
    refused = await voter.command("vote", note=note)
    for client in (fac, voter):
        await client.close()
    assert (refused["reason"], refused["params"]) == ("per_note_cap", {"count": 1})
    _, page, watched = await open_page(browser, PHONE, "page")
    await page.goto(server.url + "/", wait_until="networkidle")  # the page has set its own language: ours is last
    said = {lang: (await page.evaluate(SAY, [lang, refused]))[0] for lang in ("en", "ru", "es")}
    assert said == {"en": "At most 1 dot on one note.", "ru": "Максимум точек на одну заметку: 1.",
                    "es": "Como máximo 1 punto por nota."}
    # A reason this page does not know falls back to its code's sentence, then to the generic one.
    unknown = {**refused, "reason": "from_a_newer_server"}
    assert (await page.evaluate(SAY, ["fr", unknown]))[0] == "Il ne vous reste plus de points pour cela."
    assert (await page.evaluate(SAY, ["fr", {**unknown, "code": "odd"}]))[0] == "Cela n’a pas fonctionné. Réessayez."
    assert not watched.errors, watched.errors
