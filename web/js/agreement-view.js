// The agreement view, on the console and the projector: notes ranked high by every
// stakeholder group that voted, next to notes supported by one group only.

import { agreement, reportTallies, TOP } from "./agreement.js";
import { h, reconcile, setText } from "./dom.js";
import { t, tn } from "./i18n.js";
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
  // Made before the page's words arrive: the headings are written at each render.
  const commonHeading = h(headingLevel, { id: "agree-common" });
  const singleHeading = h(headingLevel, { id: "agree-single" });
  root.replaceChildren(
    note,
    h("div", { class: "agree-cols" },
      h("div", { class: "agree-col" }, commonHeading, common, commonEmpty),
      h("div", { class: "agree-col" }, singleHeading, single, singleEmpty)),
  );

  function rows(list, ids, state, tallies, result, status, limit) {
    const items = ids
      .map((id) => ({ id, text: state.notes.get(id)?.text ?? "", total: tallies[id].total, groups: result.notes[id].groups }))
      .sort((a, b) => b.total - a.total || Number(a.id.slice(1)) - Number(b.id.slice(1)))
      .slice(0, limit);
    reconcile(list, items, (item) => item.id,
      () => h("li", { class: "agree-item" }, h("span", { class: "agree-text", dir: "auto" }), h("span", { class: "agree-meta" })),
      (li, item) => {
        li.dataset.note = item.id;
        li.dataset.status = status;
        setText(li.children[0], item.text);
        const meta = li.children[1];
        const dots = dotsWord(item.total);
        const key = status === "single_group" ? `${item.groups[0]}\u0000${dots}` : dots;
        if (meta.dataset.shown === key) return;
        meta.dataset.shown = key;
        // The group's name is people's words: in a <bdi>, so it keeps its own direction.
        if (status === "single_group") meta.replaceChildren(...tn("projector.agree_single", { group: item.groups[0], dots }));
        else meta.textContent = dots;
      });
    return items.length;
  }

  return function render(state, { limit = 5 } = {}) {
    setText(commonHeading, t("projector.agree_all"));
    setText(singleHeading, t("projector.agree_one"));
    const tallies = reportTallies(state);
    if (!state.tallies) {
      setText(note, t("projector.agree_hidden"));
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
      ? t("projector.agree_note", { count: voting, top: TOP })
      : t("projector.agree_needs_two"));
    const shownCommon = rows(common, result.common_ground, state, tallies, result, "common_ground", limit);
    const shownSingle = rows(single, result.single_group, state, tallies, result, "single_group", limit);
    setText(commonEmpty, shownCommon ? "" : t("projector.agree_none"));
    setText(singleEmpty, shownSingle ? "" : t("projector.agree_none"));
    root.dataset.state = voting >= 2 ? "shown" : "one-group";
    return result;
  };
}
