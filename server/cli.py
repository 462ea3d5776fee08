"""``metanet``: serve the board, or export one.

    metanet serve [--host H] [--port P] [--data-dir DIR] [--backbone URL] [--workers N]
    metanet export BOARD --format md|csv|json [--lang xx] [--data-dir DIR | --backbone URL]
    metanet export --event CODE --format md|csv|json [--lang xx] [--data-dir DIR | --backbone URL]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import socket
import sys
from pathlib import Path

from server.config import Config
from server.i18n import LANGUAGES
from server.protocol import limits


def _interface_addresses() -> list[str]:
    """The IPv4 address of each network interface (Linux; empty elsewhere)."""
    import fcntl
    import struct

    found = []
    for _, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:  # SIOCGIFADDR: asks the kernel, sends nothing
                packed = fcntl.ioctl(s.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
            except OSError:
                continue  # down, or no IPv4 address
        found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_address() -> str:
    """This machine's address on the local network, for phones in the room; 127.0.0.1 if it has none."""
    candidates: list[str] = []
    with contextlib.suppress(OSError):
        candidates += _interface_addresses()
    with contextlib.suppress(OSError):
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    for addr in candidates:
        if not addr.startswith(("127.", "169.254.")):
            return addr
    return "127.0.0.1"


def find_lan_url(config: Config) -> str:
    """The address phones in the room can use ("" when there is none): the configured one, else
    this machine's network address when listening on every interface, else the listen address."""
    if config.lan_url:
        return config.lan_url
    host = lan_address() if config.host in ("0.0.0.0", "::", "") else config.host
    if host.startswith("127.") or host in ("localhost", "::1"):
        return ""
    return f"http://{host}:{config.port}"


def banner(config: Config) -> str:
    import segno

    base = config.public_url or find_lan_url(config) or f"http://{config.host}:{config.port}"
    qr = segno.make(base + "/", error="m")
    lines = [
        "",
        "  Metanet is running.",
        f"  Create a board:   {base}/",
        f"  Join with a code: {base}/  (phones on this network)",
        "",
    ]
    if base.startswith(("http://127.", "http://localhost")):
        lines[-1:] = ["  No network address found: phones cannot reach this machine. Join the room's Wi-Fi",
                      "  (or set --public-url) and start again.", ""]
    return "\n".join(lines) + "\n" + _terminal_qr(qr) + "\n"


def _terminal_qr(qr: object) -> str:
    import io

    buf = io.StringIO()
    qr.terminal(out=buf, compact=True, border=2)  # type: ignore[attr-defined]
    return buf.getvalue()


def _common(parser: argparse.ArgumentParser, defaults: Config) -> None:
    parser.add_argument("--data-dir", type=Path, default=defaults.data_dir, help="where memory:// keeps its SQLite file (env METANET_DATA_DIR; default ./metanet-data)")
    parser.add_argument("--backbone", default=defaults.backbone, help="memory:// (default, one process), redis://host:port/db or "
                        "redis+cluster://host:port,host:port (env METANET_BACKBONE)")


def build_parser(defaults: Config) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="metanet", description="Metanet: a real-time note-and-vote board for strategy sprints.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server", description="Run the Metanet server (uvicorn).")
    serve.add_argument("--host", default=defaults.host, help="listen address (env METANET_HOST; default 0.0.0.0)")
    serve.add_argument("--port", type=int, default=defaults.port, help="listen port (env METANET_PORT or PORT; default 8000)")
    serve.add_argument("--workers", type=int, default=defaults.workers, help="worker processes; more than 1 needs --backbone redis:// or redis+cluster://")
    serve.add_argument("--public-url", default=defaults.public_url, help="base URL printed and put in QR codes (env METANET_PUBLIC_URL)")
    serve.add_argument("--origins", default=",".join(defaults.origins), help="other sites allowed to open sockets and post to the API, comma-separated (env METANET_ORIGINS)")
    _common(serve, defaults)
    export = sub.add_parser("export", help="export a board's or an event's report",
                            description="Export one board, or one event of several metanets, as Markdown, CSV or JSON.")
    export.add_argument("board", nargs="?", help="board id or join code")
    export.add_argument("--event", metavar="CODE", help="export the event with this code (or id) instead of a board")
    export.add_argument("--format", choices=("md", "csv", "json"), default="md")
    export.add_argument("--lang", choices=tuple(LANGUAGES), metavar="|".join(LANGUAGES),
                        help="the report's language (default: the board's language setting, else en; events: en)")
    _common(export, defaults)
    return parser


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    config = dataclasses.replace(
        Config.from_env(),
        backbone=args.backbone,
        data_dir=args.data_dir,
        host=args.host,
        port=args.port,
        public_url=args.public_url.rstrip("/"),
        origins=tuple(o for o in args.origins.split(",") if o),
        workers=args.workers,
    )
    if config.workers > 1 and config.backbone.startswith("memory"):
        print("metanet: the embedded backbone (memory://) runs in one process; "
              "for several workers use --backbone redis://HOST:6379/0", file=sys.stderr)
        return 2
    # Found once here and passed to the app: a screen opened on localhost still shows phones this address.
    config = dataclasses.replace(config, lan_url=find_lan_url(config))
    os.environ.update(config.to_env())  # the factory in each worker reads these
    print(banner(config), flush=True)
    uvicorn.run(
        "server.app:app_from_env",
        factory=True,
        host=config.host,
        port=config.port,
        workers=config.workers,
        ws_max_size=limits.SOCKET_MAX_BYTES,
        ws_ping_interval=config.ping_interval,
        ws_ping_timeout=config.ping_interval,
        ws_per_message_deflate=False,
        # websockets-sansio plus direct frame writes for fan-out (server/transport/uvicorn_ws.py);
        # docs/performance.md measures it against uvicorn's own implementations (METANET_UVICORN_WS).
        ws=config.uvicorn_ws,
        proxy_headers=True,
        server_header=False,  # nothing for a phone to use, and 17 bytes on each of the ~40 first-load responses
        log_level="info",
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser(Config.from_env()).parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.event is not None:
        from server.report.event_cli import export as export_event

        return export_event(args)
    if args.board is None:
        print("metanet export: name a board (id or join code) or --event CODE", file=sys.stderr)
        return 2
    from server.report.cli import export

    return export(args)


if __name__ == "__main__":
    sys.exit(main())
