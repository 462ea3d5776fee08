"""Limits on what a client may send. Documented in docs/protocol.md and docs/security.md."""

from __future__ import annotations

MAX_FRAME_BYTES = 16 * 1024  # one client frame: larger ones get a frame_too_large error
SOCKET_MAX_BYTES = 64 * 1024  # uvicorn's ws_max_size: larger frames close the socket (1009) unbuffered
MAX_BIN_BYTES = 0  # no binary fields in client messages
MAX_ARRAY_LEN = 64
MAX_MAP_LEN = 32
MAX_DEPTH = 4
MAX_STRING = 2000  # any string field; the board's text limit (default 280) is checked by the domain
MAX_OP_ID = 64
# The per-connection rate limit (METANET_RATE, default 20/s, burst twice that) is in server/config.py.
SEND_QUEUE_BYTES = 1024 * 1024  # bytes waiting for one socket before it is cut off as too slow
# The time a new socket has to send hello (METANET_HELLO_TIMEOUT, default 10 s) is in server/config.py.
