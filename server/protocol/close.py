"""The WebSocket close codes Metanet's sockets end with (docs/protocol.md, "Close codes").

The web client keeps the same names and numbers in ``web/js/connection.js``
(``CLOSE``); ``tests/test_docs.py`` checks both against this enum.
"""

from __future__ import annotations

from enum import IntEnum


class CloseCode(IntEnum):
    POLICY = 1008  # no hello in time, or a bad one
    TOO_BIG = 1009  # a frame over the socket's limit: uvicorn closes before buffering it (limits.SOCKET_MAX_BYTES)
    UNAVAILABLE = 1011  # storage unavailable at connect
    RESTART = 1012  # the server is restarting (uvicorn, on SIGTERM): reconnect and resume
    UNAUTHORIZED = 4001  # bad credentials in hello
    NO_BOARD = 4004  # no such board, or it was deleted
    TOO_SLOW = 4008  # the client did not read its frames: reconnect and resume
