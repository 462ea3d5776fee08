"""``?lang=`` on the board and event exports and ``metanet export --lang``: on a real server and its data."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

from testkit.client import BoardClient
from testkit.event_client import post
from testkit.metanet import MetanetServer
from testkit.process import REPO_ROOT


def _get(url: str, key: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"X-Metanet-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), bytes(resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), bytes(err.read())


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server.cli", "export", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


async def decide_one(fac: BoardClient, alice: BoardClient) -> str:
    """Alice writes a note and votes for it; the facilitator marks it a decision. Its id."""
    await alice.ok("join", group="NGO / civil society")
    note: str = (await alice.ok("add_note", text="Victim support hotline"))["note"]
    await fac.ok("set_phase", index=2)
    await alice.ok("vote", note=note)
    await fac.ok("next_phase")
    await fac.ok("mark_decision", target=note)
    return note


async def _one_decision(server: MetanetServer, board: str, secret: str) -> str:
    fac = await BoardClient.connect(server.ws_base, board, role="facilitator", secret=secret)
    alice = await BoardClient.connect(server.ws_base, board)
    try:
        await decide_one(fac, alice)
        assert fac.welcome_msg is not None
        key: str = fac.welcome_msg["you"]["export_key"]
        return key
    finally:
        await fac.close()
        await alice.close()


async def test_a_board_report_in_the_language_asked_for(server: MetanetServer, board: dict[str, str]) -> None:
    key = await _one_decision(server, board["board"], board["secret"])
    url = f"{server.url}/b/{board['board']}/export"

    status, headers, body = _get(url + ".md?lang=fr", key)
    french = body.decode()
    assert status == 200 and "## Décisions et feuille de route" in french
    assert "Victim support hotline **(décision 1)**" in french  # people's words as typed
    assert headers["content-disposition"] == 'attachment; filename="metanet-test-board.fr.md"'
    status, _, body = _get(url + ".md", key)  # no setting, nothing asked: English
    assert status == 200 and "## Decisions and roadmap" in body.decode()
    status, _, body = _get(url + ".md?lang=ar", key)
    assert body.decode().startswith('<div dir="rtl" lang="ar">\n\n# \u200eTest board\u200e\n')  # LTR words marked
    status, _, body = _get(url + ".json?lang=zh", key)
    assert status == 200 and json.loads(body)["report"]["language"] == "zh"

    # The command line writes the same report, in the same language.
    by_cli = _cli(board["board"], "--lang", "fr", "--data-dir", str(server.data_dir))
    assert by_cli.returncode == 0, by_cli.stderr
    assert by_cli.stdout == french
    zh = _cli(board["board"], "--lang", "zh", "--format", "md", "--data-dir", str(server.data_dir))
    assert "## 决定与路线图" in zh.stdout


async def test_a_board_in_another_language_reports_in_it_by_default(server: MetanetServer) -> None:
    """The board's language setting (its shared screens') is the report's; its template's phases speak it."""
    made = server.create_board(title="Atelier", template="note-and-vote", language="fr")
    key = await _one_decision(server, made["board"], made["secret"])
    url = f"{server.url}/b/{made['board']}/export.md"
    status, headers, body = _get(url, key)
    french = body.decode()
    assert status == 200 and "## Décisions et feuille de route" in french and "| Écrire en silence |" in french
    assert headers["content-disposition"] == 'attachment; filename="metanet-atelier.fr.md"'
    english = _get(url + "?lang=en", key)[2].decode()  # the template's English words, kept with the phase
    assert "## Decisions and roadmap" in english and "| Write silently |" in english
    assert "| 安静书写 |" in _get(url + "?lang=zh", key)[2].decode()
    by_cli = _cli(made["code"], "--data-dir", str(server.data_dir))
    assert by_cli.returncode == 0 and by_cli.stdout == french


async def test_an_unknown_language_is_a_clear_error_and_nothing_is_exported(server: MetanetServer,
                                                                            board: dict[str, str]) -> None:
    key = await _one_decision(server, board["board"], board["secret"])
    url = f"{server.url}/b/{board['board']}/export"
    for asked in ("de", "", "en-XA", "FR"):
        status, _, body = _get(f"{url}.md?lang={asked}", key)
        assert status == 400, asked
        answer = json.loads(body)
        assert answer["code"] == "invalid" and f"no report language {asked!r}" in answer["message"]
        assert "use one of ar, zh, en, fr, ru, es" in answer["message"]
    result = _cli(board["board"], "--lang", "de", "--data-dir", str(server.data_dir))
    assert result.returncode == 2 and result.stdout == ""
    assert "argument --lang: invalid choice: 'de' (choose from 'ar', 'zh', 'en', 'fr', 'ru', 'es')" in result.stderr


async def test_a_csv_download_starts_with_a_byte_order_mark_and_the_command_line_does_not(
        server: MetanetServer, board: dict[str, str]) -> None:
    key = await _one_decision(server, board["board"], board["secret"])
    status, _, body = _get(f"{server.url}/b/{board['board']}/export.csv?lang=ar", key)
    assert status == 200 and body.startswith(b"\xef\xbb\xbfrank,note,text,")  # keys, in every language
    by_cli = subprocess.run([sys.executable, "-m", "server.cli", "export", board["board"], "--format", "csv", "--lang", "ar",
                             "--data-dir", str(server.data_dir)], cwd=REPO_ROOT, capture_output=True, timeout=60, check=True)
    assert b"\xef\xbb\xbf" + by_cli.stdout == body  # the same bytes after the mark (CR LF row ends)


async def test_an_event_report_in_the_language_asked_for(server: MetanetServer) -> None:
    status, made = post(server.url + "/api/events", {"title": "Crime commission week",
                                                     "metanets": [{"title": "Cybercrime"}, {"title": "Wildlife"}]})
    assert status == 201, made
    first = made["metanets"][0]
    await _one_decision(server, first["board"], first["facilitator_url"].split("#")[1])
    url = f"{server.url}/e/{made['code']}/export"

    status, headers, body = _get(url + ".md?lang=ru", made["export_key"])
    russian = body.decode()
    assert status == 200 and "## Секции" in russian and "### Решения и дорожная карта" in russian
    assert headers["content-disposition"].endswith('.ru.md"')
    status, _, body = _get(url + ".md", made["export_key"])
    assert "## The metanets" in body.decode()
    status, _, body = _get(url + ".md?lang=xx", made["export_key"])
    assert status == 400 and "no report language 'xx'" in json.loads(body)["message"]

    arabic = _cli("--event", made["code"], "--lang", "ar", "--data-dir", str(server.data_dir))
    assert arabic.returncode == 0, arabic.stderr
    assert arabic.stdout.startswith('<div dir="rtl" lang="ar">\n\n# \u200eCrime commission week\u200e\n')
    assert "## ورش العمل" in arabic.stdout and arabic.stdout.endswith("\n</div>\n")
    assert arabic.stdout.count("<div") == 1  # each metanet's report sits inside the event's, not wrapped again
