"""Which requests this server answers: its own host names, and what its own pages (or allowed sites) send.

One pure ASGI middleware, before any route:

- **Host.** A page on ``evil.example`` whose name an attacker points at this
  server (DNS rebinding) is same-origin with itself, so its scripts could read
  pages and open sockets here; its requests say ``Host: evil.example``. Only
  these host names are answered: an IP address (a browser sends one only to
  the address it connected to, which no DNS answer can rebind), ``localhost``,
  this machine's name (and ``<name>.local``), the public URL's host
  (``METANET_PUBLIC_URL``) and ``METANET_HOSTS``. Any other ``Host``, or none:
  HTTP 400, for pages, API and sockets alike.
- **WebSocket Origin.** Browsers send ``Origin`` with every handshake. It must
  be this server's own origin -- the scheme, host and port the request was made
  to, or the public URL's -- or one of ``METANET_ORIGINS``; else HTTP 403 before
  the handshake. No ``Origin``: not a browser, nothing to forge.
- **Posts.** A POST under ``/api/`` must be ``Content-Type: application/json``
  (a page on another site cannot send that without a CORS preflight, which this
  server never grants) and its ``Origin``, when sent, allowed as above: HTTP 415
  / 403 otherwise. Other POSTs (the no-JavaScript form at ``POST /boards``) are
  refused when the browser says they come from another site (``Sec-Fetch-Site``
  ``cross-site`` or ``same-site``, or a foreign ``Origin``). A same-origin form
  sends ``Origin: null`` (our pages' ``Referrer-Policy: no-referrer``), which
  is why ``Sec-Fetch-Site`` decides there.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from server.config import Config
from server.protocol.close import CloseCode

log = logging.getLogger("metanet.sites")

Origin = tuple[str, str, int]  # scheme (http / https), host name (lower case), port
DEFAULT_PORT = {"http": 80, "https": 443}
HTTP_SCHEME = {"http": "http", "ws": "http", "https": "https", "wss": "https"}
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
REPORTED_HOSTS = 20  # refused host names logged per process (a scanner must not flood the log)


def parse_origin(url: str) -> Origin | None:
    """``scheme://host[:port]`` as a comparable triple; None for ``null`` or anything that is not http(s)."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORT or not host:
        return None
    return scheme, host, port or DEFAULT_PORT[scheme]


def parse_host(header: str) -> tuple[str, int | None] | None:
    """A ``Host`` header as (host name, port or None); None if it is not one."""
    if not header or any(c in header for c in "/@?#\\ \t"):
        return None
    try:
        parts = urlsplit("//" + header)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    return (host, port) if host else None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Sites:
    names: frozenset[str]  # host names answered besides IP addresses
    origins: frozenset[Origin]  # METANET_ORIGINS, and the public URL's
    any_origin: bool = False  # METANET_ORIGINS=*

    @classmethod
    def from_config(cls, config: Config) -> Sites:
        machine = socket.gethostname().lower()
        names = {"localhost", machine, machine.split(".")[0] + ".local", *(h.lower() for h in config.hosts)}
        origins = {o for o in map(parse_origin, config.origins) if o is not None}
        public = parse_origin(config.public_url) if config.public_url else None
        if public is not None:
            names.add(public[1])
            origins.add(public)
        return cls(frozenset(n for n in names if n), frozenset(origins), "*" in config.origins)

    def host_allowed(self, header: str) -> bool:
        parsed = parse_host(header)
        return parsed is not None and (parsed[0] in self.names or _is_address(parsed[0]))

    def origin_allowed(self, origin: str | None, scheme: str, host_header: str) -> bool:
        """Whether a request with this ``Origin``, made to ``scheme`` and ``Host``, comes from an allowed page."""
        if origin is None:
            return True  # not a browser: nothing to forge a request from
        if self.any_origin:
            return True
        claimed = parse_origin(origin)
        if claimed is None:
            return False
        if claimed in self.origins:
            return True
        own_scheme, host = HTTP_SCHEME.get(scheme, scheme), parse_host(host_header)
        return host is not None and claimed == (own_scheme, host[0], host[1] or DEFAULT_PORT.get(own_scheme, 0))

    def refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        """Why this request is refused (HTTP status, message for people), or None."""
        host = headers.get("host", "")
        if not self.host_allowed(host):
            return 400, (f"This server does not answer to the host name {host!r}. If that is its address, "
                         "set METANET_PUBLIC_URL (or add the name to METANET_HOSTS).")
        origin = headers.get("origin")
        if scope["type"] == "websocket":
            if not self.origin_allowed(origin, scope["scheme"], host):
                return 403, "origin not allowed"
            return None
        if scope["method"] not in UNSAFE_METHODS:
            return None
        if scope["path"].startswith("/api/"):
            if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
                return 415, "send the request as application/json"
            if not self.origin_allowed(origin, scope["scheme"], host):
                return 403, "requests from other sites are not accepted"
            return None
        if headers.get("sec-fetch-site") in ("cross-site", "same-site") or (
            origin not in (None, "null") and not self.origin_allowed(origin, scope["scheme"], host)
        ):
            return 403, "forms from other sites are not accepted"
        return None


class SiteCheck:
    """The middleware: a request :meth:`Sites.refusal` refuses gets its status and never reaches a route."""

    def __init__(self, app: ASGIApp, sites: Sites) -> None:
        self.app = app
        self.sites = sites
        self._reported: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refused = self.sites.refusal(scope, headers)
        if refused is None:
            await self.app(scope, receive, send)
            return
        status, message = refused
        if status == 400 and len(self._reported) < REPORTED_HOSTS and headers.get("host", "") not in self._reported:
            self._reported.add(headers.get("host", ""))
            log.warning("refused a request for host name %r: %s", headers.get("host", ""), message)
        code = "invalid" if status != 403 else "forbidden"
        response: Response = (JSONResponse({"code": code, "message": message, "reason": code, "params": {}},
                                           status_code=status)
                              if scope["path"].startswith("/api/") else PlainTextResponse(message, status_code=status))
        if scope["type"] == "http":
            await response(scope, receive, send)
            return
        ws = WebSocket(scope, receive, send)
        if "websocket.http.response" in scope.get("extensions", {}):
            await ws.send_denial_response(response)
        else:
            await ws.close(CloseCode.POLICY, message)  # refused before the handshake: the server answers HTTP 403
