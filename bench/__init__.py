"""Metanet's fan-out benchmark: a load generator, scenarios, and the reference peers.

    python -m bench plenary [--clients N] [--duration S] [--backbone memory|redis] [--workers N] [--json]

See ``docs/performance.md`` for the results on the reference machine and what
limits each number.
"""
