"""The limit peer: a plain ``websockets`` server, one msgpack frame per event, ``websockets.broadcast``.

Each event is encoded once and written to every socket of its board as its
own frame, with no queue and no task per socket: about the least Python can
do to put a frame on every socket. Runs on uvloop, like Metanet.

    python -m bench.peers.limit --port P --secret S
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

import msgpack
import websockets
from websockets.asyncio.server import ServerConnection, serve

from bench import wake
from bench.peers.board import PeerBoards
from server.errors import MetanetError
from server.protocol import messages


def handler_for(boards: PeerBoards):  # type: ignore[no-untyped-def]
    pack = msgpack.Packer(use_bin_type=True).pack

    async def handler(conn: ServerConnection) -> None:
        parts = conn.request.path.split("/") if conn.request else []
        if len(parts) < 4 or parts[1] != "b" or parts[3] != "ws":
            await conn.close(1008)
            return
        board = boards.get(parts[2])
        try:
            actor = board.actor(msgpack.unpackb(await conn.recv()))
        except MetanetError as err:
            await conn.send(pack(messages.error(err)))
            await conn.close(4001)
            return
        await conn.send(pack(board.welcome(actor)))
        board.sockets.add(conn)
        try:
            async for frame in conn:
                if isinstance(frame, str):
                    continue
                ack, views = board.execute(actor, msgpack.unpackb(frame))
                await conn.send(pack(ack))
                for view in views:
                    websockets.broadcast(board.sockets, pack({"t": "events", "seq": view["seq"], "events": [view]}))
        except websockets.ConnectionClosed:
            pass
        finally:
            board.sockets.discard(conn)

    return handler


async def serve_forever(host: str, port: int, secret: str) -> None:
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, wake, stop)
    async with serve(handler_for(PeerBoards(secret)), host, port, compression=None, max_size=16 * 1024):
        await stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        try:
            import uvloop

            uvloop.run(serve_forever(args.host, args.port, args.secret))
        except ImportError:  # pragma: no cover
            asyncio.run(serve_forever(args.host, args.port, args.secret))


if __name__ == "__main__":
    main()
