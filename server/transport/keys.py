"""The export key: read access to a board's reports without its facilitator secret.

The facilitator secret controls the board, so it never goes into a URL (it
lives in the facilitator link's ``#fragment``, which browsers do not send).
Exports are plain HTTP downloads, so they use a key derived from the secret's
hash instead: the server can compute it (it keeps only the hash), the
facilitator's console gets it in ``welcome.you.export_key``, and if it leaks
(a proxy log, browser history) it reads the report but controls nothing.
"""

from __future__ import annotations

import hashlib
import hmac


def export_key(facilitator_hash: str) -> str:
    return hashlib.sha256(f"metanet-export:{facilitator_hash}".encode()).hexdigest()


def export_key_ok(facilitator_hash: str, key: str | None) -> bool:
    return bool(key) and hmac.compare_digest(export_key(facilitator_hash), key or "")
