// The agenda templates a metanet can start from (GET /api/templates), into a <select>.

import { h } from "../dom.js";
import { words } from "../i18n.js";

let cache = null;

/** The server's templates ([{name, title, description, phases, i18n}]), fetched once per page. */
export async function fetchTemplates() {
  if (!cache) {
    cache = fetch("/api/templates")
      .then((r) => (r.ok ? r.json() : []))
      .catch(() => []);
  }
  const list = await cache;
  return Array.isArray(list) ? list : [];
}

/**
 * A template's (board or event) title and description in the page's language, from its
 * `i18n: {lang: {title, description}}`, else the template's own (English).
 */
export function templateText(template, lang = words.code) {
  const own = template?.i18n?.[lang] || {};
  return { title: own.title || template?.title || "", description: own.description || template?.description || "" };
}

/** Fill `select` with the templates, keeping its choice (or `preferred`) when offered. */
export async function loadTemplates(select, preferred = "strategy-sprint") {
  const templates = await fetchTemplates();
  if (!templates.length) return;
  const chosen = select.value || preferred;
  select.replaceChildren(...templates.map((tp) => h("option", { value: tp.name, text: templateText(tp).title, selected: tp.name === chosen })));
}
