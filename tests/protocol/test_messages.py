"""Client messages: each decoded frame becomes a typed message or a BadMessage saying why."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest

from server.domain.state import Settings
from server.errors import BadMessage, BudgetExceeded, ProtocolError
from server.protocol import limits
from server.protocol.messages import (
    CLIENT_TYPES,
    COMMANDS,
    SETTINGS_FIELDS,
    Command,
    Hello,
    Ping,
    ack_error,
    ack_ok,
    events,
    parse_client,
    pong,
)


def test_hello_is_parsed() -> None:
    msg = parse_client({"t": "hello", "role": "participant", "token": "t" * 32, "since": 7, "board": "b1"})
    assert msg == Hello("participant", "t" * 32, None, 7)


def test_hello_needs_a_known_role() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "hello", "role": "admin"})
    with pytest.raises(BadMessage):
        parse_client({"t": "hello"})


def test_hello_since_must_be_a_whole_number() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "hello", "role": "participant", "since": 1.5})
    with pytest.raises(BadMessage):
        parse_client({"t": "hello", "role": "participant", "since": True})


def test_hello_with_an_unknown_field_is_refused() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "hello", "role": "projector", "admin": True})


def test_ping_is_parsed_with_any_id() -> None:
    assert parse_client({"t": "ping", "id": 3}) == Ping(3)
    assert parse_client({"t": "ping"}) == Ping(None)


def test_a_command_is_parsed_with_its_op_and_arguments() -> None:
    msg = parse_client({"t": "add_note", "op": "a1", "text": "Shared lab", "x": 0.5})
    assert msg == Command("a1", "add_note", {"text": "Shared lab", "x": 0.5})


def test_every_command_without_fields_is_parsed() -> None:
    for kind, spec in COMMANDS.items():
        if not any(required for _, required in spec.values()):
            assert parse_client({"t": kind, "op": "x"}) == Command("x", kind, {})


def test_client_types_list_hello_ping_and_every_command() -> None:
    assert set(CLIENT_TYPES) == {"hello", "ping", *COMMANDS}


@pytest.mark.parametrize("msg", [{}, {"t": 1}, {"t": None}, {"op": "1"}])
def test_a_message_without_a_type_is_refused(msg: dict[str, Any]) -> None:
    with pytest.raises(BadMessage):
        parse_client(msg)


def test_an_unknown_message_type_is_refused() -> None:
    with pytest.raises(BadMessage) as err:
        parse_client({"t": "launch_rocket", "op": "1"})
    assert "launch_rocket" in err.value.message


def test_expire_timer_is_not_a_client_command() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "expire_timer", "op": "1", "generation": 1})


def test_create_board_is_not_a_client_command() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "create_board", "op": "1"})


@pytest.mark.parametrize("op", [None, "", 5, "x" * (limits.MAX_OP_ID + 1), ["a"]])
def test_a_command_needs_a_short_op_id(op: object) -> None:
    msg: dict[str, Any] = {"t": "leave"}
    if op is not None:
        msg["op"] = op
    with pytest.raises(BadMessage):
        parse_client(msg)


def test_an_op_id_at_the_limit_is_accepted() -> None:
    assert parse_client({"t": "leave", "op": "x" * limits.MAX_OP_ID}).op == "x" * limits.MAX_OP_ID


def test_a_missing_required_field_is_refused() -> None:
    with pytest.raises(BadMessage) as err:
        parse_client({"t": "vote", "op": "1"})
    assert "note" in err.value.message


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "vote", "op": "1", "note": "n1", "dots": 5})


@pytest.mark.parametrize(
    "msg",
    [
        {"t": "vote", "op": "1", "note": 1},
        {"t": "add_note", "op": "1", "text": ["a"]},
        {"t": "move_note", "op": "1", "note": "n1", "x": "0.5", "y": 0.5},
        {"t": "move_note", "op": "1", "note": "n1", "x": True, "y": 0.5},
        {"t": "set_phase", "op": "1", "index": 1.0},
        {"t": "set_phase", "op": "1", "index": False},
        {"t": "hide_note", "op": "1", "note": "n1", "hidden": 1},
        {"t": "update_settings", "op": "1", "settings": []},
        {"t": "join", "op": "1", "group": None},
    ],
)
def test_a_field_of_the_wrong_type_is_refused(msg: dict[str, Any]) -> None:
    with pytest.raises(BadMessage):
        parse_client(msg)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_number_that_is_not_finite_is_refused(value: float) -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "adjust_timer", "op": "1", "seconds": value})


def test_optional_fields_may_be_null() -> None:
    msg = parse_client({"t": "add_note", "op": "1", "text": "hi", "color": None, "x": None, "y": None})
    assert isinstance(msg, Command)
    assert parse_client({"t": "cluster_note", "op": "1", "note": "n1", "cluster": None}).args["cluster"] is None


def test_a_string_beyond_the_limit_is_refused() -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "add_note", "op": "1", "text": "x" * (limits.MAX_STRING + 1)})


def test_text_beyond_the_boards_limit_but_within_the_wire_limit_is_left_to_the_domain() -> None:
    assert isinstance(parse_client({"t": "add_note", "op": "1", "text": "x" * 281}), Command)


def test_every_protocol_error_is_a_protocol_error() -> None:
    assert issubclass(BadMessage, ProtocolError)


def test_acks_carry_the_op_and_the_result_or_the_error() -> None:
    assert ack_ok("o1", {"seq": 3}) == {"t": "ack", "op": "o1", "ok": True, "result": {"seq": 3}}
    assert ack_error("o2", BudgetExceeded("no dots left")) == {
        "t": "ack",
        "op": "o2",
        "ok": False,
        "code": "budget_exceeded",
        "message": "no dots left",
        "reason": "budget_exceeded",
        "params": {},
    }
    capped = BudgetExceeded("at most 3 dots on one note", reason="per_note_cap", params={"count": 3})
    assert ack_error("o3", capped)["reason"] == "per_note_cap" and ack_error("o3", capped)["params"] == {"count": 3}


def test_server_messages_name_their_type() -> None:
    assert events(4, [])["t"] == "events"
    assert pong(1, 2.0) == {"t": "pong", "id": 1, "time": 2.0}


def test_update_settings_knows_exactly_the_boards_settings() -> None:
    assert set(SETTINGS_FIELDS) == {f.name for f in fields(Settings)}


@pytest.mark.parametrize("settings", [{}, {"colour": "red"}, {"anonymous": "no"}, {"title": "T", "extra": 1}])
def test_update_settings_without_a_known_setting_is_refused(settings: dict[str, Any]) -> None:
    with pytest.raises(BadMessage):
        parse_client({"t": "update_settings", "op": "1", "settings": settings})
