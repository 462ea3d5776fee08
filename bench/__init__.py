"""Metanet's fan-out benchmark: a load generator, scenarios, and the reference peers.

    python -m bench plenary [--clients N] [--duration S] [--backbone memory|redis] [--workers N] [--json]

See ``docs/performance.md`` for the results on the reference machine and what
limits each number.
"""

from __future__ import annotations

import asyncio


def wake(future: asyncio.Future[None]) -> None:
    """Resolve ``future`` unless it already is: a callback for ``add_reader`` and signal handlers."""
    if not future.done():
        future.set_result(None)
