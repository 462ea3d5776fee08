"""HTTP for reports and board lifecycle: export, import, a new session from an old board.

- ``GET /b/{board}/export.{md,csv,json}[?lang=xx]`` -- the facilitator's download, in the language
  ``lang`` (one of the six; default: the board's ``language`` setting, else English; an unknown
  one is HTTP 400 with nothing exported). The
  export key (``server.transport.keys``) goes in the ``X-Metanet-Key`` header
  only: a URL ends up in access logs, a proxy's logs and browser history, so
  ``?key=`` is refused (HTTP 400) and blanked in Metanet's own log
  (``server/transport/logs.py``). It is a read-only key, never the secret.
- ``POST /api/boards/import`` -- a JSON export as the body; creates a new board
  with the export's content and answers like ``POST /api/boards``.
- ``POST /api/boards`` with ``from_board`` and ``key`` -- a new, empty board with
  that board's settings and agenda (``session_from``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.errors import AuthError, InvalidCommand, MetanetError, NotFound
from server.report.formats import FORMATS, filename
from server.report.words import UnknownLanguage, choose, known
from server.transport import http
from server.transport.boards import Boards
from server.transport.keys import export_key_ok

MAX_IMPORT_BYTES = 8 * 1024 * 1024
KEY_HEADER = "x-metanet-key"


def _key(request: Request) -> str | None:
    return request.headers.get(KEY_HEADER)


def _error(err: MetanetError, status: int | None = None) -> Response:
    return JSONResponse(err.to_wire(), status_code=status or err.http_status)


def language_error(asked: str) -> InvalidCommand:
    """The answer to ``?lang=`` naming a language Metanet has no report words for."""
    return InvalidCommand(str(UnknownLanguage(asked)))


async def export_board(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    spec = FORMATS.get(fmt)
    if spec is None:
        return _error(NotFound(f"no export format {fmt!r}: use md, csv or json"))
    if "key" in request.query_params:
        return _error(InvalidCommand("send the export key in the X-Metanet-Key header, not in the URL (URLs are logged)"))
    asked = request.query_params.get("lang")
    if asked is not None and not known(asked):
        return _error(language_error(asked))
    boards: Boards = request.app.state.boards
    try:
        live = await boards.get(request.path_params["board"])
    except MetanetError as err:
        return _error(err)
    try:
        if not export_key_ok(live.state.facilitator_hash, _key(request)):
            return _error(AuthError("exports need the board's export key (from the facilitator console)",
                                   reason="board_export_key"))
        await live.catch_up()  # with several processes: include what another one appended just now
        words = choose(asked, live.state.settings)
        body = spec.output(spec.render(live.state, words))
        name = filename(live.state, fmt, words.lang)
    except MetanetError as err:
        return _error(err)
    finally:
        boards.release(live)
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=spec.media_type, headers=headers)


async def import_board(request: Request) -> Response:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_IMPORT_BYTES:
            return _error(InvalidCommand("the export is too large to import", reason="import_too_large"), 413)
    try:
        document = json.loads(body)
    except ValueError:
        return _error(InvalidCommand("send a JSON export of a board", reason="not_an_export"))
    boards: Boards = request.app.state.boards
    try:
        board = await boards.import_board(document)
    except MetanetError as err:
        return _error(err)
    urls = http.links(http.base_url(request), board)
    return JSONResponse({"board": board.id, "code": board.code, "secret": board.secret, **urls}, status_code=201)


async def session_from(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """A create-board request filled in from ``data["from_board"]``: its settings and agenda, no content.

    ``key`` (or the ``X-Metanet-Key`` header) must be that board's export key.
    ``title`` and ``settings`` in ``data`` override the old board's.
    """
    source = data.get("from_board")
    if not isinstance(source, str):
        raise InvalidCommand("from_board must be a board id")
    boards: Boards = request.app.state.boards
    live = await boards.get(source)
    try:
        key = data.get("key") if isinstance(data.get("key"), str) else request.headers.get(KEY_HEADER)
        if not export_key_ok(live.state.facilitator_hash, key):
            raise AuthError("the key is not valid for that board", reason="board_export_key")
        state = live.state
        extra = data.get("settings") or {}
        if not isinstance(extra, dict):
            raise InvalidCommand("settings must be a map")
        settings = {**asdict(state.settings), **extra}
        phases = [asdict(p) for p in state.phases]
    finally:
        boards.release(live)
    return {**data, "settings": settings, "phases": phases, "template": None}
