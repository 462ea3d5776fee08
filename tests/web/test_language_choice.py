"""web/js/i18n.js in real Chromium: which language a screen picks, its direction, plural forms through Intl.

The table of plural categories that tests/i18n/test_catalogs.py holds every catalog to is checked here
against the browser's own ``Intl.PluralRules``; and every plural entry of every catalog, fed counts from 0
to 111, gives a non-empty sentence with the count written the language's way.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser

from server.i18n import LANGUAGES
from testkit.metanet import MetanetServer
from tests.i18n.test_catalogs import PLURAL_CATEGORIES
from tests.web.conftest import PHONE, open_page

pytestmark = pytest.mark.browser

CHOICE = """async ([screen, fallback]) => {
  const i18n = await import('/static/js/i18n.js');
  return i18n.chooseLanguage(screen, fallback);
}"""


async def test_chromiums_plural_rules_are_the_catalogs_table(browser: Browser, server: MetanetServer) -> None:
    _, page, watched = await open_page(browser, PHONE, "page")
    await page.goto(server.url + "/")
    found: dict[str, list[str]] = await page.evaluate(
        "codes => Object.fromEntries(codes.map(c => [c, new Intl.PluralRules(c).resolvedOptions().pluralCategories]))",
        sorted(LANGUAGES))
    assert {code: set(categories) for code, categories in found.items()} == PLURAL_CATEGORIES
    assert not watched.errors


async def test_every_plural_in_every_catalog_reads_right_for_many_counts(browser: Browser, server: MetanetServer) -> None:
    _, page, watched = await open_page(browser, PHONE, "page")
    await page.goto(server.url + "/")
    sections = "common,home,phone,console,projector,event,errors"
    problems: list[str] = await page.evaluate("""async ([codes, sections]) => {
      const { otherWords } = await import('/static/js/i18n.js');
      const problems = [];
      for (const code of codes) {
        const words = await otherWords(code, sections.split(','));
        const rules = new Intl.PluralRules(code);
        for (const [key, entry] of words.entries) {
          if (typeof entry !== 'object') continue;
          for (const n of [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111, 1000000]) {
            const text = words.t(key, { count: n });
            const form = entry[rules.select(n)];
            if (!text.trim()) problems.push(`${code} ${key} ${n}: empty`);
            else if (form.includes('{count}') && !text.includes(new Intl.NumberFormat(code).format(n)))
              problems.push(`${code} ${key} ${n}: the count is not in "${text}"`);
          }
        }
      }
      return problems;
    }""", [sorted(LANGUAGES), sections])
    assert not problems, problems
    assert not watched.errors


async def test_a_screen_takes_the_address_then_the_device_then_the_browser(browser: Browser, server: MetanetServer) -> None:
    context, page, watched = await open_page(browser, {**PHONE, "locale": "ru-RU"}, "page")
    await page.goto(server.url + "/")
    assert await page.evaluate(CHOICE, ["phone", ""]) == "ru"  # the browser's language
    assert await page.evaluate(CHOICE, ["projector", "fr"]) == "fr"  # a board's language beats the browser's
    await page.evaluate("() => localStorage.setItem('metanet:lang:phone', JSON.stringify('es'))")
    assert await page.evaluate(CHOICE, ["phone", "fr"]) == "es"  # this device's choice for this screen
    assert await page.evaluate(CHOICE, ["console", ""]) == "ru"  # ...and only for that screen
    await page.goto(server.url + "/?lang=ar-EG")
    assert await page.evaluate(CHOICE, ["phone", ""]) == "ar"  # the address beats everything
    await page.goto(server.url + "/?lang=xx")
    assert await page.evaluate(CHOICE, ["phone", ""]) == "es"  # an unknown one is ignored
    await context.close()
    _, page, _ = await open_page(browser, {**PHONE, "locale": "de-DE"}, "page")
    await page.goto(server.url + "/")
    assert await page.evaluate(CHOICE, ["phone", ""]) == "en"  # none of the six: English
    assert not watched.errors


async def test_arabic_sets_the_documents_direction_and_the_words(browser: Browser, server: MetanetServer) -> None:
    _, page, watched = await open_page(browser, PHONE, "page")
    await page.goto(server.url + "/")
    started: dict[str, Any] = await page.evaluate("""async () => {
      const i18n = await import('/static/js/i18n.js');
      const words = await i18n.startLanguage('ar', ['common']);
      return { lang: document.documentElement.lang, dir: document.documentElement.dir, word: i18n.t('common.language'),
               list: words.list(['أ', 'ب', 'ج']), number: words.number(1234),
               isolated: words.listNodes(['1 Academia', '1 NGO']).map((n) => n.nodeName || n) };
    }""")
    assert started["lang"] == "ar" and started["dir"] == "rtl"
    assert started["word"] == "اللغة"
    assert "و" in started["list"]  # the conjunction comes from Intl.ListFormat
    # English group names in an Arabic list each sit in a <bdi>, so "1 Academia" does not run into "و"
    assert started["isolated"][0] == "BDI" and started["isolated"][-1] == "BDI" and "BDI" not in started["isolated"][1:-1][::2]
    assert started["number"] in ("1,234", "١٬٢٣٤")  # grouped as Arabic groups (Latin digits in today's CLDR)
    assert not watched.errors
