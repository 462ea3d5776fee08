"""Where the web tests save the screenshots that ``docs/screens/`` shows.

A test run saves them under ``test-artifacts/screens/`` (gitignored), so running the suite leaves
the tree clean (the pictures carry random codes and ports, so they differ on every run). To refresh
the copies the README and docs show, run the web tests with the docs' folder as the target and look
at the pictures before committing them::

    METANET_SCREENS=docs/screens ./scripts/test tests/web
"""

from __future__ import annotations

import os
from pathlib import Path

from testkit.process import REPO_ROOT

SCREENS = Path(os.environ.get("METANET_SCREENS") or "test-artifacts/screens")
if not SCREENS.is_absolute():
    SCREENS = REPO_ROOT / SCREENS
SCREENS.mkdir(parents=True, exist_ok=True)
