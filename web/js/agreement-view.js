// The agreement view, on the console and the projector: notes ranked high by every
// stakeholder group that voted, next to notes supported by one group only.

import { agreement, reportTallies, TOP } from "./agreement.js";
import { h, reconcile, setText } from "./dom.js";
import { dotsWord } from "./phase-text.js";

/**
 * Builds two lists into `root`; returns render(state, {limit}) -> the agreement it showed
 * (null while votes are hidden). Items carry data-note and data-status for tests and styling.
 */
export function agreementView(root, { headingLevel = "h3" } = {}) {
  const note = h("p", { class: "hint agreement-note" });
  const common = h("ol", { class: "agree-list common", "aria-labelledby": "agree-common" });
  const single = h("ol", { class: "agree-list single", "aria-labelledby": "agree-single" });
  const commonEmpty = h("p", { class: "hint" });
  const singleEmpty = h("p", { class: "hint" });
  root.replaceChildren(
    note,
    h("div", { class: "agree-cols" },
      h("div", { class: "agree-col" },
        h(headingLevel, { id: "agree-common", text: "Agreed by all groups" }), common, commonEmpty),
      h("div", { class: "agree-col" },
        h(headingLevel, { id: "agree-single", text: "Supported by one group only" }), single, singleEmpty)),
  );

  function rows(list, ids, state, tallies, result, status, limit) {
    const items = ids
      .map((id) => ({ id, text: state.notes.get(id)?.text ?? "", total: tallies[id].total, groups: result.notes[id].groups }))
      .sort((a, b) => b.total - a.total || Number(a.id.slice(1)) - Number(b.id.slice(1)))
      .slice(0, limit);
    reconcile(list, items, (item) => item.id,
      () => h("li", { class: "agree-item" }, h("span", { class: "agree-text" }), h("span", { class: "agree-meta" })),
      (li, item) => {
        li.dataset.note = item.id;
        li.dataset.status = status;
        setText(li.children[0], item.text);
        setText(li.children[1], status === "single_group" ? `${item.groups[0]} · ${dotsWord(item.total)}` : dotsWord(item.total));
      });
    return items.length;
  }

  return function render(state, { limit = 5 } = {}) {
    const tallies = reportTallies(state);
    if (!state.tallies) {
      setText(note, "Shown when the votes are revealed.");
      rows(common, [], state, tallies, null, "", limit);
      rows(single, [], state, tallies, null, "", limit);
      setText(commonEmpty, "");
      setText(singleEmpty, "");
      root.dataset.state = "hidden";
      return null;
    }
    const result = agreement(tallies, state.groups, TOP);
    const voting = result.voting_groups.length;
    setText(note, voting >= 2
      ? `Dots from ${voting} stakeholder groups. Agreed: in the top ${TOP} of every group.`
      : "Agreement needs dots from at least two stakeholder groups.");
    const shownCommon = rows(common, result.common_ground, state, tallies, result, "common_ground", limit);
    const shownSingle = rows(single, result.single_group, state, tallies, result, "single_group", limit);
    setText(commonEmpty, shownCommon ? "" : "None.");
    setText(singleEmpty, shownSingle ? "" : "None.");
    root.dataset.state = voting >= 2 ? "shown" : "one-group";
    return result;
  };
}
