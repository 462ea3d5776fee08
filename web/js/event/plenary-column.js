// One metanet's column on the plenary screen: its decisions, its top notes, its reporters.

import { h, setText, show } from "../dom.js";
import { votesText } from "./summary-text.js";

export function createColumn() {
  return h("article", { class: "outcome-column" },
    h("h2", { class: "col-title", dir: "auto" }),
    h("p", { class: "col-reporters", dir: "auto" }),
    h("h3", { class: "col-decisions-heading", text: "Decisions" }),
    h("ol", { class: "col-decisions" }),
    h("p", { class: "col-no-decisions", text: "No decisions yet." }),
    h("h3", { class: "col-top-heading", text: "Top notes" }),
    h("ol", { class: "col-top" }),
    h("p", { class: "col-no-top", text: "Votes not revealed yet." }));
}

function decisionItem(decision) {
  const roadmap = [decision.owner, decision.next_step, decision.due].filter(Boolean).join(" · ");
  return h("li", {},
    h("span", { class: "decision-text", dir: "auto", text: decision.text }),
    roadmap ? h("span", { class: "decision-roadmap", dir: "auto", text: roadmap }) : null);
}

export function updateColumn(el, summary) {
  const $ = (cls) => el.querySelector(cls);
  el.dataset.board = summary.board;
  setText($(".col-title"), summary.title);
  const reporters = summary.reporters || [];
  setText($(".col-reporters"), reporters.length ? `Reported by ${reporters.join(", ")}` : "");
  show($(".col-reporters"), reporters.length > 0);
  const decisions = summary.decisions || [];
  const dKey = JSON.stringify(decisions);
  if ($(".col-decisions").dataset.key !== dKey) {
    $(".col-decisions").dataset.key = dKey;
    $(".col-decisions").replaceChildren(...decisions.map(decisionItem));
  }
  show($(".col-decisions"), decisions.length > 0);
  show($(".col-no-decisions"), decisions.length === 0);
  const top = (summary.top || []).slice(0, 3);
  const tKey = JSON.stringify(top);
  if ($(".col-top").dataset.key !== tKey) {
    $(".col-top").dataset.key = tKey;
    $(".col-top").replaceChildren(...top.map((note) =>
      h("li", {}, h("span", { class: "top-votes", text: votesText(note.votes) }), " ", h("span", { dir: "auto", text: note.text }))));
  }
  show($(".col-top"), top.length > 0);
  show($(".col-no-top"), top.length === 0);
}
