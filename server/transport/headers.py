"""Security headers on every HTTP response (pure ASGI middleware)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
# On every response.
EVERYWHERE = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
# On everything but scripts and style sheets: these three act on documents (pages, and an SVG or
# JSON opened on its own), never on a module or a style sheet a page loads. Leaving them off the
# ~30 modules of the phone page saves ~12 KB of its 60 KB first-load budget (tests/web/test_first_load.py).
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    *EVERYWHERE,
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
SUBRESOURCES = (b"text/javascript", b"application/javascript", b"text/css")
# Left off scripts and style sheets: they are revalidated by ETag (Cache-Control: no-cache), so
# Last-Modified says nothing more, and nobody asks for a range of a module: ~70 bytes on each of
# the phone's ~40 first-load responses.
NOT_FOR_SUBRESOURCES = (b"last-modified", b"accept-ranges")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
                if content_type.startswith(SUBRESOURCES):
                    kept = [(name, value) for name, value in headers if name.lower() not in NOT_FOR_SUBRESOURCES]
                    message["headers"] = kept + EVERYWHERE
                else:
                    message["headers"] = headers + HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
