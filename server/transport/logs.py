"""No credential in any log line: query strings are logged with their values blanked.

uvicorn logs every request's path with its query string (``uvicorn.access``,
and ``uvicorn.error`` for WebSocket handshakes). Metanet takes no credential in
a URL -- the export key goes in the ``X-Metanet-Key`` header, the facilitator
secret after ``#`` and in ``hello`` -- but a link someone made by hand (an old
``?key=`` link) would put one in the log, and a reverse proxy's log besides.
:class:`QueryRedaction` blanks every query value in those records:
``/b/X/export.md?key=***``.
"""

from __future__ import annotations

import logging
from typing import TypeGuard

REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error")


def redact_query(path: str) -> str:
    """``path`` with every query value blanked: ``/x?key=abc&flag`` -> ``/x?key=***&***``."""
    base, mark, rest = path.partition("?")
    if not mark:
        return path
    query = rest.partition("#")[0]
    return base + "?" + "&".join(p.split("=", 1)[0] + "=***" if "=" in p else "***" if p else p for p in query.split("&"))


def _is_path(arg: object) -> TypeGuard[str]:
    return isinstance(arg, str) and arg.startswith("/") and "?" in arg


class QueryRedaction(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(_is_path(a) for a in record.args):
            record.args = tuple(redact_query(a) if _is_path(a) else a for a in record.args)
        return True


_FILTER = QueryRedaction()


def redact_uvicorn_logs() -> None:
    """Blank query values in uvicorn's request lines (idempotent; the loggers outlive any one app)."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
