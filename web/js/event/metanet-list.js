// The phone's list of an event's metanets: what each works on now, how many people are
// there, and which stakeholder groups are missing -- each one a big link into that board.

import { h, setNodes, setText, show } from "../dom.js";
import { t, tn, words } from "../i18n.js";
import { missingNodes, peopleText, phaseTitle, timerLine, timerText } from "./summary-text.js";

/** The address a metanet is joined at from the event page (the board page joins by itself), in this page's language. */
export function metanetHref(summary, code) {
  return `/b/${encodeURIComponent(summary.board)}?from=${encodeURIComponent(code)}&lang=${encodeURIComponent(words.code)}`;
}

export function createItem(onPick) {
  const link = h("a", { class: "metanet-link" },
    h("span", { class: "metanet-title", dir: "auto" }),
    h("span", { class: "metanet-question", dir: "auto" }),
    h("span", { class: "metanet-now" }, h("span", { class: "metanet-phase" }), h("span", { class: "metanet-timer" })),
    h("span", { class: "metanet-people" }),
    h("span", { class: "metanet-missing" }),
    h("span", { class: "metanet-here", text: t("event.you_were_here") }));
  link.addEventListener("click", (event) => onPick(event, link.dataset.board));
  return h("li", { class: "metanet" }, link);
}

/** Fill a list item; `code` is the event's, `lastBoard` the metanet I went to last. */
export function updateItem(li, summary, { code, now, lastBoard }) {
  const link = li.firstChild;
  const $ = (cls) => link.querySelector(cls);
  link.dataset.board = summary.board;
  const finished = Boolean(summary.archived);
  li.classList.toggle("finished", finished);
  if (finished) {
    link.removeAttribute("href");
    link.setAttribute("aria-disabled", "true");
  } else {
    link.href = metanetHref(summary, code);
    link.removeAttribute("aria-disabled");
  }
  setText($(".metanet-title"), summary.title);
  setText($(".metanet-question"), summary.question || "");
  show($(".metanet-question"), Boolean(summary.question));
  setNodes($(".metanet-phase"), finished ? [t("event.finished")] : tn("event.now_phase", { phase: phaseTitle(summary) }));
  updateItemTimer(li, summary, now);
  setText($(".metanet-people"), summary.people?.total ? t("event.people_here", { count: summary.people.total }) : peopleText(0, finished));
  const missing = finished ? [] : missingNodes(summary.missing, summary.people?.total || 0);
  setNodes($(".metanet-missing"), missing);
  show($(".metanet-missing"), missing.length > 0);
  show($(".metanet-here"), summary.board === lastBoard);
}

export function updateItemTimer(li, summary, now) {
  const el = li.querySelector(".metanet-timer");
  const timer = summary.archived ? null : timerText(summary.timer, now);
  show(el, Boolean(timer));
  if (timer) setText(el, timerLine(timer));
}
