"""Configuration from the environment (12-factor); the CLI sets the same variables.

=====================  ==========================  ====================================
variable               default                     meaning
=====================  ==========================  ====================================
METANET_BACKBONE       memory://                   memory://, redis://host:port/db or redis+cluster://host:port,host:port
METANET_REPLICA_WAIT_MS 500                        redis+cluster://: ms an append waits for a replica (WAIT 1); 0: no WAIT
METANET_DATA_DIR       ./metanet-data              where memory:// keeps its SQLite file
METANET_HOST           0.0.0.0                     listen address
METANET_PORT / PORT    8000                        listen port
METANET_PUBLIC_URL     (from the request)          base URL printed and put in QR codes
METANET_LAN_URL        (found by ``metanet serve``) this machine's address on the room's network, put in QR
                                                   codes and join links when a screen was opened on localhost
METANET_ORIGINS        (the server's own origin)   other sites' origins allowed to open sockets and post to the
                                                   API, comma-separated (``https://other.example``; ``*``: any)
METANET_HOSTS          (none)                      host names this server answers to besides its public URL's,
                                                   IP addresses, localhost and the machine's name (comma-separated;
                                                   any other ``Host`` gets HTTP 400: server/transport/sites.py)
METANET_WORKERS        1                           uvicorn worker processes (Redis only)
METANET_SEND_QUEUE     1048576                     bytes queued for one socket before it is cut off
METANET_RATE           20                          commands per second per connection (burst: twice that)
METANET_MAX_PER_ADDR   1000                        WebSocket connections from one address (a venue NAT
                                                   puts a whole room behind one address)
METANET_HELLO_TIMEOUT  10                          seconds a new socket has to send hello before it is closed
METANET_PING_INTERVAL  10                          seconds between WebSocket pings; a socket that answers none
                                                   within the same time again is closed (a vanished phone)
METANET_UVICORN_WS     (Metanet's, see below)      uvicorn's WebSocket protocol for ``metanet serve``: the default
                                                   ``server.transport.uvicorn_ws:MetanetWebSocketProtocol`` writes
                                                   fan-out frames straight to the socket; uvicorn's own
                                                   (``websockets-sansio``, ``websockets``, ``wsproto``) are there
                                                   to measure it against (docs/performance.md), not to run
=====================  ==========================  ====================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

UVICORN_WS = "server.transport.uvicorn_ws:MetanetWebSocketProtocol"


@dataclass(frozen=True)
class Config:
    backbone: str = "memory://"
    data_dir: Path = Path("metanet-data")
    host: str = "0.0.0.0"
    port: int = 8000
    public_url: str = ""
    lan_url: str = ""
    origins: tuple[str, ...] = field(default_factory=tuple)
    hosts: tuple[str, ...] = field(default_factory=tuple)
    workers: int = 1
    max_per_address: int = 1000
    send_queue: int = 1024 * 1024
    rate: float = 20.0
    hello_timeout: float = 10.0
    ping_interval: float = 10.0
    uvicorn_ws: str = UVICORN_WS

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        env = dict(os.environ if env is None else env)
        origins = tuple(o.strip().rstrip("/") for o in env.get("METANET_ORIGINS", "").split(",") if o.strip())
        return cls(
            backbone=env.get("METANET_BACKBONE", "memory://") or "memory://",
            data_dir=Path(env.get("METANET_DATA_DIR", "metanet-data")),
            host=env.get("METANET_HOST", "0.0.0.0"),
            port=int(env.get("METANET_PORT") or env.get("PORT") or 8000),
            public_url=env.get("METANET_PUBLIC_URL", "").rstrip("/"),
            lan_url=env.get("METANET_LAN_URL", "").rstrip("/"),
            origins=origins,
            hosts=tuple(h.strip().lower() for h in env.get("METANET_HOSTS", "").split(",") if h.strip()),
            workers=int(env.get("METANET_WORKERS", "1")),
            max_per_address=int(env.get("METANET_MAX_PER_ADDR", "1000")),
            send_queue=int(env.get("METANET_SEND_QUEUE", str(1024 * 1024))),
            rate=float(env.get("METANET_RATE", "20")),
            hello_timeout=float(env.get("METANET_HELLO_TIMEOUT", "10")),
            ping_interval=float(env.get("METANET_PING_INTERVAL", "10")),
            uvicorn_ws=env.get("METANET_UVICORN_WS") or UVICORN_WS,
        )

    def to_env(self) -> dict[str, str]:
        return {
            "METANET_BACKBONE": self.backbone,
            "METANET_DATA_DIR": str(self.data_dir),
            "METANET_HOST": self.host,
            "METANET_PORT": str(self.port),
            "METANET_PUBLIC_URL": self.public_url,
            "METANET_LAN_URL": self.lan_url,
            "METANET_ORIGINS": ",".join(self.origins),
            "METANET_HOSTS": ",".join(self.hosts),
            "METANET_WORKERS": str(self.workers),
            "METANET_MAX_PER_ADDR": str(self.max_per_address),
            "METANET_SEND_QUEUE": str(self.send_queue),
            "METANET_RATE": str(self.rate),
            "METANET_HELLO_TIMEOUT": str(self.hello_timeout),
            "METANET_PING_INTERVAL": str(self.ping_interval),
            "METANET_UVICORN_WS": self.uvicorn_ws,
        }
