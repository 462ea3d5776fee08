"""Documentation is part of the product: every wire name in the code is in docs/protocol.md."""

from __future__ import annotations

import re
from pathlib import Path

from server.domain.board import EVENT_TYPES
from server.errors import ERROR_CODES
from server.protocol.messages import CLIENT_TYPES, SERVER_TYPES
from server.transport import client, socket

DOC = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text()
DOCUMENTED = set(re.findall(r"`([^`]+)`", DOC))


def _missing(names: object) -> list[str]:
    return [str(n) for n in names if str(n) not in DOCUMENTED]  # type: ignore[attr-defined]


def test_every_client_message_type_is_documented() -> None:
    assert _missing(CLIENT_TYPES) == []


def test_every_server_message_type_is_documented() -> None:
    assert _missing(SERVER_TYPES) == []


def test_every_event_type_is_documented() -> None:
    assert _missing(EVENT_TYPES) == []


def test_every_error_code_is_documented() -> None:
    assert _missing(ERROR_CODES) == []


def test_every_close_code_is_documented() -> None:
    codes = [socket.CLOSE_POLICY, socket.CLOSE_UNAVAILABLE, socket.CLOSE_AUTH, socket.CLOSE_NO_BOARD, client.CLOSE_TOO_SLOW, 1009, 1012]
    assert _missing(codes) == []


def test_every_event_socket_message_and_command_is_documented() -> None:
    from server.domain.membership import FOLD as BOARD_EVENTS_FROM_EVENTS
    from server.transport.gathering_ops import OPS
    from server.transport.gathering_socket import EVENT_ROLES

    names = ["summary", "gathering", *EVENT_ROLES, *OPS, *BOARD_EVENTS_FROM_EVENTS, "/e/{CODE}/ws", "/api/events"]
    assert _missing(names) == []
