"""Checks for the screens in other languages, shared by the language tests.

``unmarked_text(page)``: in the pseudo-language ``en-XA`` every catalog string comes wrapped in ⟦ ⟧
(server/i18n/pseudo.py), so any visible text with letters and no marker was written into the page
by hand. People's own words are exempt where the page says so: inside ``dir="auto"`` (notes, names,
titles: text that may be in any script), ``<bdi>`` (the same inside a sentence) or ``translate="no"``
(language names in the menu).
Placeholders, ``aria-label`` and ``title`` attributes are checked the same way.

``overflowing(page)``: elements whose text is wider or taller than their box and is being cut
(overflow not visible), or that stick out of the viewport sideways. People's words (``dir="auto"``)
that a screen gives a set number of lines (``-webkit-line-clamp``) are cut on purpose and not counted;
the catalog's words never are.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

MARK = "⟦"

UNMARKED = r"""() => {
  const exempt = (el) => el && el.closest('[dir=auto], [translate=no], bdi, script, style, noscript, template');
  const shown = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (e.hidden || style.display === 'none' || style.visibility === 'hidden') return false;
    }
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const words = /\p{L}/u;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    const el = node.parentElement;
    if (!text || !words.test(text) || text.includes('⟦') || exempt(el) || !shown(el)) continue;
    // a marked string may be split over nodes around a <bdi> (people's words in a sentence)
    if (text.includes('⟧') || (el.querySelector(':scope > bdi') && el.textContent.includes('⟦'))) continue;
    found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ')[0] : ''}: ${text.slice(0, 60)}`);
  }
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      const value = el.getAttribute(attr);
      if (value && words.test(value) && !value.includes('⟦') && !exempt(el) && shown(el)) found.push(`${el.tagName.toLowerCase()}[${attr}]: ${value.slice(0, 60)}`);
    }
  }
  if (document.title && !document.title.includes('⟦')) found.push(`title: ${document.title}`);
  return found;
}"""

OVERFLOWING = r"""() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (el.hidden || style.display === 'none' || style.visibility === 'hidden' || style.display === 'inline') continue;
    if (el.closest('.sr-only') || style.clipPath.startsWith('inset(50%') || style.clip.startsWith('rect(0')) continue; // for screen readers only
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''}`;
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.nodeValue.trim());
    const cuts = style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.textOverflow === 'ellipsis';
    const scrolls = ['auto', 'scroll'].includes(style.overflowY) || ['auto', 'scroll'].includes(style.overflowX);
    // people's words given a number of lines on purpose (a Lounge tile's title) end in an ellipsis by design
    const clamped = el.closest('[dir=auto]') && style.webkitLineClamp !== 'none';
    if (hasText && cuts && !scrolls && !clamped && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) found.push(`${name}: text cut (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
    const parked = box.right <= 0 || box.left >= width; // wholly off screen on purpose (a skip link until focused)
    if (hasText && !parked && (box.right > width + 1 || box.left < -1) && style.position !== 'fixed') found.push(`${name}: outside the screen (${Math.round(box.left)}..${Math.round(box.right)} of ${width})`);
  }
  if (document.documentElement.scrollWidth > width + 1) found.push(`page wider than the screen: ${document.documentElement.scrollWidth} > ${width}`);
  return found;
}"""


async def unmarked_text(page: Page) -> list[str]:
    """Visible text (and labels) on ``page`` that did not come from the catalog (run the page in en-XA)."""
    found: Any = await page.evaluate(UNMARKED)
    return list(found)


async def overflowing(page: Page) -> list[str]:
    """Text cut by its box, or sticking out of the screen."""
    found: Any = await page.evaluate(OVERFLOWING)
    return list(found)


async def assert_all_translated(page: Page, where: str) -> None:
    """Every visible string on ``page`` (open in en-XA) came from the catalog, and none is cut."""
    unmarked = await unmarked_text(page)
    assert not unmarked, f"{where}: text not from the catalog: {unmarked}"
    cut = await overflowing(page)
    assert not cut, f"{where}: text overflows its box: {cut}"
