"""HTTP for events: create one, add or attach a metanet, its pages, its QR code, its report.

- ``POST /api/events`` -- JSON ``{title, description?, groups?, template?, metanets?: [{title,
  question?, template?, settings?}]}`` → 201 with the event's links and each metanet's.
- ``POST /api/events/{id}/metanets`` -- header ``X-Metanet-Organiser``; JSON ``{title, question?,
  template?}`` (a new board) or ``{board, secret}`` (an existing board and its facilitator secret).
- ``GET /e/{CODE}`` (phone), ``/e/{CODE}/lounge``, ``/e/{CODE}/console``, ``/e/{CODE}/plenary``,
  ``/e/{CODE}/qr.svg``; the report is ``transport/gathering_export.py``.

Errors are JSON ``{code, message}`` like ``/api/boards``.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import segno
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from server.errors import AuthError, InvalidCommand, MetanetError, NotFound
from server.i18n import DEFAULT
from server.report import event_data, event_formats
from server.report.event_cli import load_event
from server.report.formats import FORMATS
from server.report.words import known, words
from server.templates import events as event_templates
from server.templates import words_with_pseudo
from server.transport import http
from server.transport.boards import secret_hash
from server.transport.export import language_error
from server.transport.gatherings import Gatherings, NewGathering, NewMetanet, metanet_list
from server.transport.keys import export_key, export_key_ok

ORGANISER_HEADER = "x-metanet-organiser"


def _error(err: MetanetError) -> Response:
    return JSONResponse(err.to_wire(), status_code=err.http_status)


async def _json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > http.MAX_BODY * 4:
        raise InvalidCommand("request too large", reason="request_too_large")
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise InvalidCommand("send a JSON object") from None
    if not isinstance(data, dict):
        raise InvalidCommand("send a JSON object")
    return data


def metanet_links(base: str, m: NewMetanet) -> dict[str, Any]:
    out: dict[str, Any] = {
        "board": m.board, "code": m.code, "title": m.title, "question": m.question,
        "participant_url": f"{base}/b/{m.board}", "join_url": f"{base}/j/{m.code}",
        "projector_url": f"{base}/b/{m.board}/projector",
    }
    if m.secret:
        out["facilitator_url"] = f"{base}/b/{m.board}/facilitate#{m.secret}"
    return out


def event_links(base: str, code: str) -> dict[str, str]:
    return {
        "join_url": f"{base}/e/{code}",
        "lounge_url": f"{base}/e/{code}/lounge",
        "plenary_url": f"{base}/e/{code}/plenary",
        "qr_url": f"{base}/e/{code}/qr.svg",
    }


def _board_requests(data: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    raw = metanet_list(data.get("metanets"))
    template = data.get("template")
    if template is not None:
        if not isinstance(template, str) or template not in event_templates.all_event_templates():
            raise InvalidCommand(f"unknown event template {template!r}", reason="unknown_template",
                                 params={"template": template})
        if not raw:
            raw = event_templates.metanets_of(template)
    return [http._board_request(m) for m in raw]


async def create_event(request: Request) -> Response:
    gatherings: Gatherings = request.app.state.gatherings
    try:
        data = await _json(request)
        fields = {k: data.get(k) for k in ("title", "description", "groups")}
        if not fields["title"] and isinstance(data.get("template"), str):
            template = event_templates.all_event_templates().get(data["template"])
            fields["title"] = template["title"] if template else None
        made: NewGathering = await gatherings.create(fields, _board_requests(data))
    except MetanetError as err:
        return _error(err)
    base = http.base_url(request)
    return JSONResponse({
        "id": made.id, "code": made.code, "secret": made.secret,
        "organiser_url": f"{base}/e/{made.code}/console#{made.secret}",
        "export_key": export_key(secret_hash(made.secret)),
        **event_links(base, made.code),
        "metanets": [metanet_links(base, m) for m in made.metanets],
    }, status_code=201)


async def add_metanet(request: Request) -> Response:
    gatherings: Gatherings = request.app.state.gatherings
    try:
        data = await _json(request)
        secret = request.headers.get(ORGANISER_HEADER)
        if "board" in data or "secret" in data:
            board, board_secret = data.get("board"), data.get("secret")
            if not isinstance(board, str) or not isinstance(board_secret, str):
                raise InvalidCommand("attaching a board needs {board, secret}: its id and facilitator secret")
            made = await gatherings.add(request.path_params["id"], secret, None, (board, board_secret))
        else:
            made = await gatherings.add(request.path_params["id"], secret, http._board_request(data), None)
    except MetanetError as err:
        return _error(err)
    return JSONResponse(metanet_links(http.base_url(request), made), status_code=201)


def page(name: str) -> Any:
    """An event page; 404 for a code that names no event."""

    async def endpoint(request: Request) -> Response:
        gatherings: Gatherings = request.app.state.gatherings
        if not http._lookup_allowed(request):
            return PlainTextResponse("Too many attempts. Wait a minute and try again.", status_code=429)
        if await gatherings.find(request.path_params["code"]) is None:
            return PlainTextResponse("No event has that code. Check the code on the screen.", status_code=404)
        return FileResponse(http.WEB / name, headers={"Cache-Control": "no-cache"})

    return endpoint


async def qr_svg(request: Request) -> Response:
    gatherings: Gatherings = request.app.state.gatherings
    code = request.path_params["code"].strip().upper()
    if await gatherings.find(code) is None:
        return PlainTextResponse("no such event", status_code=404)
    out = io.BytesIO()
    segno.make(f"{http.base_url(request)}/e/{code}", error="m").save(
        out, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


async def list_event_templates(request: Request) -> Response:
    return JSONResponse([
        {"name": t["name"], "title": t["title"], "description": t["description"],
         "i18n": words_with_pseudo(t, ("title", "description")),
         "metanets": [{**m, "i18n": words_with_pseudo(m, ("title", "question"))} for m in t["metanets"]]}
        for t in event_templates.all_event_templates().values()
    ])


async def export_event(request: Request) -> Response:
    """``GET /e/{CODE}/export.{md,csv,json}[?lang=xx]`` with the event's export key in the header ``X-Metanet-Key``
    only; ``lang`` is one of the six (default English), an unknown one is HTTP 400."""
    fmt = request.path_params["fmt"]
    render = event_formats.RENDER.get(fmt)
    if render is None:
        return _error(NotFound(f"no export format {fmt!r}: use md, csv or json"))
    if "key" in request.query_params:  # a URL ends up in proxies' logs: the key goes in a header, as for boards
        return _error(InvalidCommand("send the export key in the X-Metanet-Key header, not in the URL (URLs are logged)"))
    lang = request.query_params.get("lang", DEFAULT)
    if not known(lang):
        return _error(language_error(lang))
    gatherings: Gatherings = request.app.state.gatherings
    loaded = await load_event(gatherings.backbone, request.path_params["code"])
    if loaded is None:
        return _error(NotFound("no event has that code", reason="event_not_found"))
    state, boards = loaded
    if not export_key_ok(state.organiser_hash, request.headers.get("x-metanet-key")):
        return _error(AuthError("exports need the event's export key (from the organiser console)",
                                   reason="event_export_key"))
    slug = re.sub(r"[^a-z0-9]+", "-", state.title.lower()).strip("-")[:60] or "event"
    suffix = f".{lang}" if fmt == "md" and lang != DEFAULT else ""
    body = FORMATS[fmt].output(render(event_data.build(state, boards, lang), words(lang)))
    return Response(body, media_type=FORMATS[fmt].media_type, headers={
        "Content-Disposition": f'attachment; filename="metanet-event-{slug}{suffix}.{fmt}"', "Cache-Control": "no-store"})
