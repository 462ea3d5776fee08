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
``message`` is for people. :func:`from_wire` turns a code and message that
came over the wire (a writer's answer to a forwarded command) back into the
error it was.
"""

from __future__ import annotations


class MetanetError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def to_wire(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


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


def from_wire(code: str, message: str) -> MetanetError:
    """The error that ``to_wire`` gave ``code`` and ``message``; a code this version does not know stays a refusal."""
    cls = _BY_CODE.get(code)
    return cls(message) if cls is not None else DomainError(message, code)
