"""On a slow link (400 ms latency, 400 kbit/s, Chromium's network emulation) a phone's join form is
interactive after at most 3 round trips following the HTML, read from the request timeline.

A request's round is 1 + the latest round among the requests that had finished before it was issued
(the HTML is round 0): a module found only by importing another costs a round; modules announced by
``modulepreload`` share one. The socket's handshake is a round, and ``hello`` -> ``welcome`` one more:
the join form needs the welcome (the board's groups), so the best a page can do is 3. The catalog of
the page's words is fetched beside the socket, in the same round, never before it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, expect

from testkit.metanet import MetanetServer
from tests.web.conftest import PHONE, open_page

pytestmark = pytest.mark.browser

LATENCY_MS = 400
THROUGHPUT = 400_000 / 8  # bytes per second


async def test_a_phone_on_a_slow_link_can_join_after_three_round_trips(
    browser: Browser, server: MetanetServer, artifacts: Path
) -> None:
    board = server.create_board(title="Slow link", template="note-and-vote")
    context, page, watched = await open_page(browser, PHONE, "phone")
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    await cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": LATENCY_MS, "downloadThroughput": THROUGHPUT, "uploadThroughput": THROUGHPUT},
    )
    issued: dict[str, dict[str, Any]] = {}
    finished: dict[str, float] = {}
    frames: list[float] = []
    cdp.on("Network.requestWillBeSent", lambda e: issued.setdefault(e["requestId"], {"url": e["request"]["url"], "at": e["timestamp"], "type": e.get("type", "")}))
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["timestamp"]))
    cdp.on("Network.webSocketCreated", lambda e: issued.setdefault(e["requestId"], {"url": e["url"], "at": None, "type": "WebSocket"}))
    cdp.on("Network.webSocketWillSendHandshakeRequest", lambda e: issued[e["requestId"]].__setitem__("at", e["timestamp"]))
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(e["timestamp"]))

    await page.goto(f"{server.url}/b/{board['board']}")
    await expect(page.get_by_role("button", name="Join", exact=True)).to_be_visible(timeout=30_000)
    interactive = await cdp.send("Runtime.evaluate", {"expression": "1"})  # a round trip to the page: all events are in
    assert interactive

    document = next(rid for rid, r in issued.items() if r["type"] == "Document")
    rounds: dict[str, int] = {document: 0}
    for rid, request in sorted(issued.items(), key=lambda item: item[1]["at"] or 0):
        if rid == document:
            continue
        before = [rounds[q] for q in rounds if q in finished and finished[q] <= request["at"]]
        rounds[rid] = 1 + max(before, default=0)
    sockets = [rid for rid, r in issued.items() if r["type"] == "WebSocket"]
    assert len(sockets) == 1, issued
    welcome_round = rounds[sockets[0]] + 1  # hello -> welcome on the open socket
    assert frames, "no welcome"
    timeline = sorted(
        ({"url": r["url"].replace(server.url, "").replace(server.ws_base, "ws:"), "round": rounds[rid], "type": r["type"]}
         for rid, r in issued.items()),
        key=lambda row: (row["round"], row["url"]),
    )
    report = {"welcome_round": welcome_round, "requests": len(issued), "timeline": timeline}
    (artifacts / "slow-link.json").write_text(json.dumps(report, indent=2))
    catalogs = [row for row in timeline if row["url"].startswith("/i18n/")]
    http_rounds = {row["url"]: row["round"] for row in timeline
                   if row["type"] not in ("Document", "WebSocket") and row not in catalogs}
    assert set(http_rounds.values()) == {1}, http_rounds  # every module and stylesheet in the first round
    # The page's words: one request, issued beside the socket (not before it), so they cost no round of their own.
    assert len(catalogs) == 1, catalogs
    assert catalogs[0]["round"] <= rounds[sockets[0]], report
    assert welcome_round <= 3, report
    assert not watched.errors, watched.errors
