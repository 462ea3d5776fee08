// Notes ranked by dots, overall or for one stakeholder group.

import { t, words } from "./i18n.js";

/** Numeric order of note ids ("n2" before "n10"), for stable lists. */
export function byId(a, b) {
  return Number(a.id.slice(1)) - Number(b.id.slice(1));
}

/**
 * [{note, dots, rank}] sorted by dots (most first); equal dots share a rank.
 * Notes without dots are left out unless `all`.
 */
export function rank(state, { group = "", all = false, limit = Infinity } = {}) {
  const rows = [];
  for (const note of state.notes.values()) {
    if (note.hidden || note.text == null) continue;
    const dots = state.dots(note.id, group) ?? 0;
    if (dots > 0 || all) rows.push({ note, dots });
  }
  rows.sort((a, b) => b.dots - a.dots || byId(a.note, b.note));
  let rankNo = 0;
  let previous = null;
  rows.forEach((row, i) => {
    if (row.dots !== previous) rankNo = i + 1;
    previous = row.dots;
    row.rank = rankNo;
  });
  return rows.slice(0, limit);
}

/** "Government 3, NGO 2" for a tally's by_group: most dots first, ties in the board's group order. */
export function byGroupText(tally, groups = []) {
  if (!tally) return "";
  const order = (group) => (groups.includes(group) ? groups.indexOf(group) : groups.length);
  const parts = Object.entries(tally.by_group)
    .sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0]) || (a[0] < b[0] ? -1 : 1))
    .map(([group, n]) => t("common.group_dots", { group, count: n }));
  return parts.length ? words.list(parts, "unit") : "";
}
