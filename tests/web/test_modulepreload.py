"""Every page announces its whole module graph up front (``<link rel="modulepreload">``), so a browser
fetches every module in one round instead of one import level at a time, with no build step.

The graph is read from the modules themselves (their static ``import``/``export ... from``), so the list
in a page cannot go stale: a module added, moved or dropped fails this test, which prints the lines to
paste. Run ``python -m tests.web.test_modulepreload`` to rewrite the pages' lists.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
PAGES = ("index.html", "board.html", "facilitator.html", "projector.html", "event.html", "lounge.html", "organiser.html", "plenary.html")
STATIC = "/static/"
IMPORT = re.compile(r"""(?:^|[;\s])(?:import|export)\s[^'"]*?\sfrom\s*["']([^"']+)["']|(?:^|[;\s])import\s*["']([^"']+)["']""", re.M)
ENTRY = re.compile(r"""<script type="module" src="([^"]+)"></script>""")
PRELOAD = re.compile(r"""<link rel="modulepreload" href="([^"]+)">""")


def imports(path: Path) -> list[Path]:
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)
    found = []
    for match in IMPORT.finditer(text):
        spec = match.group(1) or match.group(2)
        if spec.startswith("."):
            found.append((path.parent / spec).resolve())
    return found


def graph(page: str) -> list[str]:
    """Every module the page's entry scripts load, as /static/ URLs: entries first, then in the order found."""
    html = (WEB / page).read_text(encoding="utf-8")
    todo = [(WEB / src.removeprefix(STATIC)).resolve() for src in ENTRY.findall(html)]
    seen: list[Path] = []
    while todo:
        module = todo.pop(0)
        if module in seen:
            continue
        assert module.is_file(), f"{page}: {module} is imported but missing"
        seen.append(module)
        todo.extend(imports(module))
    return [STATIC + str(m.relative_to(WEB)) for m in seen]


def preload_lines(page: str) -> str:
    return "\n".join(f'<link rel="modulepreload" href="{url}">' for url in graph(page))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_preloads_exactly_its_module_graph(page: str) -> None:
    announced = PRELOAD.findall((WEB / page).read_text(encoding="utf-8"))
    wanted = graph(page)
    assert len(announced) == len(set(announced)), f"{page} announces a module twice"
    assert set(announced) == set(wanted), (
        f"{page}: missing {sorted(set(wanted) - set(announced))}, not used {sorted(set(announced) - set(wanted))}.\n"
        f"Run python -m tests.web.test_modulepreload, or paste:\n{preload_lines(page)}"
    )


def rewrite(page: str) -> None:
    """Replace the page's modulepreload lines by its graph (after the stylesheets, before the scripts)."""
    path = WEB / page
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not PRELOAD.search(line)]
    lines = [line for line in lines if "Every module the page needs" not in line]
    at = next(i for i, line in enumerate(lines) if ENTRY.search(line))
    block = ["<!-- Every module the page needs, fetched at once instead of one import level at a time"
             " (tests/web/test_modulepreload.py). -->", *preload_lines(page).splitlines()]
    path.write_text("\n".join(lines[:at] + block + lines[at:]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:] or PAGES:
        rewrite(name)
