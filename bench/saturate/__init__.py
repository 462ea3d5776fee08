"""``python -m bench saturate``: each system's breaking point on the plenary (see :mod:`bench.saturate.cli`)."""
