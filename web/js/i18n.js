// The words on every screen, in the reader's language: catalogs, plurals, numbers, lists, direction.
//
// Each page names its screen and the catalog sections it needs; only the active language's
// sections are fetched (/i18n/{lang}.json?s=...). Until they arrive the page renders nothing from
// JavaScript: pages await `ready` before their first render. Strings in HTML carry
// data-i18n="section.key" (and data-i18n-placeholder, -aria-label, -title for attributes).
// How to add a language: docs/translating.md.

import { load, save } from "./storage.js";

/** The six UN languages, each named in itself; the order is the UN's (alphabetical in English). */
export const LANGUAGES = [
  { code: "ar", name: "العربية", dir: "rtl" },
  { code: "zh", name: "中文", dir: "ltr" },
  { code: "en", name: "English", dir: "ltr" },
  { code: "fr", name: "Français", dir: "ltr" },
  { code: "ru", name: "Русский", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
];
// The test language: English in markers, 40 % longer (server/i18n/pseudo.py). Chosen by ?lang=en-XA only.
export const PSEUDO = "en-XA";
const CODES = new Set([...LANGUAGES.map((l) => l.code), PSEUDO]);

export function direction(code) {
  return LANGUAGES.find((l) => l.code === code)?.dir || "ltr";
}

/** The supported language closest to a BCP 47 tag ("fr-CA" -> "fr", "zh-Hans-CN" -> "zh"), or "". */
export function supported(tag) {
  if (!tag) return "";
  if (CODES.has(tag)) return tag;
  const primary = String(tag).toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.some((l) => l.code === primary) ? primary : "";
}

const storageKey = (screen) => `metanet:lang:${screen}`;

/**
 * The language this screen shows: ?lang= in the address, else the one chosen on this device for
 * this screen (phone, console and projector each remember their own), else `fallback` (a board's
 * language for its shared screens), else the browser's languages, else English.
 */
export function chooseLanguage(screen, fallback = "") {
  const asked = supported(new URLSearchParams(location.search).get("lang"));
  if (asked) return asked;
  const stored = supported(load(storageKey(screen)));
  if (stored) return stored;
  if (supported(fallback)) return supported(fallback);
  for (const tag of navigator.languages || [navigator.language]) {
    const found = supported(tag);
    if (found && found !== PSEUDO) return found;
  }
  return "en";
}

/** Remember this device's choice for `screen` and show the page again in it. */
export function rememberLanguage(screen, code) {
  save(storageKey(screen), code);
  const url = new URL(location.href);
  url.searchParams.delete("lang");
  location.replace(url);
}

async function fetchCatalog(code, sections) {
  const response = await fetch(`/i18n/${code}.json?s=${sections.join(",")}`);
  if (!response.ok) throw new Error(`no catalog for ${code}`);
  const flat = new Map();
  for (const [section, entries] of Object.entries(await response.json())) {
    for (const [key, value] of Object.entries(entries)) flat.set(`${section}.${key}`, value);
  }
  return flat;
}

/**
 * A language's words: `t(key, params)` fills {named} placeholders, picks a plural form by
 * `params.count` through Intl.PluralRules, and writes numbers the language's way.
 */
export class Words {
  constructor(code, entries) {
    this.code = code;
    this.dir = direction(code);
    this.entries = entries;
    const locale = code === PSEUDO ? "en" : code;
    this.locale = locale;
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
    this.t = this.t.bind(this);
  }

  has(key) {
    return this.entries.has(key);
  }

  t(key, params = {}) {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      console.warn("metanet: no words for", key);
      return key;
    }
    if (typeof entry === "object") {
      const count = Number(params.count ?? 0);
      entry = entry[this.plurals.select(count)] ?? entry.other ?? "";
    }
    return entry.replace(/\{([a-z_0-9]+)\}/g, (whole, name) => {
      const value = params[name];
      if (value === undefined || value === null) return whole;
      return typeof value === "number" ? this.numbers.format(value) : String(value);
    });
  }

  /**
   * The same as t(), as nodes: each text parameter in a <bdi>, so a name in another script keeps its
   * order; a parameter given as nodes (an array, e.g. a listNodes() list) goes in as it is.
   */
  nodes(key, params = {}) {
    const marks = {};
    const parts = [];
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "string" || Array.isArray(value)) {
        marks[name] = `\u0000${parts.length}\u0000`;
        parts.push(value);
      } else marks[name] = value;
    }
    return this.t(key, marks).split(/\u0000(\d+)\u0000/).flatMap((part, i) => {
      if (i % 2 === 0) return part ? [part] : [];
      const value = parts[Number(part)];
      if (Array.isArray(value)) return value;
      const bdi = document.createElement("bdi");
      bdi.textContent = value;
      return [bdi];
    });
  }

  number(n, options) {
    return options ? new Intl.NumberFormat(this.locale, options).format(n) : this.numbers.format(n);
  }

  /** ["a", "b", "c"] -> "a, b and c" (or "a, b et c", "a، b و c"...). */
  list(items, type = "conjunction") {
    return new Intl.ListFormat(this.locale, { style: "long", type }).format(items.map(String));
  }

  /**
   * The same list as nodes, each item in a <bdi>: group names or people's words in any script keep
   * their order. An item given as {text} is the page's own words, put in as plain text. `style`:
   * Intl.ListFormat's ("narrow": names one after the other, "A, B, C", where the language allows).
   */
  listNodes(items, type = "conjunction", style = "long") {
    const texts = items.map((item) => (typeof item === "object" && item !== null ? item.text : String(item)));
    const format = new Intl.ListFormat(this.locale, { style, type });
    let index = 0;
    return format.formatToParts(texts).map((part) => {
      if (part.type === "literal") return part.value;
      const item = items[index++];
      if (typeof item === "object" && item !== null) return item.text;
      const bdi = document.createElement("bdi");
      bdi.textContent = part.value;
      return bdi;
    });
  }

  /** A clock time, "14:05" or "2:05 PM" as the language writes it. */
  time(date) {
    return new Intl.DateTimeFormat(this.locale, { hour: "numeric", minute: "2-digit" }).format(date);
  }

  date(date) {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: "medium" }).format(date);
  }

  /** -90 -> "2 minutes ago" / "il y a 2 minutes" (seconds, rounded to the largest whole unit). */
  relative(seconds) {
    const format = new Intl.RelativeTimeFormat(this.locale, { numeric: "auto" });
    const abs = Math.abs(seconds);
    if (abs < 60) return format.format(Math.round(seconds), "second");
    if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
    if (abs < 86400) return format.format(Math.round(seconds / 3600), "hour");
    return format.format(Math.round(seconds / 86400), "day");
  }

  /** Put the words into the HTML: data-i18n (text) and data-i18n-placeholder / -aria-label / -title. */
  translate(root = document) {
    for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = this.t(el.dataset.i18n);
    for (const attr of ["placeholder", "aria-label", "title", "alt"]) {
      const data = `data-i18n-${attr}`;
      for (const el of root.querySelectorAll(`[${data}]`)) el.setAttribute(attr, this.t(el.getAttribute(data)));
    }
  }
}

/** The page's language and its words, once `ready` has resolved. */
export let words = new Words("en", new Map());
/** Shorthands for the page's language: t("phone.join"), tn(...) for nodes. */
export const t = (key, params) => words.t(key, params);
export const tn = (key, params) => words.nodes(key, params);

/**
 * Start the page in `code`: <html lang dir> at once (so the first paint is already mirrored), then
 * the catalog's `sections`, then the HTML's own strings. Resolves to the page's Words.
 */
export async function startLanguage(code, sections) {
  const root = document.documentElement;
  root.lang = code;
  root.dir = direction(code);
  try {
    words = new Words(code, await fetchCatalog(code, sections));
  } catch (error) {
    // No catalog (server too old, or gone): English, so the page still works.
    console.warn("metanet:", error);
    if (code !== "en") return startLanguage("en", sections);
  }
  words.translate();
  return words;
}

/** A second language's words (the projector shows one beside the board's own). */
export async function otherWords(code, sections) {
  return new Words(code, await fetchCatalog(code, sections));
}

/**
 * A language menu for `screen`: a <select> of the six, each named in itself; choosing one
 * remembers it on this device and reloads the page in it.
 */
export function languageMenu(screen, current = words.code) {
  const select = document.createElement("select");
  select.className = "language-menu";
  select.translate = false; // translate="no": the names are in their own languages, not the page's
  select.setAttribute("aria-label", t("common.language"));
  const shown = LANGUAGES.some((l) => l.code === current) ? LANGUAGES : [{ code: current, name: current }, ...LANGUAGES];
  for (const { code, name } of shown) {
    const option = new Option(name, code, false, code === current);
    option.lang = code;
    select.append(option);
  }
  select.addEventListener("change", () => rememberLanguage(screen, select.value));
  return select;
}
