// Decisions (priorities) as a read-only list: on the phone and the projector.

import { h, reconcile, setText } from "./dom.js";
import { t, tn } from "./i18n.js";

/** What a decision is about: its note's text or its cluster's name ("" when not visible here). */
export function decisionLabel(state, decision) {
  if (decision.kind === "cluster") {
    const name = state.clusters.get(decision.target);
    return name === undefined ? "" : t("common.decision_cluster", { name });
  }
  return state.notes.get(decision.target)?.text ?? "";
}

const ROADMAP = [
  ["owner", "common.roadmap_owner"],
  ["next_step", "common.roadmap_next"],
  ["due", "common.roadmap_due"],
];

/** "Owner: UNODC · Next: draft the MoU · Due 2027-03-31" */
export function roadmapText(decision) {
  return ROADMAP.filter(([field]) => decision[field])
    .map(([field, key]) => t(key, { [field]: decision[field] }))
    .join(" · ");
}

/** The same as nodes: the owner and the next step (people's words) each in a <bdi>. */
export function roadmapNodes(decision) {
  const parts = ROADMAP.filter(([field]) => decision[field]).map(([field, key]) => tn(key, { [field]: decision[field] }));
  return parts.flatMap((nodes, i) => (i ? [" · ", ...nodes] : nodes));
}

/** "Decisions" or, on a board that limits them, "Priorities". */
export function decisionsTitle(state) {
  return t(state.settings.max_priorities ? "common.priorities" : "common.decisions");
}

/** Render the board's decisions (those visible here) into `list` (an <ol>); returns how many. */
export function renderDecisions(list, state) {
  const items = (state.board.decisions || [])
    .map((d) => ({ d, label: decisionLabel(state, d) }))
    .filter((item) => item.label);
  reconcile(list, items, (item) => item.d.target,
    () => h("li", { class: "decision" }, h("span", { class: "decision-text", dir: "auto" }), h("span", { class: "decision-roadmap" })),
    (li, { d, label }) => {
      li.dataset.target = d.target;
      setText(li.children[0], label);
      const roadmap = roadmapText(d);
      if (li.children[1].dataset.text !== roadmap) {
        li.children[1].dataset.text = roadmap;
        li.children[1].replaceChildren(...roadmapNodes(d));
      }
      li.children[1].hidden = !roadmap;
    });
  return items.length;
}
