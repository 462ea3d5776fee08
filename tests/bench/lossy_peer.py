"""The python-socketio peer, made to drop every fifth ``vote_placed`` it emits: what the smoke test must catch."""

from __future__ import annotations

from typing import Any

import socketio

from bench.peers import socketio_py

DROP_EVERY = 5


def create_app() -> socketio.ASGIApp:
    app = socketio_py.create_app()
    sio: Any = app.engineio_server  # the AsyncServer the peer's handlers emit through
    emit = sio.emit
    emitted = 0

    async def lossy_emit(event: str, *args: Any, **kwargs: Any) -> None:
        nonlocal emitted
        if event == "vote_placed":
            emitted += 1
            if emitted % DROP_EVERY == 0:
                return
        await emit(event, *args, **kwargs)

    sio.emit = lossy_emit
    return app
