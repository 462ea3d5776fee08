"""Errors cross the wire and come back as what they were; each answers HTTP with its own status."""

from __future__ import annotations

import pytest

from server import errors
from server.errors import ERROR_CODES, DomainError, MetanetError, from_wire

LEAVES = [cls for cls in vars(errors).values()
          if isinstance(cls, type) and issubclass(cls, MetanetError) and not cls.__subclasses__()]


@pytest.mark.parametrize("cls", LEAVES, ids=[c.__name__ for c in LEAVES])
def test_an_error_sent_over_the_wire_comes_back_as_the_same_error(cls: type[MetanetError]) -> None:
    back = from_wire(**cls("what happened").to_wire())
    assert type(back) is cls and back.message == "what happened" and back.code == cls.code
    assert back.reason == cls.code and back.params == {}


def test_a_reason_and_its_params_come_back_as_they_were_sent() -> None:
    sent = errors.NotAllowedNow("someone is in it", reason="group_has_people", params={"count": 2, "group": "NGO"})
    back = from_wire(**sent.to_wire())
    assert (type(back), back.reason, back.params) == (errors.NotAllowedNow, "group_has_people", {"count": 2, "group": "NGO"})


def test_a_malformed_reason_or_params_from_the_wire_falls_back_to_the_code() -> None:
    back = from_wire("not_now", "later", "Not A Key!", {"count": [1], "ok": 1, "flag": True, 3: "x"})
    assert (back.reason, back.params) == ("not_now", {"ok": 1})
    assert from_wire("not_now", "later", None, "junk").params == {}


def test_every_wire_code_belongs_to_exactly_one_error() -> None:
    assert sorted(ERROR_CODES) == sorted(c.code for c in LEAVES)


def test_a_code_this_version_does_not_know_stays_a_refusal_with_its_code() -> None:
    back = from_wire("gone_fishing", "later")
    assert type(back) is DomainError and back.to_wire() == {"code": "gone_fishing", "message": "later",
                                                            "reason": "gone_fishing", "params": {}}


def test_each_error_answers_http_with_its_status() -> None:
    status = {cls.__name__: cls.http_status for cls in LEAVES}
    assert status == {
        "NotFound": 404, "Forbidden": 403, "NotAllowedNow": 400, "BudgetExceeded": 400, "InvalidCommand": 400,
        "FrameTooLarge": 413, "BadMessage": 400, "AuthError": 403, "RateLimited": 429, "Unavailable": 503,
    }
