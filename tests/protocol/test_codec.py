"""The msgpack codec: untrusted client frames are bounded before anything is allocated."""

from __future__ import annotations

import msgpack
import pytest

from server.errors import BadMessage, FrameTooLarge
from server.protocol import limits
from server.protocol.codec import decode_untrusted, pack, unpack_trusted


def test_a_map_round_trips() -> None:
    msg = {"t": "add_note", "op": "1", "text": "Shared lab", "x": 0.5, "y": None}
    assert decode_untrusted(pack(msg)) == msg
    assert unpack_trusted(pack(msg)) == msg


def test_trusted_unpacking_keeps_bytes_and_non_string_keys() -> None:
    assert unpack_trusted(pack({1: b"\x00\xff"})) == {1: b"\x00\xff"}


def test_a_frame_at_the_size_limit_is_decoded() -> None:
    head = pack({"t": "add_note", "text": ""})
    body = "x" * (limits.MAX_FRAME_BYTES - len(head) - 2)
    frame = pack({"t": "add_note", "text": body})
    assert len(frame) == limits.MAX_FRAME_BYTES
    assert decode_untrusted(frame)["text"] == body


def test_a_frame_over_the_size_limit_is_too_large() -> None:
    with pytest.raises(FrameTooLarge) as err:
        decode_untrusted(pack({"t": "add_note", "text": "x" * limits.MAX_FRAME_BYTES}))
    assert err.value.code == "frame_too_large"


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\xc1",  # never used in msgpack
        b"\x81\xa1t",  # truncated map
        b"\xdb\xff\xff\xff\xff",  # a str claiming 4 GiB
        b"\xdd\xff\xff\xff\xff",  # an array claiming 4 billion items
        b"\xdf\xff\xff\xff\xff",  # a map claiming 4 billion entries
        pack({"t": "ping"}) + b"\x00",  # trailing bytes
        b"\x81\xa1t\xa2\xff\xfe",  # a string that is not UTF-8
    ],
)
def test_bytes_that_are_not_one_msgpack_value_are_a_bad_message(frame: bytes) -> None:
    with pytest.raises(BadMessage) as err:
        decode_untrusted(frame)
    assert err.value.code == "bad_message"


@pytest.mark.parametrize("value", [[1, 2], "ping", 42, None, True, 1.5])
def test_a_frame_that_is_not_a_map_is_a_bad_message(value: object) -> None:
    with pytest.raises(BadMessage):
        decode_untrusted(pack(value))


def test_non_string_map_keys_are_refused() -> None:
    with pytest.raises(BadMessage):
        decode_untrusted(pack({1: "x"}))


def test_binary_values_are_refused() -> None:
    with pytest.raises(BadMessage):
        decode_untrusted(pack({"t": "ping", "id": b"\x00\x01"}))


def test_extension_types_are_refused() -> None:
    with pytest.raises(BadMessage):
        decode_untrusted(msgpack.packb({"t": msgpack.ExtType(5, b"abcd")}))


def test_timestamps_are_refused() -> None:
    frame = msgpack.packb({"t": msgpack.Timestamp(1, 0)}, datetime=False)
    with pytest.raises(BadMessage):
        decode_untrusted(frame)


def test_arrays_longer_than_the_limit_are_refused() -> None:
    decode_untrusted(pack({"t": "x", "a": [0] * limits.MAX_ARRAY_LEN}))
    with pytest.raises(BadMessage):
        decode_untrusted(pack({"t": "x", "a": [0] * (limits.MAX_ARRAY_LEN + 1)}))


def test_maps_larger_than_the_limit_are_refused() -> None:
    decode_untrusted(pack({f"k{i}": i for i in range(limits.MAX_MAP_LEN)}))
    with pytest.raises(BadMessage):
        decode_untrusted(pack({f"k{i}": i for i in range(limits.MAX_MAP_LEN + 1)}))


def test_nesting_up_to_the_limit_is_accepted() -> None:
    assert decode_untrusted(pack({"t": "x", "a": [[1]]})) == {"t": "x", "a": [[1]]}


def test_nesting_beyond_the_limit_is_refused() -> None:
    with pytest.raises(BadMessage):
        decode_untrusted(pack({"t": "x", "a": [[[1]]]}))


@pytest.mark.parametrize("levels", [600, 1000, 1100, 5000])
def test_a_very_deeply_nested_frame_is_a_bad_message_not_a_crash(levels: int) -> None:
    frame = b"\x81\xa1t" + b"\x91" * levels + b"\xc0"
    with pytest.raises(BadMessage):
        decode_untrusted(frame)
    frame = b"\x81\xa1t" + b"\x81\xa1a" * levels + b"\xc0"
    with pytest.raises(BadMessage):
        decode_untrusted(frame)
