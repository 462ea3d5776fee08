"""The reference peers the benchmark compares Metanet with, each its own server process.

- :mod:`bench.peers.naive` -- what a typical tutorial board does: a Starlette
  endpoint that, for each event, loops over the board's sockets and awaits a
  JSON send to each.
- :mod:`bench.peers.limit` -- a plain ``websockets`` server that writes each
  event as its own msgpack frame with ``websockets.broadcast``: the cost of
  writing frames from Python at all.

Both decide commands with Metanet's own pure domain (:mod:`bench.peers.board`),
so the comparison is about fan-out, not about what a vote means.
"""
