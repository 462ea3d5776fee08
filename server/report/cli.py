"""``metanet export``: not built yet (issue: running a sprint)."""

from __future__ import annotations

import argparse
import sys


def export(args: argparse.Namespace) -> int:
    print("metanet export is not available yet", file=sys.stderr)
    return 2
