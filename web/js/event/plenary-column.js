// One metanet's column on the plenary screen: its decisions with their roadmaps and dots by
// group, the other top notes (those not decided) with theirs, its reporters.

import { roadmapText } from "../decisions-view.js";
import { h, setText, show } from "../dom.js";
import { byGroupText, votesText } from "./summary-text.js";

export function createColumn() {
  return h("article", { class: "outcome-column" },
    h("h2", { class: "col-title", dir: "auto" }),
    h("p", { class: "col-reporters", dir: "auto" }),
    h("h3", { class: "col-decisions-heading", text: "Decisions" }),
    h("ol", { class: "col-decisions" }),
    h("p", { class: "col-no-decisions", text: "No decisions yet." }),
    h("h3", { class: "col-top-heading" }),
    h("ol", { class: "col-top" }),
    h("p", { class: "col-no-top" }));
}

/** "3 dots · Government 2 · NGO 1" ("" when the votes are not revealed). */
function dotsText(item) {
  if (item.votes === undefined) return "";
  return [votesText(item.votes), byGroupText(item.by_group)].filter(Boolean).join(" · ");
}

function decisionItem(decision) {
  const roadmap = roadmapText(decision);
  const dots = dotsText(decision);
  return h("li", {},
    h("span", { class: "decision-text", dir: "auto", text: decision.text }),
    roadmap ? h("span", { class: "decision-roadmap", dir: "auto", text: roadmap }) : null,
    dots ? h("span", { class: "item-dots", text: dots }) : null);
}

function topItem(note) {
  const groups = byGroupText(note.by_group);
  return h("li", {},
    h("span", { class: "top-line", dir: "auto" }, h("span", { class: "top-votes", text: votesText(note.votes) }), ` ${note.text}`),
    groups ? h("span", { class: "item-dots", text: groups }) : null);
}

/** Rebuild `list`'s items from `items` only when they changed. */
function fill(list, items, make) {
  const key = JSON.stringify(items);
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...items.map(make));
  }
  show(list, items.length > 0);
}

export function updateColumn(el, summary) {
  const $ = (cls) => el.querySelector(cls);
  el.dataset.board = summary.board;
  setText($(".col-title"), summary.title);
  const reporters = summary.reporters || [];
  setText($(".col-reporters"), reporters.length ? `Reported by ${reporters.join(", ")}` : "");
  show($(".col-reporters"), reporters.length > 0);
  const decisions = summary.decisions || [];
  fill($(".col-decisions"), decisions, decisionItem);
  show($(".col-no-decisions"), decisions.length === 0);

  // Top notes that are decisions already show above (with their dots): only the others here.
  const decided = new Set(decisions.map((d) => d.id));
  const top = summary.top || [];
  const others = top.filter((note) => !decided.has(note.id)).slice(0, 3);
  const revealed = Boolean(summary.votes_revealed) || top.length > 0;
  fill($(".col-top"), others, topItem);
  setText($(".col-top-heading"), others.length < top.length ? "Other top notes" : "Top notes");
  const hint = !revealed ? "Votes not revealed yet." : top.length === 0 ? "No dots were placed." : "";
  setText($(".col-no-top"), hint);
  show($(".col-no-top"), Boolean(hint));
  show($(".col-top-heading"), others.length > 0 || Boolean(hint));
}
