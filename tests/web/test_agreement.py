"""web/js/agreement.js follows server/domain/results.py::agreement exactly (docs/report.md)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from playwright.async_api import Browser

from server.domain import results
from testkit.metanet import MetanetServer
from tests.sprint.test_results import EXPECTED_TALLIES
from tests.web.conftest import LAPTOP, open_page

pytestmark = pytest.mark.browser

GROUPS = ["Government / member state", "NGO / civil society", "Academia", "Private sector"]
AGREEMENT = """async ({tallies, groups, top}) => {
  const { agreement } = await import("/static/js/agreement.js");
  return agreement(tallies, groups, top);
}"""


def random_tallies(rng: random.Random) -> dict[str, dict[str, Any]]:
    """Dots from a few groups (some outside the board's list, like "Facilitator") on a few notes."""
    groups = [*GROUPS, "Facilitator", "Other"]
    tallies: dict[str, dict[str, Any]] = {}
    for n in range(1, rng.randint(1, 9)):
        by_group = {g: rng.randint(1, 4) for g in rng.sample(groups, rng.randint(0, 4))}
        tallies[f"n{n}"] = {"total": sum(by_group.values()), "by_group": by_group}
    return tallies


async def test_the_page_computes_the_agreement_view_as_the_server_does(browser: Browser, server: MetanetServer) -> None:
    _, page, watched = await open_page(browser, LAPTOP, "page")
    await page.goto(server.url + "/")
    cases: list[tuple[dict[str, Any], list[str], int]] = [
        (EXPECTED_TALLIES, GROUPS, 3),
        (EXPECTED_TALLIES, GROUPS, 1),
        ({}, GROUPS, 3),
    ]
    rng = random.Random(5)
    cases += [(random_tallies(rng), GROUPS, rng.choice([1, 2, 3])) for _ in range(60)]
    for tallies, groups, top in cases:
        got = await page.evaluate(AGREEMENT, {"tallies": tallies, "groups": groups, "top": top})
        assert got == results.agreement(tallies, groups, top), tallies
    # The hand-computed fixture (tests/sprint/test_results.py): n1 is common ground.
    fixture = await page.evaluate(AGREEMENT, {"tallies": EXPECTED_TALLIES, "groups": GROUPS, "top": 3})
    assert fixture["common_ground"] == ["n1"]
    assert fixture["single_group"] == ["n2", "n3", "n5", "n7"]
    assert not watched.errors, watched.errors
