"""The Starlette application: routes, and a lifespan that owns the backbone and boards."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from server.backbone import from_url
from server.config import Config
from server.transport import export, gathering_http, http
from server.transport.boards import Boards
from server.transport.gathering_socket import event_socket
from server.transport.gatherings import Gatherings
from server.transport.headers import SecurityHeaders
from server.transport.logs import redact_uvicorn_logs
from server.transport.sites import SiteCheck, Sites
from server.transport.socket import board_socket


def create_app(config: Config | None = None) -> Starlette:
    config = config or Config.from_env()
    redact_uvicorn_logs()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        backbone = from_url(config.backbone, config.data_dir)
        await backbone.start()
        boards = Boards(backbone)
        app.state.backbone = backbone
        app.state.boards = boards
        app.state.gatherings = gatherings = Gatherings(backbone, boards, boards.clock)
        try:
            yield
        finally:
            await gatherings.close()
            await boards.close()
            await backbone.close()

    routes = [
        Route("/", http.page("index.html")),
        Route("/api/boards", http.create_board_json, methods=["POST"]),
        Route("/api/boards/import", export.import_board, methods=["POST"]),
        Route("/api/templates", http.list_templates),
        Route("/boards", http.create_board_form, methods=["POST"]),
        Route("/join", http.join_form),
        Route("/j/{code}", http.join_code),
        Route("/api/join/{code}", http.find_code),
        Route("/api/address", http.address),
        Route("/b/{board}", http.page("board.html")),
        Route("/b/{board}/facilitate", http.page("facilitator.html")),
        Route("/b/{board}/projector", http.page("projector.html")),
        Route("/b/{board}/qr.svg", http.qr_svg),
        Route("/b/{board}/export.{fmt}", export.export_board),
        WebSocketRoute("/b/{board}/ws", board_socket),
        # events of several metanets (gathering_http.py, gathering_socket.py)
        Route("/api/events", gathering_http.create_event, methods=["POST"]),
        Route("/api/events/{id}/metanets", gathering_http.add_metanet, methods=["POST"]),
        Route("/api/event-templates", gathering_http.list_event_templates),
        Route("/e/{code}", gathering_http.page("event.html")),
        Route("/e/{code}/lounge", gathering_http.page("lounge.html")),
        Route("/e/{code}/console", gathering_http.page("organiser.html")),
        Route("/e/{code}/plenary", gathering_http.page("plenary.html")),
        Route("/e/{code}/qr.svg", gathering_http.qr_svg),
        Route("/e/{code}/export.{fmt}", gathering_http.export_event),
        WebSocketRoute("/e/{code}/ws", event_socket),
        Route("/health", http.health),
        Route("/i18n/{lang}.json", http.catalog_json),
        Mount("/static", StaticFiles(directory=http.WEB), name="static"),
    ]
    # GZip for pages and modules: a phone on conference Wi-Fi fetches ~37 KB instead of ~140 KB.
    # SiteCheck: the Host, and the Origin of sockets and posts (server/transport/sites.py), before any route.
    middleware = [Middleware(SecurityHeaders), Middleware(SiteCheck, sites=Sites.from_config(config)),
                  Middleware(GZipMiddleware, minimum_size=500)]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.config = config
    app.state.connections = {}  # WebSocket connections per client address
    app.state.code_lookups = {}  # join-code lookups per client address (token buckets)
    return app


def app_from_env() -> Starlette:
    """uvicorn factory: ``uvicorn --factory server.app:app_from_env``."""
    logger = logging.getLogger("metanet")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return create_app(Config.from_env())
