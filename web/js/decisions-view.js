// Decisions (priorities) as a read-only list: on the phone and the projector.

import { h, reconcile, setText } from "./dom.js";

/** What a decision is about: its note's text or its cluster's name ("" when not visible here). */
export function decisionLabel(state, decision) {
  if (decision.kind === "cluster") {
    const name = state.clusters.get(decision.target);
    return name === undefined ? "" : `Cluster: ${name}`;
  }
  return state.notes.get(decision.target)?.text ?? "";
}

/** "Owner: UNODC · Next: draft the MoU · Due 2027-03-31" */
export function roadmapText(decision) {
  return [
    decision.owner ? `Owner: ${decision.owner}` : "",
    decision.next_step ? `Next: ${decision.next_step}` : "",
    decision.due ? `Due ${decision.due}` : "",
  ].filter(Boolean).join(" · ");
}

/** "Decisions" or, on a board that limits them, "Priorities". */
export function decisionsTitle(state) {
  return state.settings.max_priorities ? "Priorities" : "Decisions";
}

/** Render the board's decisions (those visible here) into `list` (an <ol>); returns how many. */
export function renderDecisions(list, state) {
  const items = (state.board.decisions || [])
    .map((d) => ({ d, label: decisionLabel(state, d) }))
    .filter((item) => item.label);
  reconcile(list, items, (item) => item.d.target,
    () => h("li", { class: "decision" }, h("span", { class: "decision-text" }), h("span", { class: "decision-roadmap" })),
    (li, { d, label }) => {
      li.dataset.target = d.target;
      setText(li.children[0], label);
      const roadmap = roadmapText(d);
      setText(li.children[1], roadmap);
      li.children[1].hidden = !roadmap;
    });
  return items.length;
}
