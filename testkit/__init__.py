"""What the tests and the benchmarks both drive Metanet with: real processes and a real client.

- :mod:`testkit.process` -- a child process on a free port, started until it answers;
- :mod:`testkit.redis_server` -- a private ``redis-server`` (append-only file on or off);
- :mod:`testkit.metanet` -- ``metanet serve`` (uvicorn) in a subprocess, any backbone, any workers;
- :mod:`testkit.client` -- a WebSocket client of the Metanet protocol;
- :mod:`testkit.view` -- the reference client view, folded from ``welcome`` and ``events`` only.

Nothing here is imported by ``server/``: the product does not ship it.
"""
