"""HTTP routes: pages, board creation, join codes, QR codes, health."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import segno
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from server import i18n, templates
from server.domain.board import DOTS_RANGE
from server.domain.gathering import is_gathering
from server.errors import InvalidCommand, MetanetError, NotFound, RateLimited
from server.i18n import catalogs
from server.transport import summaries
from server.transport.boards import Boards, NewBoard
from server.transport.ratelimit import TokenBucket

WEB = Path(__file__).resolve().parent.parent.parent / "web"
MAX_BODY = 16 * 1024


LOOPBACK = ("localhost", "::1", "[::1]")


def _loopback(host: str | None) -> bool:
    return not host or host in LOOPBACK or host.startswith("127.")


def base_url(request: Request) -> str:
    """The base URL for phones: the public URL, else the address this request came to, unless that
    is localhost, which no phone can reach: then the LAN address ``metanet serve`` found."""
    config = request.app.state.config
    if config.public_url:
        return str(config.public_url)
    if _loopback(request.url.hostname) and config.lan_url:
        return str(config.lan_url)
    return str(request.base_url).rstrip("/")


def reachable(request: Request) -> bool:
    """Whether phones in the room can reach ``base_url(request)``."""
    return not _loopback(urlsplit(base_url(request)).hostname)


def links(base: str, board: NewBoard, here: str | None = None) -> dict[str, str]:
    """Phones' links on ``base``; the facilitator's and the projector's on ``here`` (this screen's own address)."""
    here = here or base
    return {
        "participant_url": f"{base}/b/{board.id}",
        "join_url": f"{base}/j/{board.code}",
        "facilitator_url": f"{here}/b/{board.id}/facilitate#{board.secret}",
        "projector_url": f"{here}/b/{board.id}/projector",
    }


async def address(request: Request) -> Response:
    """``{"base", "reachable"}``: where phones join (the projector's join address, the console's
    links), and whether phones can reach it (else both screens say so)."""
    return JSONResponse({"base": base_url(request), "reachable": reachable(request)})


def _board_request(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Settings and agenda from a create-board request (JSON or form), or InvalidCommand.

    Every field is untrusted: a wrong type is refused here, before anything is
    looked up or created (the values inside settings and phases are the domain's to check).
    """
    template = data.get("template")
    if template is not None and not isinstance(template, str):
        raise InvalidCommand("template must be the name of a template")
    template = template or templates.DEFAULT
    if template not in templates.all_templates():
        raise InvalidCommand(f"unknown template {template!r}", reason="unknown_template", params={"template": template})
    extra = data.get("settings")
    if extra is not None and not isinstance(extra, dict):
        raise InvalidCommand("settings must be a map")
    settings = {**templates.settings_of(template), **(extra or {})}
    for key in ("title", "question", "language", "second_language"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidCommand(f"{key} must be text")
        if value:
            settings[key] = value
    phases = data.get("phases")
    if phases is not None and not isinstance(phases, list):
        raise InvalidCommand("phases must be a list of phases")
    return settings, phases or templates.phases_of(template)


async def _create(request: Request, data: dict[str, Any]) -> tuple[NewBoard, dict[str, str]]:
    boards: Boards = request.app.state.boards
    if data.get("from_board"):
        from server.transport.export import session_from  # export imports this module

        data = await session_from(request, data)
    settings, phases = _board_request(data)
    board = await boards.create(settings, phases)
    return board, links(base_url(request), board, str(request.base_url).rstrip("/"))


def _error(err: MetanetError, status: int | None = None) -> Response:
    """An error as JSON: ``{code, message, reason, params}`` (docs/protocol.md), with its HTTP status."""
    return JSONResponse(err.to_wire(), status_code=status or err.http_status)


async def create_board_json(request: Request) -> Response:
    body = await request.body()
    if len(body) > MAX_BODY:
        return _error(InvalidCommand("request too large", reason="request_too_large"), 413)
    try:
        data = json.loads(body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return _error(InvalidCommand("send a JSON object"))
    try:
        board, urls = await _create(request, data)
    except MetanetError as err:
        return _error(err)
    return JSONResponse({"board": board.id, "code": board.code, "secret": board.secret, **urls}, status_code=201)


def _form_settings(form: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if form.get("dots_per_person"):
        try:
            settings["dots_per_person"] = int(form["dots_per_person"])
        except ValueError:
            raise InvalidCommand("dots per person must be a whole number", reason="dots_per_person_range",
                                 params={"min": DOTS_RANGE[0], "max": DOTS_RANGE[1]}) from None
    if form.get("max_dots_per_note"):
        try:
            settings["max_dots_per_note"] = int(form["max_dots_per_note"])
        except ValueError:
            raise InvalidCommand("dots per note must be a whole number", reason="max_dots_per_note_range",
                                 params={"min": DOTS_RANGE[0], "max": DOTS_RANGE[1]}) from None
    groups = [g.strip() for g in str(form.get("groups") or "").splitlines() if g.strip()]
    if groups:
        settings["groups"] = groups
    for key in ("language", "second_language"):  # the domain checks them
        if key in form:
            settings[key] = str(form[key])
    settings["anonymous"] = form.get("anonymous", "on") == "on"
    settings["blind_votes"] = form.get("blind_votes", "on") == "on"
    return settings


async def create_board_form(request: Request) -> Response:
    async with request.form(max_files=0, max_fields=20) as form:
        try:
            data = {
                "title": form.get("title"),
                "question": form.get("question"),
                "template": form.get("template"),
                "settings": _form_settings(form),
            }
            board, urls = await _create(request, data)
        except MetanetError as err:
            return PlainTextResponse(f"Could not create the board: {err.message}", status_code=400)
    return RedirectResponse(urls["facilitator_url"], status_code=303)


CODE_LOOKUP_RATE = 10.0  # per second per address: a whole room behind one NAT joins fine,
CODE_LOOKUP_BURST = 300  # while guessing one of 31^6 codes stays hopeless
MAX_TRACKED_ADDRESSES = 10_000


def _lookup_allowed(request: Request) -> bool:
    buckets: dict[str, TokenBucket] = request.app.state.code_lookups
    address = request.client.host if request.client else "?"
    bucket = buckets.get(address)
    if bucket is None:
        if len(buckets) >= MAX_TRACKED_ADDRESSES:
            buckets.pop(next(iter(buckets)))
        bucket = buckets[address] = TokenBucket(CODE_LOOKUP_RATE, CODE_LOOKUP_BURST)
    return bucket.take()


async def join_code(request: Request) -> Response:
    boards: Boards = request.app.state.boards
    if not _lookup_allowed(request):
        return PlainTextResponse("Too many attempts. Wait a minute and try again.", status_code=429)
    board = await boards.find_code(request.path_params["code"])
    if board is None:
        return PlainTextResponse("No board has that code. Check the code on the screen.", status_code=404)
    if is_gathering(board):  # an event's code: its phone page
        return RedirectResponse(f"/e/{request.path_params['code'].strip().upper()}", status_code=302)
    return RedirectResponse(f"/b/{board}", status_code=302)


async def find_code(request: Request) -> Response:
    """``{"board": id}`` for a join code, ``{"board": null}`` when no board has it (the start page
    says so in a sentence instead of leading a phone to an error page). Rate limited like ``/j/``."""
    boards: Boards = request.app.state.boards
    if not _lookup_allowed(request):
        return _error(RateLimited("Too many attempts. Wait a minute and try again.", reason="too_many_attempts"))
    board = await boards.find_code(request.path_params["code"].strip().upper())
    return JSONResponse({"board": board})


async def join_form(request: Request) -> Response:
    code = request.query_params.get("code", "")
    return RedirectResponse(f"/j/{code.strip().upper()}", status_code=303)


def page(name: str) -> Any:
    async def endpoint(request: Request) -> Response:
        return FileResponse(WEB / name, headers={"Cache-Control": "no-cache"})

    return endpoint


async def qr_svg(request: Request) -> Response:
    boards: Boards = request.app.state.boards
    board_id = request.path_params["board"]
    try:
        live = await boards.get(board_id)
    except MetanetError:
        return PlainTextResponse("no such board", status_code=404)
    url = f"{base_url(request)}/j/{live.state.code}"
    boards.release(live)  # loaded just for its code: let it unload when idle
    # A standalone SVG document (with xmlns) so that <img src=".../qr.svg"> renders it.
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


async def list_templates(request: Request) -> Response:
    return JSONResponse([templates.listed(t) for t in templates.all_templates().values()])


async def health(request: Request) -> Response:
    status = {**await request.app.state.backbone.health(), "summaries": summaries.COST.as_dict()}
    return JSONResponse({"status": "ok" if status.get("ok") else "degraded", **status}, status_code=200 if status.get("ok") else 503)


async def catalog_json(request: Request) -> Response:
    """``/i18n/{lang}.json?s=common,phone``: the sections of a screens' catalog that a page needs."""
    lang = request.path_params["lang"]
    if not i18n.known(lang):
        return _error(NotFound(f"no catalog for language {lang!r}"))
    wanted = tuple(name for name in request.query_params.get("s", "").split(",") if name)
    body = catalogs.sections_json(lang, wanted)
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    headers = {"Cache-Control": "no-cache", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
