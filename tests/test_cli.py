"""``metanet serve`` tells the facilitator where phones can reach it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from server.cli import banner, lan_address
from server.config import Config
from testkit.process import REPO_ROOT


def local_addresses() -> set[str]:
    """This machine's own IPv4 addresses, as the kernel's routing table lists them (not how the CLI finds them)."""
    lines = Path("/proc/net/fib_trie").read_text().splitlines()
    return {prev.split()[-1] for prev, line in zip(lines, lines[1:], strict=False) if "host LOCAL" in line}


def test_the_banner_shows_an_address_phones_on_the_network_can_reach() -> None:
    reachable = {a for a in local_addresses() if not a.startswith(("127.", "169.254."))}
    assert reachable, "this machine has no network address to test with"
    text = banner(Config(host="0.0.0.0", port=8123))
    shown = re.search(r"Create a board:\s+http://([\d.]+):8123/", text)
    assert shown is not None, text
    assert shown.group(1) in reachable
    assert lan_address() == shown.group(1)
    assert "█" in text  # the QR code for phones
    assert "No network address" not in text


def test_a_server_only_on_loopback_says_phones_cannot_reach_it() -> None:
    text = banner(Config(host="127.0.0.1", port=8123))
    assert "http://127.0.0.1:8123/" in text
    assert "phones cannot reach this machine" in text


def test_a_public_url_is_what_the_banner_shows() -> None:
    text = banner(Config(host="0.0.0.0", port=8123, public_url="https://board.example.org"))
    assert "https://board.example.org/" in text
    assert "No network address" not in text


def test_help_documents_serve_and_export() -> None:
    out = subprocess.run([sys.executable, "-m", "server.cli", "--help"], cwd=REPO_ROOT, capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert "serve" in out and "export" in out
    serve = subprocess.run([sys.executable, "-m", "server.cli", "serve", "--help"], cwd=REPO_ROOT, capture_output=True,
                           text=True, timeout=60, check=True).stdout
    for flag in ("--host", "--port", "--data-dir", "--backbone", "--workers", "--public-url"):
        assert flag in serve
