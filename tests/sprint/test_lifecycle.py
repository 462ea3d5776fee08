"""A board's life over HTTP and the protocol: create, delete, start a new session from it, import an export."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from server import templates
from testkit.client import BoardClient
from testkit.metanet import MetanetServer


def _http(server: MetanetServer, path: str, body: Any = None, headers: dict[str, str] | None = None,
          raw: bytes | None = None) -> tuple[int, bytes]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(server.url + path, data=data, method="POST" if data is not None else "GET",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, bytes(resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, bytes(err.read())


async def _facilitator(server: MetanetServer, board: dict[str, str]) -> tuple[BoardClient, str]:
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    assert fac.welcome_msg is not None
    return fac, fac.welcome_msg["you"]["export_key"]


async def _some_content(server: MetanetServer, board: dict[str, str]) -> tuple[BoardClient, BoardClient, str]:
    fac, key = await _facilitator(server, board)
    alice = await BoardClient.connect(server.ws_base, board["board"])
    await alice.ok("join", name="Alice", group="Academia")
    note = (await alice.ok("add_note", text="Shared cyber-forensics lab"))["note"]
    await alice.ok("add_note", text="Victim hotline")
    await fac.ok("next_phase")
    await fac.ok("next_phase")  # vote
    await alice.ok("vote", note=note)
    await fac.ok("next_phase")  # results
    await fac.ok("mark_decision", target=note)
    await fac.ok("set_roadmap", target=note, owner="UNODC", due="2027-01-31")
    return fac, alice, key


def _stored_boards(server: MetanetServer) -> tuple[int, int]:
    """How many boards have a log, and how many join codes are claimed, in the server's SQLite file."""
    with sqlite3.connect(f"{(server.data_dir / 'metanet.sqlite3').as_uri()}?mode=ro", uri=True) as db:
        logs = db.execute("SELECT COUNT(DISTINCT board) FROM events").fetchone()[0]
        codes = db.execute("SELECT COUNT(*) FROM codes").fetchone()[0]
    db.close()
    return int(logs), int(codes)


# (case, body, what the error message names)
BAD_CREATE = [
    ("settings is text", {"settings": "abc"}, "settings"),
    ("settings is a list", {"settings": [1]}, "settings"),
    ("template is a list", {"template": ["x"]}, "template"),
    ("template is a number", {"template": 7}, "template"),
    ("unknown template", {"template": "no-such-template"}, "template"),
    ("phases is text", {"phases": "x"}, "phases"),
    ("phases is a map", {"phases": {"kind": "vote"}}, "phases"),
    ("a phase is not a map", {"phases": ["x"]}, "phase"),
    ("title is a number", {"title": 5}, "title"),
    ("question is a list", {"question": ["why?"]}, "question"),
    ("a setting of the wrong type", {"settings": {"dots_per_person": "many"}}, "dots_per_person"),
]


async def test_a_create_request_with_a_wrong_field_type_gets_400_and_creates_nothing(server: MetanetServer) -> None:
    server.create_board(title="Already here")
    assert _stored_boards(server) == (1, 1)
    for case, body, field in BAD_CREATE:
        status, reply = _http(server, "/api/boards", {"title": "Test board", **body})
        assert status == 400, (case, reply)
        error = json.loads(reply)
        assert error["code"] == "invalid" and field in error["message"], (case, error)
        assert _stored_boards(server) == (1, 1), case


async def test_the_plain_form_creates_a_board_and_redirects_to_its_console(server: MetanetServer) -> None:
    status, location = server.create_board_by_form([
        ("title", "Wildlife trafficking"), ("question", "What first?"), ("template", "strategy-sprint"),
        ("dots_per_person", "7"), ("max_dots_per_note", "2"),
        ("anonymous", "off"), ("anonymous", "on"), ("blind_votes", "off"),  # ticked, unticked
    ])
    assert status == 303
    console, _, secret = location.partition("#")
    assert console.startswith(f"{server.url}/b/") and console.endswith("/facilitate") and secret
    board = console.removeprefix(f"{server.url}/b/").removesuffix("/facilitate")
    fac, _ = await _facilitator(server, {"board": board, "secret": secret})
    settings = fac.view.board["settings"]
    assert settings["title"] == "Wildlife trafficking" and settings["question"] == "What first?"
    assert (settings["dots_per_person"], settings["max_dots_per_note"]) == (7, 2)
    assert settings["anonymous"] is True and settings["blind_votes"] is False
    assert [p["id"] for p in fac.view.board["phases"]] == [p["id"] for p in templates.phases_of("strategy-sprint")]
    await fac.close()


async def test_only_the_export_key_opens_the_exports(server: MetanetServer, board: dict[str, str]) -> None:
    fac, alice, key = await _some_content(server, board)
    assert alice.welcome_msg is not None and "export_key" not in alice.welcome_msg["you"]
    path = f"/b/{board['board']}/export"
    assert _http(server, f"{path}.md")[0] == 403
    assert _http(server, f"{path}.md", headers={"X-Metanet-Key": "0" * 64})[0] == 403
    assert _http(server, f"{path}.md", headers={"X-Metanet-Key": board["secret"]})[0] == 403  # the secret is not the key
    status, body = _http(server, f"{path}.md?key={key}")  # never in the URL: URLs end up in logs
    assert status == 400 and b"X-Metanet-Key" in body
    status, body = _http(server, f"{path}.md", headers={"X-Metanet-Key": key})
    assert status == 200 and b"Shared cyber-forensics lab" in body and b"UNODC" in body
    status, body = _http(server, f"{path}.csv", headers={"X-Metanet-Key": key})
    assert status == 200 and body.startswith("\ufeffrank,note,text".encode())  # a BOM, for Excel (report/formats.py)
    assert _http(server, f"{path}.pdf", headers={"X-Metanet-Key": key})[0] == 404
    assert _http(server, "/b/nope/export.md", headers={"X-Metanet-Key": key})[0] == 404
    with urllib.request.urlopen(urllib.request.Request(server.url + f"{path}.json", headers={"X-Metanet-Key": key})) as resp:
        assert resp.headers["Content-Type"] == "application/json"
        assert resp.headers["Content-Disposition"] == 'attachment; filename="metanet-test-board.json"'
        assert resp.headers["Cache-Control"] == "no-store"
    for client in (fac, alice):
        await client.close()


async def test_export_import_export_over_http_is_identical(server: MetanetServer, board: dict[str, str]) -> None:
    fac, alice, key = await _some_content(server, board)
    await fac.ok("archive_board")
    _, first = _http(server, f"/b/{board['board']}/export.json", headers={"X-Metanet-Key": key})
    status, body = _http(server, "/api/boards/import", raw=first)
    assert status == 201, body
    copy = json.loads(body)
    assert set(copy) >= {"board", "code", "secret", "participant_url", "join_url", "facilitator_url", "projector_url"}
    assert copy["board"] != board["board"] and copy["secret"] != board["secret"]
    fac2, key2 = await _facilitator(server, copy)
    _, again = _http(server, f"/b/{copy['board']}/export.json", headers={"X-Metanet-Key": key2})
    assert again == first
    assert key2 != key and _http(server, f"/b/{copy['board']}/export.json", headers={"X-Metanet-Key": key})[0] == 403
    # The copy is a live board: reopen it and carry on.
    await fac2.ok("archive_board", archived=False)
    bob = await BoardClient.connect(server.ws_base, copy["board"])
    await bob.ok("join", group="Other")
    assert sorted(n["text"] for n in bob.view.notes.values()) == ["Shared cyber-forensics lab", "Victim hotline"]
    assert bob.view.board["decisions"][0]["owner"] == "UNODC"
    for client in (fac, alice, fac2, bob):
        await client.close()


async def test_a_bad_import_is_refused_and_creates_nothing(server: MetanetServer) -> None:
    status, body = _http(server, "/api/boards/import", raw=b"{not json")
    assert status == 400
    status, body = _http(server, "/api/boards/import", body={"format": "metanet-board", "version": 1, "board": {"notes": 5}})
    assert status == 400 and json.loads(body)["code"] == "invalid"
    status, _ = _http(server, "/api/boards/import", raw=b" " * (8 * 1024 * 1024 + 1))
    assert status == 413


async def test_a_new_session_starts_from_an_old_boards_agenda(server: MetanetServer, board: dict[str, str]) -> None:
    fac, alice, key = await _some_content(server, board)
    phases = [{k: v for k, v in p.items() if k != "i18n"} for p in fac.view.board["phases"]]  # as the console sends
    phases[0]["title"] = "Write again"
    await fac.ok("set_agenda", phases=phases)
    await fac.ok("update_settings", settings={"dots_per_person": 7})
    status, body = _http(server, "/api/boards", {"from_board": board["board"], "key": "nope"})
    assert status == 403
    status, body = _http(server, "/api/boards", {"from_board": board["board"], "key": key, "title": "Day 2"})
    assert status == 201, body
    new = json.loads(body)
    fac2, _ = await _facilitator(server, new)
    assert fac2.view.board["phases"] == fac.view.board["phases"]
    assert fac2.view.board["settings"]["dots_per_person"] == 7
    assert fac2.view.board["settings"]["title"] == "Day 2"
    assert fac2.view.notes == {} and fac2.view.board["decisions"] == [] and fac2.view.board["phase_index"] == 0
    for client in (fac, alice, fac2):
        await client.close()


async def test_deleting_a_board_closes_its_sockets_and_erases_it(server: MetanetServer, board: dict[str, str]) -> None:
    fac, alice, key = await _some_content(server, board)
    code = fac.view.board["code"]
    refused = await fac.command("delete_board", confirm="WRONG")
    assert not refused["ok"] and refused["code"] == "invalid"
    await fac.ok("delete_board", confirm=code)
    for client in (fac, alice):
        await asyncio.wait_for(client.closed.wait(), 5)
        assert client.ws.close_code == 4004
    assert alice.view.board.get("deleted") is True  # the event arrived before the close
    again = await BoardClient.connect(server.ws_base, board["board"], wait=False)
    await asyncio.wait_for(again.closed.wait(), 5)
    assert again.ws.close_code == 4004
    await again.close()
    assert _http(server, f"/j/{code}")[0] == 404
    assert _http(server, f"/b/{board['board']}/export.md", headers={"X-Metanet-Key": key})[0] == 404
    with sqlite3.connect(f"{(server.data_dir / 'metanet.sqlite3').as_uri()}?mode=ro", uri=True) as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE board = ?", (board["board"],)).fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM codes WHERE board = ?", (board["board"],)).fetchone() == (0,)
    db.close()
    for client in (fac, alice):
        await client.close()
