"""``GET /i18n/{lang}.json?s=...``: a page gets only the sections it asks for, in its language."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from server.i18n.pseudo import CLOSE, OPEN
from testkit.metanet import MetanetServer

PLACEHOLDER = re.compile(r"\{[a-z_0-9]+\}")


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, {k.lower(): v for k, v in refused.headers.items()}, refused.read()


def english() -> dict[str, dict[str, object]]:
    from server.i18n.catalogs import WEB_I18N

    data: dict[str, dict[str, object]] = json.loads((WEB_I18N / "en.json").read_text(encoding="utf-8"))
    return data


def test_only_the_sections_asked_for_without_translators_notes(server: MetanetServer) -> None:
    status, _, body = get(f"{server.url}/i18n/ru.json?s=common,errors,nonsense")
    assert status == 200
    served = json.loads(body)
    assert list(served) == ["common", "errors"]
    assert not [key for entries in served.values() for key in entries if key.startswith("_")]
    assert served["common"]["language"] == "Язык"


def test_the_pseudo_language_marks_and_lengthens_every_string(server: MetanetServer) -> None:
    status, _, body = get(f"{server.url}/i18n/en-XA.json?s=common,phone,console,projector,event,home,errors")
    assert status == 200
    served = json.loads(body)
    source = english()
    for section, entries in served.items():
        for key, value in entries.items():
            for form, text in (value.items() if isinstance(value, dict) else [("", value)]):
                plain = source[section][key]
                original = plain[form] if isinstance(plain, dict) else plain
                assert isinstance(text, str) and isinstance(original, str)
                assert text.startswith(OPEN) and text.endswith(CLOSE), (section, key)
                visible, visible_original = PLACEHOLDER.sub("", text), PLACEHOLDER.sub("", original)
                assert len(visible) >= 1.4 * len(visible_original), (section, key)
                assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(original)), (section, key)


@pytest.mark.parametrize("lang", ["xx", "EN", "en-US", "ar%00"])
def test_an_unknown_language_is_a_404_with_a_sentence(server: MetanetServer, lang: str) -> None:
    status, _, body = get(f"{server.url}/i18n/{lang}.json?s=common")
    assert status == 404
    assert b"no catalog" in body


def test_a_phone_revalidates_its_catalog_cheaply(server: MetanetServer) -> None:
    status, headers, body = get(f"{server.url}/i18n/ar.json?s=common,phone")
    assert status == 200 and headers.get("cache-control") == "no-cache"
    again, _, nothing = get(f"{server.url}/i18n/ar.json?s=common,phone", {"If-None-Match": headers["etag"]})
    assert again == 304 and nothing == b""
    other, _, _ = get(f"{server.url}/i18n/fr.json?s=common,phone", {"If-None-Match": headers["etag"]})
    assert other == 200
