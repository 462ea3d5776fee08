"""A board's languages over HTTP and the protocol, against a real server: templates in six languages,
a board made in French (JSON) or Russian (the plain form), the setting changed live, bad values refused."""

from __future__ import annotations

import json
from typing import Any

from server import templates
from server.i18n import LANGUAGES, PSEUDO
from server.i18n.pseudo import pseudo_text
from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from tests.sprint.test_lifecycle import _facilitator, _http, _stored_boards

OTHERS = set(LANGUAGES) - {"en"}


def _get(server: MetanetServer, path: str) -> Any:
    status, body = _http(server, path)
    assert status == 200
    return json.loads(body)


async def test_the_templates_come_with_their_words_in_the_five_other_languages(server: MetanetServer) -> None:
    # and in the test language en-XA, made from the English (the start page's pseudo-language walk shows them)
    listed = OTHERS | {PSEUDO}
    for template in _get(server, "/api/templates"):
        assert set(template["i18n"]) == listed, template["name"]
        assert all(words["title"] and words["description"] for words in template["i18n"].values())
        assert template["i18n"][PSEUDO]["title"] == pseudo_text(template["title"])
        for phase in template["phases"]:
            assert set(phase["i18n"]) == listed and all(w["title"] and w["hint"] for w in phase["i18n"].values())
            assert phase["i18n"][PSEUDO]["hint"] == pseudo_text(phase["hint"])
    for template in _get(server, "/api/event-templates"):
        assert set(template["i18n"]) == listed, template["name"]
        for metanet in template["metanets"]:
            assert set(metanet["i18n"]) == listed and all(w["title"] and w["question"] for w in metanet["i18n"].values())
            assert metanet["i18n"][PSEUDO]["question"] == pseudo_text(metanet["question"])


async def test_a_board_made_in_french_shows_its_phases_in_french_to_everyone(server: MetanetServer) -> None:
    status, body = _http(server, "/api/boards", {"title": "Eau", "template": "note-and-vote",
                                                 "settings": {"language": "fr", "second_language": "ar"}})
    assert status == 201
    board = json.loads(body)
    fac, _ = await _facilitator(server, board)
    phone = await BoardClient.connect(server.ws_base, board["board"])
    source = templates.phases_of("note-and-vote")
    for client in (fac, phone):
        settings, phases = client.view.board["settings"], client.view.board["phases"]
        assert (settings["language"], settings["second_language"]) == ("fr", "ar")
        assert [p["title"] for p in phases] == [p["i18n"]["fr"]["title"] for p in source]
        assert [p["i18n"]["en"]["title"] for p in phases] == [p["title"] for p in source]
        assert phases[0]["i18n"]["zh"] == source[0]["i18n"]["zh"]
    for client in (fac, phone):
        await client.close()


async def test_the_plain_form_and_the_top_level_field_take_a_language_too(server: MetanetServer) -> None:
    status, location = server.create_board_by_form([("title", "Леса"), ("template", "priorities-workshop"),
                                                    ("language", "ru"), ("second_language", "zh")])
    assert status == 303
    console, _, secret = location.partition("#")
    board = console.removeprefix(f"{server.url}/b/").removesuffix("/facilitate")
    fac, _ = await _facilitator(server, {"board": board, "secret": secret})
    settings = fac.view.board["settings"]
    assert (settings["language"], settings["second_language"]) == ("ru", "zh")
    assert fac.view.board["phases"][0]["title"] == "Определяем приоритеты"
    await fac.close()
    status, body = _http(server, "/api/boards", {"title": "水", "language": "zh"})
    assert status == 201
    fac, _ = await _facilitator(server, json.loads(body))
    assert fac.view.board["settings"]["language"] == "zh"
    assert fac.view.board["phases"][0]["title"] == "安静书写"
    await fac.close()


async def test_a_bad_language_is_refused_with_its_reason_and_creates_nothing(server: MetanetServer) -> None:
    before = _stored_boards(server)
    for body in ({"settings": {"language": "de"}}, {"settings": {"second_language": "EN"}}, {"language": "xx"},
                 {"settings": {"language": 7}}):
        status, reply = _http(server, "/api/boards", {"title": "T", **body})
        error = json.loads(reply)
        assert status == 400 and error["code"] == "invalid", (body, error)
        assert error["reason"] == "unknown_language", (body, error)
    assert _stored_boards(server) == before
    status, reply = _http(server, "/api/boards", {"title": "T", "settings": {"language": "de"}})
    assert (json.loads(reply)["reason"], json.loads(reply)["params"]) == ("unknown_language", {})


async def test_the_facilitator_changes_the_language_live_and_a_bad_one_changes_nothing(
        server: MetanetServer, board: dict[str, str]) -> None:
    fac, _ = await _facilitator(server, board)
    projector = await BoardClient.connect(server.ws_base, board["board"], role="projector")
    assert projector.view.board["settings"]["language"] == "en"
    result = await fac.ok("update_settings", settings={"language": "ar", "second_language": "en"})
    await projector.wait_seq(result["seq"])
    assert (projector.view.board["settings"]["language"], projector.view.board["settings"]["second_language"]) == \
        ("ar", "en")
    refused = await fac.command("update_settings", settings={"second_language": "pt"})
    assert (refused["ok"], refused["code"], refused["reason"]) == (False, "invalid", "unknown_language")
    wrong_type = await fac.command("update_settings", settings={"language": ["fr"]})
    assert (wrong_type["ok"], wrong_type["code"]) == (False, "bad_message")
    fresh = await BoardClient.connect(server.ws_base, board["board"], role="projector")
    assert fresh.view.board["settings"]["second_language"] == "en" and fresh.view.seq == result["seq"]
    for client in (fac, projector, fresh):
        await client.close()
