"""``metanet export BOARD --format md|csv|json [--lang xx] [--data-dir DIR | --backbone URL]``.

Reads the board's log straight from storage and prints the report on stdout.
BOARD is a board id or its join code. With the embedded backbone it opens the
data directory read-only and without the lock, so it works while a server is
running on that directory (and never disturbs it); with ``redis://`` it reads
the board's stream. ``--lang`` (one of the six) picks the report's language; without it, the
board's ``language`` setting, else English.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys

from server.backbone import Backbone, BackboneDown, from_url
from server.domain.board import replay
from server.domain.state import BoardState
from server.report.formats import FORMATS
from server.report.words import choose


def _backbone(args: argparse.Namespace) -> Backbone:
    url = args.backbone or "memory://"
    if url.startswith("memory:"):
        from server.backbone.memory import MemoryBackbone

        return MemoryBackbone(args.data_dir, read_only=True)
    return from_url(url, args.data_dir)


async def load(args: argparse.Namespace) -> BoardState | None:
    """The board named by ``args.board`` (id or join code), or None if there is none."""
    backbone = _backbone(args)
    await backbone.start()
    try:
        board_id = args.board.strip()
        log = await backbone.read(board_id)
        if not log:
            found = await backbone.find_code(board_id.upper())
            if found is None:
                return None
            board_id = found
            log = await backbone.read(board_id)
        state = replay(board_id, log)
        return None if state.seq == 0 or state.deleted else state
    finally:
        await backbone.close()


def export(args: argparse.Namespace) -> int:
    try:
        state = asyncio.run(load(args))
    except (OSError, sqlite3.Error, BackboneDown, ValueError) as exc:
        print(f"metanet export: cannot read the boards: {exc}", file=sys.stderr)
        return 1
    if state is None:
        print(f"metanet export: no board with the id or join code {args.board!r}", file=sys.stderr)
        return 1
    sys.stdout.write(FORMATS[args.format].render(state, choose(args.lang, state.settings)))  # no BOM: see formats.BOM
    sys.stdout.flush()
    return 0
