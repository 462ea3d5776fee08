"""Requests from other sites: DNS rebinding, cross-site posts, and credentials kept out of the log."""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.client import BoardClient
from testkit.metanet import MetanetServer


def request(server: MetanetServer, method: str, path: str, body: bytes | None = None,
            **headers: str) -> tuple[int, bytes]:
    """One HTTP request with exactly these headers (``Host`` included: http.client then sends no other)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body, headers={"Host": f"127.0.0.1:{server.port}",
                                                  **{k.replace("_", "-"): v for k, v in headers.items()}})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def handshake(server: MetanetServer, board: str, host: str, origin: str | None, path: str = "/b/{}/ws") -> int:
    """The HTTP status a WebSocket handshake with this Host and Origin gets (101: the socket opened)."""
    lines = [f"GET {path.format(board)} HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def boards_stored(server: MetanetServer) -> int:
    with sqlite3.connect(f"{(server.data_dir / 'metanet.sqlite3').as_uri()}?mode=ro", uri=True) as db:
        count: int = db.execute("SELECT COUNT(DISTINCT board) FROM events").fetchone()[0]
    db.close()
    return count


@pytest.fixture
def public(tmp_path: Path) -> Iterator[MetanetServer]:
    """A server behind a proxy: its public URL is https://board.example.org."""
    env = {"METANET_PUBLIC_URL": "https://board.example.org", "METANET_HOSTS": "metanet.lan"}
    with MetanetServer(tmp_path / "data", env=env) as server:
        yield server


# -- DNS rebinding: only this server's own host names ------------------------------------------------------


def test_a_host_name_that_is_not_the_servers_is_refused(server: MetanetServer, board: dict[str, str]) -> None:
    port = server.port
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", ""):
        assert request(server, "GET", "/", Host=host)[0] == 400, host
        assert request(server, "GET", f"/b/{board['board']}", Host=host)[0] == 400, host
    # a page on evil.example rebound to this server is same-origin with itself: it must not get a socket either
    assert handshake(server, board["board"], f"evil.example:{port}", f"http://evil.example:{port}") == 400
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"192.0.2.7:{port}",
                 f"{socket.gethostname()}:{port}"):
        assert request(server, "GET", "/", Host=host)[0] == 200, host
        assert handshake(server, board["board"], host, f"http://{host}") == 101, host


def test_the_public_url_and_configured_names_are_answered(public: MetanetServer) -> None:
    board = public.create_board(title="Behind a proxy")["board"]
    for host in ("board.example.org", "metanet.lan:8080", "Board.Example.Org"):
        assert request(public, "GET", "/", Host=host)[0] == 200, host
    assert request(public, "GET", "/", Host="other.example.org")[0] == 400
    # the proxy speaks https to browsers and plain http to Metanet: the public origin is the one that counts
    assert handshake(public, board, "board.example.org", "https://board.example.org") == 101
    assert handshake(public, board, "board.example.org", "https://evil.example") == 403


def test_a_websocket_origin_must_match_scheme_host_and_port(server: MetanetServer, board: dict[str, str]) -> None:
    host = f"127.0.0.1:{server.port}"
    assert handshake(server, board["board"], host, f"http://{host}") == 101
    assert handshake(server, board["board"], host, None) == 101  # not a browser
    for origin in (f"https://{host}", f"http://127.0.0.1:{server.port + 1}", "http://127.0.0.1", "null",
                   f"http://localhost:{server.port}"):
        assert handshake(server, board["board"], host, origin) == 403, origin
        assert handshake(server, "NOPE", host, origin, path="/e/{}/ws") == 403, origin  # every socket: events too


# -- cross-site posts ---------------------------------------------------------------------------------------


def test_a_cross_site_text_plain_post_creates_no_board(server: MetanetServer) -> None:
    before = boards_stored(server)
    body = json.dumps({"title": "Made by evil.example"}).encode()
    # what a form with enctype=text/plain on another site sends: no CORS preflight
    status, reply = request(server, "POST", "/api/boards", body, Content_Type="text/plain",
                            Origin="https://evil.example", Sec_Fetch_Site="cross-site")
    assert status == 415 and json.loads(reply)["code"] == "invalid"
    assert request(server, "POST", "/api/boards", body, Content_Type="text/plain")[0] == 415
    assert request(server, "POST", "/api/boards/import", body, Content_Type="text/plain")[0] == 415
    status, reply = request(server, "POST", "/api/boards", body, Content_Type="application/json",
                            Origin="https://evil.example")
    assert status == 403 and json.loads(reply)["code"] == "forbidden"
    assert boards_stored(server) == before
    # the server's own page, and a client that is not a browser, still create boards
    own = f"http://127.0.0.1:{server.port}"
    assert request(server, "POST", "/api/boards", body, Content_Type="application/json; charset=utf-8", Origin=own)[0] == 201
    assert request(server, "POST", "/api/boards", body, Content_Type="application/json")[0] == 201
    assert boards_stored(server) == before + 2


def test_the_no_javascript_form_works_from_the_same_origin_only(server: MetanetServer) -> None:
    before = boards_stored(server)
    form = b"title=Plenary&template=note-and-vote&dots_per_person=5"
    kind = "application/x-www-form-urlencoded"
    assert request(server, "POST", "/boards", form, Content_Type=kind, Origin="https://evil.example")[0] == 403
    assert request(server, "POST", "/boards", form, Content_Type=kind, Origin="null",
                   Sec_Fetch_Site="cross-site")[0] == 403
    assert boards_stored(server) == before
    # a same-origin form: Origin null (the page's Referrer-Policy is no-referrer), Sec-Fetch-Site same-origin
    assert request(server, "POST", "/boards", form, Content_Type=kind, Origin="null",
                   Sec_Fetch_Site="same-origin")[0] == 303
    assert boards_stored(server) == before + 1


# -- credentials in the log ---------------------------------------------------------------------------------


async def test_no_credential_lands_in_the_servers_log(server: MetanetServer, board: dict[str, str]) -> None:
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    assert fac.welcome_msg is not None
    key = fac.welcome_msg["you"]["export_key"]
    await fac.close()
    path = f"/b/{board['board']}/export.md"
    status, reply = request(server, "GET", f"{path}?key={key}")  # a hand-made link: refused, and not logged
    assert status == 400 and b"X-Metanet-Key" in reply
    assert request(server, "GET", path, X_Metanet_Key=key)[0] == 200
    request(server, "GET", f"/b/{board['board']}/ws?secret={board['secret']}")
    log = server.log_path.read_text(errors="replace")
    assert f"GET {path}" in log  # the access log is on
    assert key not in log and board["secret"] not in log
