// The agenda templates a metanet can start from (GET /api/templates), into a <select>.

import { h } from "../dom.js";

let cache = null;

/** The server's templates ([{name, title, description, phases}]), fetched once per page. */
export async function fetchTemplates() {
  if (!cache) {
    cache = fetch("/api/templates")
      .then((r) => (r.ok ? r.json() : []))
      .catch(() => []);
  }
  const list = await cache;
  return Array.isArray(list) ? list : [];
}

/** Fill `select` with the templates, keeping its choice (or `preferred`) when offered. */
export async function loadTemplates(select, preferred = "strategy-sprint") {
  const templates = await fetchTemplates();
  if (!templates.length) return;
  const chosen = select.value || preferred;
  select.replaceChildren(...templates.map((t) => h("option", { value: t.name, text: t.title, selected: t.name === chosen })));
}
