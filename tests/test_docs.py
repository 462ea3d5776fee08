"""Documentation is part of the product: every wire name in the code is in docs/protocol.md."""

from __future__ import annotations

import re
from pathlib import Path

from server.domain.board import EVENT_TYPES
from server.errors import ERROR_CODES
from server.protocol.close import CloseCode
from server.protocol.messages import CLIENT_TYPES, SERVER_TYPES

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "protocol.md").read_text()
WEB = ROOT / "web" / "js"
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


def test_every_error_reason_is_documented() -> None:
    from tests.test_error_reasons import RAISES

    errors = DOC.split("## Errors", 1)[1].split("\n## ", 1)[0]
    table = errors.split("| reason | params | English sentence |", 1)[1]
    assert sorted(re.findall(r"^\| `([a-z_0-9]+)` \|", table, re.M)) == sorted({r.reason for r in RAISES})
    for field in ("reason", "params"):
        assert f"`{field}`" in errors


def test_the_close_codes_documented_are_exactly_the_servers() -> None:
    table = DOC.split("## Close codes", 1)[1].split("\n## ", 1)[0]
    assert sorted(int(c) for c in re.findall(r"^\| `(\d+)` \|", table, re.M)) == sorted(CloseCode)


def test_the_web_clients_close_codes_are_the_servers() -> None:
    source = (WEB / "connection.js").read_text()
    block = re.search(r"export const CLOSE = Object\.freeze\(\{(.*?)\}\);", source, re.S)
    assert block is not None, "web/js/connection.js no longer defines CLOSE"
    assert dict(re.findall(r"(\w+): (\d+)", block.group(1))) == {c.name: str(c.value) for c in CloseCode}
    # and no module writes a close code as a bare number instead
    for path in WEB.rglob("*.js"):
        code = re.sub(r"//.*|/\*.*?\*/", "", path.read_text(), flags=re.S)
        if path.name == "connection.js":
            code = code.replace(block.group(0), "")
        bare = [c for c in CloseCode if re.search(rf"\b{c.value}\b", code)]
        assert not bare, f"{path.name} writes close code(s) {bare}: use CLOSE from connection.js"


def test_every_event_socket_message_and_command_is_documented() -> None:
    from server.domain.membership import FOLD as BOARD_EVENTS_FROM_EVENTS
    from server.transport.gathering_ops import OPS
    from server.transport.gathering_socket import EVENT_ROLES

    names = ["summary", "gathering", *EVENT_ROLES, *OPS, *BOARD_EVENTS_FROM_EVENTS, "/e/{CODE}/ws", "/api/events"]
    assert _missing(names) == []
