// Who is here now, by stakeholder group (from the server's presence messages).

import { h, setText } from "./dom.js";
import { t, words } from "./i18n.js";

/**
 * Render presence into `list` (a <ul>) and the total into `total`.
 * `hideEmpty` leaves out groups with nobody here (the projector has little room).
 */
export function renderPresence(list, total, presence, groups, { hideEmpty = false } = {}) {
  setText(total, t("projector.people_here", { count: presence.total }));
  const known = new Set(groups);
  const rows = groups.map((group) => [group, presence.by_group[group] || 0]);
  for (const [group, n] of Object.entries(presence.by_group)) if (!known.has(group)) rows.push([group, n]);
  if (hideEmpty) rows.splice(0, rows.length, ...rows.filter(([, n]) => n > 0));
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const key = JSON.stringify([words.code, rows]);
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(
    ...rows.map(([group, n]) => {
      const bar = h("span", { class: "bar", "aria-hidden": "true" });
      bar.style.width = `${(n / max) * 100}%`;
      return h("li", { class: n ? "" : "none" },
        h("span", { class: "group", text: group, dir: "auto" }), // a name as typed, in any script
        h("span", { class: "count", text: words.number(n) }),
        bar);
    }),
  );
}
