"""Bytes <-> values. The only module that imports msgpack.

``decode_untrusted`` is for frames from clients: every msgpack length is capped
before anything is allocated, extension types are refused, map keys must be
strings, and nesting is limited. ``pack`` / ``unpack_trusted`` are for what
Metanet itself stored (the log) and for frames it sends.
"""

from __future__ import annotations

from typing import Any

import msgpack

from server.errors import BadMessage, FrameTooLarge
from server.protocol import limits


def pack(value: Any) -> bytes:
    data: bytes = msgpack.packb(value, use_bin_type=True)
    return data


def unpack_trusted(data: bytes) -> Any:
    return msgpack.unpackb(data, raw=False, strict_map_key=False)


def _depth(value: Any, level: int = 1) -> int:
    if level > limits.MAX_DEPTH:
        return level  # too deep already: look no further (a 600-level frame must not hit RecursionError)
    if isinstance(value, dict):
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return level


def decode_untrusted(data: bytes) -> dict[str, Any]:
    """One client frame as a map, or FrameTooLarge / BadMessage."""
    value = decode_map(data)
    check_nesting(value)
    return value


def decode_map(data: bytes) -> dict[str, Any]:
    """One client frame as a map, its nesting not checked yet: a command loop reads the frame's ``op``
    first, so that a frame refused for its nesting is still answered to the op its sender waits on."""
    if len(data) > limits.MAX_FRAME_BYTES:
        raise FrameTooLarge(f"frames are limited to {limits.MAX_FRAME_BYTES} bytes")
    try:
        value = msgpack.unpackb(
            data,
            raw=False,
            strict_map_key=True,
            use_list=True,
            max_str_len=limits.MAX_FRAME_BYTES,
            max_bin_len=limits.MAX_BIN_BYTES,
            max_array_len=limits.MAX_ARRAY_LEN,
            max_map_len=limits.MAX_MAP_LEN,
            max_ext_len=0,
        )
    except (ValueError, TypeError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError) as exc:
        raise BadMessage(f"not a msgpack value: {type(exc).__name__}") from None
    except Exception:  # noqa: BLE001 -- any decoder failure is the client's bad frame
        raise BadMessage("not a msgpack value") from None
    if not isinstance(value, dict):
        raise BadMessage("a message must be a msgpack map")
    return value


def check_nesting(value: dict[str, Any]) -> None:
    if _depth(value) > limits.MAX_DEPTH:
        raise BadMessage(f"a message may nest at most {limits.MAX_DEPTH} levels")
