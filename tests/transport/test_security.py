"""Who may connect and what they may do: each refusal with its documented code, nothing changed."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import msgpack
import pytest
import websockets

from testkit.client import BoardClient
from testkit.metanet import MetanetServer


async def _board_state(server: MetanetServer, board: dict[str, str]) -> dict[str, object]:
    probe = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    try:
        return probe.view.essentials()
    finally:
        await probe.close()


async def test_a_foreign_origin_is_refused_at_the_handshake(server: MetanetServer, board: dict[str, str]) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        await BoardClient.connect(server.ws_base, board["board"], origin="https://evil.example")
    assert refused.value.response.status_code == 403
    same_host = await BoardClient.connect(server.ws_base, board["board"], origin=f"http://127.0.0.1:{server.port}")
    assert same_host.welcome_msg is not None
    await same_host.close()


CREDENTIALS = [
    ("forged facilitator secret", {"role": "facilitator", "secret": "x" * 32}, 4001, "unauthorized"),
    ("missing facilitator secret", {"role": "facilitator"}, 4001, "unauthorized"),
    ("cross-board facilitator secret", {"role": "facilitator", "secret": "OTHER"}, 4001, "unauthorized"),
    ("token too short", {"role": "participant", "token": "short"}, 4001, "unauthorized"),
    ("unknown role", {"role": "admin"}, 1008, "bad_message"),
]


@pytest.mark.parametrize(("case", "hello", "close_code", "error"), CREDENTIALS, ids=[c[0] for c in CREDENTIALS])
async def test_bad_credentials_are_refused_and_change_nothing(
    server: MetanetServer, board: dict[str, str], case: str, hello: dict[str, str], close_code: int, error: str
) -> None:
    before = await _board_state(server, board)
    if hello.get("secret") == "OTHER":
        hello = {**hello, "secret": server.create_board(title="Another board")["secret"]}
    bystander = await BoardClient.connect(server.ws_base, board["board"])
    intruder = await BoardClient.connect(server.ws_base, board["board"], wait=False, **hello)  # type: ignore[arg-type]
    await asyncio.wait_for(intruder.closed.wait(), 10)
    assert intruder.ws.close_code == close_code
    assert [m["code"] for m in intruder.messages if m["t"] == "error"] == [error]
    assert await _board_state(server, board) == before
    assert (await bystander.command("join", group="Academia"))["ok"]  # others unaffected
    await bystander.close()
    await intruder.close()


async def test_the_projector_cannot_send_any_command(server: MetanetServer, board: dict[str, str]) -> None:
    before = await _board_state(server, board)
    projector = await BoardClient.connect(server.ws_base, board["board"], role="projector")
    for kind, fields in [("join", {"group": "Academia"}), ("add_note", {"text": "hi"}), ("next_phase", {}),
                         ("start_timer", {"duration": 5}), ("vote", {"note": "n1"})]:
        ack = await projector.command(kind, **fields)
        assert ack["ok"] is False and ack["code"] == "forbidden", (kind, ack)
    assert await _board_state(server, board) == before
    await projector.close()


def _stalled_socket(port: int, board: str) -> socket.socket:
    """A raw WebSocket that says hello and then never reads again, like a frozen phone."""
    from websockets.frames import Frame, Opcode

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        f"GET /b/{board}/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    assert response.startswith(b"HTTP/1.1 101"), response
    hello = msgpack.packb({"t": "hello", "role": "participant", "token": "s" * 32})
    sock.sendall(Frame(Opcode.BINARY, hello).serialize(mask=True, extensions=[]))
    return sock


def _read_to_end(sock: socket.socket) -> bytes:
    sock.settimeout(30)
    chunks = []
    while chunk := sock.recv(1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


async def test_a_client_that_stops_reading_is_cut_off(tmp_path: Path) -> None:
    server = MetanetServer(tmp_path / "data", env={"METANET_RATE": "100000"}).start()
    try:
        board = server.create_board(title="Slow reader")
        stalled = _stalled_socket(server.port, board["board"])
        writer = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
        await writer.ok("update_settings", settings={"text_limit": 1000})
        await writer.ok("next_phase")  # group: note text goes to everyone
        text = "a long note to fill buffers " * 35
        # ~8 MB of events for the stalled reader: more than the kernel holds for one socket
        # (at most ~4 MB here) plus the 1 MiB send queue.
        for _ in range(25):
            acks = [await writer.send("add_note", text=text) for _ in range(300)]
            refused = [ack for ack in await asyncio.gather(*acks) if not ack["ok"]]
            assert not refused, refused[0]
            if "closing participant socket" in server.log():
                break
        assert "(4008): too slow" in server.log()
        tail = await asyncio.get_running_loop().run_in_executor(None, _read_to_end, stalled)
        assert b"\x0f\xa8too slow" in tail[-200:]  # the close frame, code 4008, after what the kernel held
        # the writer kept up and kept working throughout
        assert (await writer.command("add_note", text="still here"))["ok"]
        assert not writer.closed.is_set()
        await writer.close()
        stalled.close()
    finally:
        server.stop()


async def test_sigterm_closes_sockets_with_1012_so_clients_reconnect_elsewhere(tmp_path: Path) -> None:
    server = MetanetServer(tmp_path / "data").start()
    board = server.create_board(title="Restart")
    client = await BoardClient.connect(server.ws_base, board["board"])
    server.stop()
    await asyncio.wait_for(client.closed.wait(), 10)
    assert client.ws.close_code == 1012
    await client.close()


async def test_one_address_gets_a_limited_number_of_sockets_and_the_others_keep_working(tmp_path: Path) -> None:
    server = MetanetServer(tmp_path / "data", env={"METANET_MAX_PER_ADDR": "3"}).start()
    clients: list[BoardClient] = []
    try:
        board = server.create_board(title="Crowded")
        clients = [await BoardClient.connect(server.ws_base, board["board"]) for _ in range(3)]
        with pytest.raises(websockets.InvalidStatus) as refused:
            await BoardClient.connect(server.ws_base, board["board"])
        assert refused.value.response.status_code == 403
        for client in clients:  # the three already in carry on
            await client.ok("join", group="Academia")
            assert not client.closed.is_set()
        # another address is not affected by this one's sockets
        elsewhere = await BoardClient.connect(server.ws_base, board["board"], local_address="127.0.0.2")
        assert (await elsewhere.command("join", group="Other"))["ok"]
        clients.append(elsewhere)
        # a socket that leaves frees its place
        await clients.pop(0).close()
        deadline = asyncio.get_running_loop().time() + 10
        while True:
            try:
                clients.append(await BoardClient.connect(server.ws_base, board["board"]))
                break
            except websockets.InvalidStatus:
                assert asyncio.get_running_loop().time() < deadline, "the freed place was never given back"
                await asyncio.sleep(0.05)
    finally:
        for client in clients:
            await client.close()
        server.stop()


async def test_a_socket_that_never_says_hello_is_closed(tmp_path: Path) -> None:
    server = MetanetServer(tmp_path / "data", env={"METANET_HELLO_TIMEOUT": "1"}).start()
    try:
        board = server.create_board(title="Silent")
        talker = await BoardClient.connect(server.ws_base, board["board"])
        start = asyncio.get_running_loop().time()
        async with websockets.connect(f"{server.ws_base}/b/{board['board']}/ws") as silent:
            await asyncio.wait_for(silent.wait_closed(), 5)  # the default (10 s) would be too late
        waited = asyncio.get_running_loop().time() - start
        assert silent.close_code == 1008 and silent.close_reason == "no hello"
        assert waited >= 0.9  # closed for its silence, not at once
        # the one that said hello is still there after the timeout
        assert (await talker.command("join", group="Academia"))["ok"]
        assert not talker.closed.is_set()
        await talker.close()
    finally:
        server.stop()


async def test_join_code_guessing_is_rate_limited(server: MetanetServer) -> None:
    import urllib.error
    import urllib.request

    # Guess until the first refusal: the bucket refills while we guess, so how many guesses
    # that takes depends on the machine's speed; the cap only stops a broken limit looping for ever.
    statuses = []
    for i in range(5000):
        try:
            urllib.request.urlopen(f"{server.url}/j/Z0{i:04d}", timeout=5)  # no code has a 0
        except urllib.error.HTTPError as err:
            statuses.append(err.code)
            if err.code == 429:
                break
    assert statuses[0] == 404
    assert 429 in statuses


async def test_pages_carry_a_content_security_policy(server: MetanetServer, board: dict[str, str]) -> None:
    import urllib.request

    for path in ("/", f"/b/{board['board']}", f"/b/{board['board']}/projector", f"/b/{board['board']}/facilitate"):
        with urllib.request.urlopen(server.url + path, timeout=5) as resp:
            csp = resp.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp
            assert resp.headers["X-Content-Type-Options"] == "nosniff"


async def test_presence_drops_a_phone_that_vanished_without_closing_within_two_ping_intervals(tmp_path: Path) -> None:
    from websockets.frames import Frame, Opcode

    server = MetanetServer(tmp_path / "data", env={"METANET_PING_INTERVAL": "2"}).start()
    try:
        board = server.create_board(title="Drop-ins")
        projector = await BoardClient.connect(server.ws_base, board["board"], role="projector")
        phone = _stalled_socket(server.port, board["board"])  # says hello, then never reads or answers a ping
        phone.sendall(Frame(Opcode.BINARY, msgpack.packb({"t": "join", "op": "j1", "group": "Other"})).serialize(
            mask=True, extensions=[]))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not (projector.presence and projector.presence["total"] == 1):
            assert loop.time() < deadline, projector.presence
            await asyncio.sleep(0.05)
        seen_at = loop.time()
        while projector.presence["total"] != 0:
            assert loop.time() - seen_at < 10, "the vanished phone is still counted"
            await asyncio.sleep(0.05)
        assert projector.presence["by_group"] == {}
        assert not projector.closed.is_set()  # the projector answers pings and stays
        await projector.close()
        phone.close()
    finally:
        server.stop()
