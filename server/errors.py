"""Every error Metanet reports to a client, in one tree.

::

    MetanetError                 code, message: what the client is told
    ├── DomainError              a command the board refuses (pure domain)
    │   ├── NotFound             note / cluster / phase does not exist
    │   ├── Forbidden            the actor's role may not do this
    │   ├── NotAllowedNow        the current phase / timer state forbids it
    │   ├── BudgetExceeded       no dots left, or the per-note cap is reached
    │   └── InvalidCommand       a value is out of range (text too long, ...)
    ├── ProtocolError            a frame the server cannot accept
    │   ├── FrameTooLarge
    │   └── BadMessage           undecodable, wrong type, unknown type, bad field
    ├── AuthError                bad credentials in hello, or no hello yet
    ├── RateLimited              too many commands from one connection
    └── Unavailable              the backbone cannot take writes right now; retry

Each class carries a stable ``code`` string that goes on the wire (see
``docs/protocol.md``), and the HTTP status it is answered with over HTTP;
``message`` is English, for logs and developers. What a person reads comes from
``reason``, a stable snake_case key (by default the class's code), and
``params``, the numbers and names in the sentence: the page shows
``errors.<reason>`` from its language's catalog (``web/i18n/*.json``) with the
params filled in. :func:`from_wire` turns what came over the wire (a writer's
answer to a forwarded command) back into the error it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Param = str | int | float
_REASON = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class MetanetError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str, code: str | None = None, *, reason: str | None = None,
                 params: Mapping[str, Param] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.reason = reason or self.code
        self.params: dict[str, Param] = dict(params or {})

    def to_wire(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "reason": self.reason, "params": self.params}


class DomainError(MetanetError):
    code = "refused"


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403


class NotAllowedNow(DomainError):
    code = "not_now"


class BudgetExceeded(DomainError):
    code = "budget_exceeded"


class InvalidCommand(DomainError):
    code = "invalid"


class ProtocolError(MetanetError):
    code = "bad_message"


class FrameTooLarge(ProtocolError):
    code = "frame_too_large"
    http_status = 413


class BadMessage(ProtocolError):
    code = "bad_message"


class AuthError(MetanetError):
    code = "unauthorized"
    http_status = 403


class RateLimited(MetanetError):
    code = "rate_limited"
    http_status = 429


class Unavailable(MetanetError):
    code = "unavailable"
    http_status = 503


# The error each code on the wire stands for; docs/protocol.md must list each code.
_BY_CODE: dict[str, type[MetanetError]] = {
    cls.code: cls
    for cls in (NotFound, Forbidden, NotAllowedNow, BudgetExceeded, InvalidCommand, FrameTooLarge, BadMessage,
                AuthError, RateLimited, Unavailable)
}
ERROR_CODES: tuple[str, ...] = tuple(_BY_CODE)


def _params(raw: Any) -> dict[str, Param]:
    """Params from the wire: a map of text to text or numbers; anything else is dropped."""
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items()
            if isinstance(k, str) and isinstance(v, (str, int, float)) and not isinstance(v, bool)}


def from_wire(code: str, message: str, reason: Any = None, params: Any = None) -> MetanetError:
    """The error that ``to_wire`` gave ``code``, ``message``, ``reason`` and ``params``; a code this
    version does not know stays a refusal, and a malformed reason falls back to the code."""
    why = reason if isinstance(reason, str) and _REASON.match(reason) else None
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls(message, reason=why, params=_params(params))
    return DomainError(message, code, reason=why, params=_params(params))
