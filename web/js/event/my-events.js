// Events created in this browser, with their organiser links and each metanet's links
// (from POST /api/events and /api/events/{id}/metanets). Kept in this browser only.

import { load, save } from "../storage.js";

const KEY = "metanet:my-events";
const MAX = 20;

export function listEvents() {
  const events = load(KEY, []);
  return Array.isArray(events) ? events.filter((e) => e && typeof e.code === "string") : [];
}

export function findEvent(code) {
  const upper = String(code).toUpperCase();
  return listEvents().find((e) => e.code.toUpperCase() === upper) || null;
}

/** Add or update an event (merging its metanets by board); the newest first. */
export function rememberEvent(entry) {
  const old = findEvent(entry.code) || { metanets: [] };
  const metanets = [...(old.metanets || [])];
  for (const m of entry.metanets || []) {
    const i = metanets.findIndex((x) => x.board === m.board);
    if (i >= 0) metanets[i] = { ...metanets[i], ...m };
    else metanets.push(m);
  }
  const merged = { ...old, ...entry, metanets, used: Date.now() };
  save(KEY, [merged, ...listEvents().filter((e) => e.code !== merged.code)].slice(0, MAX));
}

export function forgetEvent(code) {
  save(KEY, listEvents().filter((e) => e.code !== code));
}
