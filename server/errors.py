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
``docs/protocol.md``); ``message`` is for people.
"""

from __future__ import annotations


class MetanetError(Exception):
    code = "error"

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


class Forbidden(DomainError):
    code = "forbidden"


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


class BadMessage(ProtocolError):
    code = "bad_message"


class AuthError(MetanetError):
    code = "unauthorized"


class RateLimited(MetanetError):
    code = "rate_limited"


class Unavailable(MetanetError):
    code = "unavailable"


# Every code that can appear on the wire; docs/protocol.md must list each one.
ERROR_CODES: tuple[str, ...] = (
    NotFound.code,
    Forbidden.code,
    NotAllowedNow.code,
    BudgetExceeded.code,
    InvalidCommand.code,
    FrameTooLarge.code,
    BadMessage.code,
    AuthError.code,
    RateLimited.code,
    Unavailable.code,
)
