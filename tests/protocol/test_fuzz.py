"""Whatever bytes a client sends, decoding and parsing fail only with a ProtocolError."""

from __future__ import annotations

import contextlib
from typing import Any

import msgpack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.errors import ProtocolError
from server.protocol.codec import decode_untrusted, pack
from server.protocol.messages import COMMANDS, HELLO_FIELDS, parse_client

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

VALID = [
    {"t": "hello", "role": "participant", "token": "t" * 32, "since": 5},
    {"t": "hello", "role": "facilitator", "token": "t" * 32, "secret": "s" * 20},
    {"t": "ping", "id": 1},
    {"t": "join", "op": "o1", "name": "Amina", "group": "Academia"},
    {"t": "add_note", "op": "o2", "text": "Shared cyber-forensics lab", "color": "blue", "x": 0.25, "y": 0.5},
    {"t": "move_note", "op": "o3", "note": "n1", "x": 0.1, "y": 0.9},
    {"t": "cluster_note", "op": "o4", "note": "n1", "cluster": None},
    {"t": "vote", "op": "o5", "note": "n1"},
    {"t": "set_phase", "op": "o6", "index": 2},
    {"t": "update_settings", "op": "o7", "settings": {"groups": ["A", "B"], "dots_per_person": 5}},
    {"t": "start_timer", "op": "o8", "duration": 300},
]
FRAMES = [pack(m) for m in VALID]


def survives(frame: bytes) -> None:
    """The server's whole path for one client frame: decode, then parse."""
    with contextlib.suppress(ProtocolError):  # anything else fails the test
        parse_client(decode_untrusted(frame))


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = sorted({"t", "op", *HELLO_FIELDS, *(name for spec in COMMANDS.values() for name in spec)})
messages = st.builds(
    lambda kind, fields: {"t": kind, **fields},
    st.sampled_from(["hello", "ping", *COMMANDS, "nope"]),
    st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=6),
)


@FUZZ
@given(st.binary(max_size=256))
def test_random_bytes_are_refused_with_a_protocol_error_or_accepted(frame: bytes) -> None:
    survives(frame)


@FUZZ
@given(
    st.sampled_from(FRAMES),
    st.lists(
        st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate"]), st.integers(0, 400), st.integers(0, 255)),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_valid_frames_are_refused_with_a_protocol_error_or_accepted(
    frame: bytes, edits: list[tuple[str, int, int]]
) -> None:
    data = bytearray(frame)
    for edit, where, byte in edits:
        at = where % (len(data) + 1)
        if edit == "flip" and at < len(data):
            data[at] ^= byte or 1
        elif edit == "insert":
            data[at:at] = bytes([byte])
        elif edit == "delete" and at < len(data):
            del data[at]
        elif edit == "truncate":
            del data[at:]
    survives(bytes(data))


@FUZZ
@given(values)
def test_any_msgpack_value_is_refused_with_a_protocol_error_or_accepted(value: Any) -> None:
    survives(msgpack.packb(value, use_bin_type=True))


@FUZZ
@given(messages)
def test_maps_with_real_field_names_and_random_values_are_refused_with_a_protocol_error_or_accepted(
    msg: dict[str, Any],
) -> None:
    survives(msgpack.packb(msg, use_bin_type=True))


@FUZZ
@given(st.sampled_from(FRAMES), st.binary(min_size=1, max_size=64))
def test_valid_frames_with_garbage_appended_are_refused(frame: bytes, tail: bytes) -> None:
    survives(frame + tail)


def test_frames_huge_nested_or_claiming_huge_lengths_are_refused() -> None:
    for frame in (
        b"\x81\xa1t" + b"\x91" * 700 + b"\xc0",
        b"\x81\xa1t" + b"\x81\xa1a" * 700 + b"\xc0",
        b"\xdd\x7f\xff\xff\xff",
        pack({"t": "add_note", "op": "1", "text": "x" * 20000}),
    ):
        survives(frame)
