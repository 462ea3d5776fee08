"""The naive peer: a Starlette endpoint that awaits a JSON send to every socket, per event.

This is the board most tutorials build: keep a set of sockets per board, and
when something happens, ``for ws in sockets: await ws.send_json(event)``.
Served by the same uvicorn (uvloop, httptools) as Metanet.

    python -m bench.peers.naive --port P --secret S
"""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from bench.peers.board import PeerBoards
from server.errors import MetanetError
from server.protocol import messages


def create_app(secret: str) -> Starlette:
    boards = PeerBoards(secret)

    async def board_socket(ws: WebSocket) -> None:
        await ws.accept()
        board = boards.get(ws.path_params["board"])
        try:
            actor = board.actor(await ws.receive_json())
        except MetanetError as err:
            await ws.send_json(messages.error(err))
            await ws.close(4001)
            return
        except (WebSocketDisconnect, ValueError):
            return
        await ws.send_json(board.welcome(actor))
        board.sockets.add(ws)
        try:
            while True:
                ack, views = board.execute(actor, await ws.receive_json())
                await ws.send_json(ack)
                for view in views:
                    event: dict[str, Any] = {"t": "events", "seq": view["seq"], "events": [view]}
                    for other in list(board.sockets):
                        try:
                            await other.send_json(event)
                        except Exception:  # noqa: BLE001 -- a gone socket just leaves the set
                            board.sockets.discard(other)
        except (WebSocketDisconnect, RuntimeError, ValueError):
            pass
        finally:
            board.sockets.discard(ws)

    return Starlette(routes=[WebSocketRoute("/b/{board}/ws", board_socket)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    import uvicorn

    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(create_app(args.secret), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
