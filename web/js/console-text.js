// Words the console's panels share: phase kinds, and sentences that carry a link.

import { h } from "./dom.js";
import { t, words } from "./i18n.js";

/** "write" -> "write" / "rédaction" / "كتابة"... (the kind's short name). */
export function kindName(kind) {
  const key = `console.kind_${kind}`;
  return words.has(key) ? t(key) : kind;
}

/** A sentence with a link in it: the catalog's "{link}" becomes <a href>`linkKey`</a>. */
export function withLink(key, href, linkKey) {
  return t(key).split("{link}").flatMap((part, i) => (i === 0 ? [part] : [h("a", { href, text: t(linkKey) }), part]))
    .filter((part) => part !== "");
}
