// The ranked list of notes by dots, on the console and the projector.

import { h, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";
import { dotsWord } from "./phase-text.js";
import { byGroupText, rank } from "./ranking.js";

/** Render the top `limit` notes into `list` (an <ol>); returns how many had dots. */
export function renderRanking(list, state, { group = "", limit = 10 } = {}) {
  const rows = rank(state, { group, limit });
  reconcile(
    list,
    rows,
    (row) => row.note.id,
    () =>
      h("li", { class: "rank-row" },
        h("span", { class: "rank-no" }),
        // The note and the group names are people's words, in any script: each in its own direction.
        h("span", { class: "rank-text", dir: "auto" }),
        h("span", { class: "rank-dots" }),
        h("span", { class: "rank-groups", dir: "auto" })),
    (li, row) => {
      const [no, text, dots, groups] = li.children;
      li.dataset.note = row.note.id;
      li.dataset.dots = String(row.dots);
      li.className = `rank-row color-${row.note.color || "yellow"}${state.isDecision(row.note.id) ? " decided" : ""}`;
      setText(no, t("projector.rank_number", { rank: row.rank }));
      setText(text, row.note.text);
      setText(dots, dotsWord(row.dots));
      setText(groups, group ? "" : byGroupText(state.tallies?.[row.note.id], state.groups));
    },
  );
  return rows.length;
}
