// One metanet's column on the plenary screen: its decisions with their roadmaps and dots by
// group, the other top notes (those not decided) with theirs, its reporters.

import { h, setNodes, setText, show } from "../dom.js";
import { t, tn, words } from "../i18n.js";
import { byGroupNodes, votesText } from "./summary-text.js";

export function createColumn() {
  return h("article", { class: "outcome-column" },
    h("h2", { class: "col-title", dir: "auto" }),
    h("p", { class: "col-reporters" }),
    h("h3", { class: "col-decisions-heading", text: t("event.decisions") }),
    h("ol", { class: "col-decisions" }),
    h("p", { class: "col-no-decisions", text: t("event.no_decisions") }),
    h("h3", { class: "col-top-heading" }),
    h("ol", { class: "col-top" }),
    h("p", { class: "col-no-top" }));
}

/** "3 dots · Government 2 · NGO 1" as nodes ([] when the votes are not revealed). */
function dotsNodes(item, groups) {
  if (item.votes === undefined) return [];
  const byGroup = byGroupNodes(item.by_group, groups);
  return [votesText(item.votes), ...(byGroup.length ? [" · ", ...byGroup] : [])];
}

/** "Owner: … · Next: … · Due …" as nodes, the people's words in <bdi>s ([] when it has none). */
function roadmapNodes(decision) {
  const parts = [
    decision.owner ? tn("event.roadmap_owner", { owner: decision.owner }) : null,
    decision.next_step ? tn("event.roadmap_next", { next: decision.next_step }) : null,
    decision.due ? [t("event.roadmap_due", { due: decision.due })] : null, // a date: no <bdi> needed
  ].filter(Boolean);
  return parts.flatMap((part, i) => (i ? [" · ", ...part] : part));
}

function decisionItem(decision, groups) {
  const roadmap = roadmapNodes(decision);
  const dots = dotsNodes(decision, groups);
  return h("li", {},
    h("span", { class: "decision-text", dir: "auto", text: decision.text }),
    roadmap.length ? h("span", { class: "decision-roadmap" }, roadmap) : null,
    dots.length ? h("span", { class: "item-dots" }, dots) : null);
}

function topItem(note, groups) {
  const byGroup = byGroupNodes(note.by_group, groups);
  return h("li", {},
    // The line takes the note's direction (dir=auto skips the <bdi>), so a long note is cut at its end.
    h("span", { class: "top-line", dir: "auto" }, h("bdi", { class: "top-votes", text: votesText(note.votes) }), ` ${note.text}`),
    byGroup.length ? h("span", { class: "item-dots" }, byGroup) : null);
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
  setNodes($(".col-reporters"), reporters.length ? tn("event.reported_by", { names: words.listNodes(reporters, "conjunction", "narrow") }) : []);
  show($(".col-reporters"), reporters.length > 0);
  const decisions = summary.decisions || [];
  fill($(".col-decisions"), decisions, (d) => decisionItem(d, summary.groups));
  show($(".col-no-decisions"), decisions.length === 0);

  // Top notes that are decisions already show above (with their dots): only the others here.
  const decided = new Set(decisions.map((d) => d.id));
  const top = summary.top || [];
  const others = top.filter((note) => !decided.has(note.id)).slice(0, 3);
  const revealed = Boolean(summary.votes_revealed) || top.length > 0;
  fill($(".col-top"), others, (note) => topItem(note, summary.groups));
  setText($(".col-top-heading"), t(others.length < top.length ? "event.other_top_notes" : "event.top_notes"));
  const hint = !revealed ? t("event.votes_hidden") : top.length === 0 ? t("event.no_dots") : "";
  setText($(".col-no-top"), hint);
  show($(".col-no-top"), Boolean(hint));
  show($(".col-top-heading"), others.length > 0 || Boolean(hint));
}
