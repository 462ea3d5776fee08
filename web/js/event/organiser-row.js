// One metanet's row in the organiser console: phase, timer, people, who is missing, and
// the links into its facilitator console and projector.

import { h, setText, show } from "../dom.js";
import { missingText, peopleText, phaseCount, phaseTitle, timerText } from "./summary-text.js";

/** A row; `onReporters(board, names)` saves who reports this metanet to the plenary. */
export function createRow(onReporters) {
  const cell = (cls, ...children) => h("td", { class: cls }, ...children);
  const names = h("input", { class: "row-reporters", maxlength: "320", placeholder: "Names, comma-separated", dir: "auto" });
  const save = h("button", { type: "submit", class: "small", text: "Save" });
  const form = h("form", { class: "reporters-form" }, names, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const list = names.value.split(",").map((n) => n.trim()).filter(Boolean);
    onReporters(form.closest("tr").dataset.board, list);
    names.dataset.edited = "";
  });
  names.addEventListener("input", () => {
    names.dataset.edited = "1";
  });
  return h("tr", {},
    h("th", { scope: "row", class: "col-title" }, h("span", { class: "row-title", dir: "auto" }), h("span", { class: "row-code" })),
    cell("col-phase", h("span", { class: "row-phase", dir: "auto" }), h("span", { class: "row-count" })),
    cell("col-timer", h("span", { class: "row-timer" })),
    cell("col-people", h("span", { class: "row-people" }), h("span", { class: "row-missing" })),
    cell("col-reporters", form),
    cell("col-links", h("a", { class: "row-console", text: "Console", target: "_blank" }), " ",
      h("a", { class: "row-projector", text: "Projector", target: "_blank" }), " ",
      h("a", { class: "row-phone", text: "Phone", target: "_blank" })));
}

/** `links`: {facilitator_url, projector_url, participant_url} or null when this console has none. */
export function updateRow(tr, summary, { now, links }) {
  const $ = (cls) => tr.querySelector(cls);
  tr.dataset.board = summary.board;
  tr.classList.toggle("archived", Boolean(summary.archived));
  setText($(".row-title"), summary.title);
  setText($(".row-code"), summary.code || "");
  setText($(".row-phase"), phaseTitle(summary));
  setText($(".row-count"), phaseCount(summary, true));
  updateRowTimer(tr, summary, now);
  setText($(".row-people"), summary.people?.total ? peopleText(summary.people.total) : "Nobody here");
  const missing = summary.archived ? "" : missingText(summary.missing, summary.people?.total || 0);
  setText($(".row-missing"), missing);
  show($(".row-missing"), Boolean(missing));
  const names = $(".row-reporters");
  names.setAttribute("aria-label", `Who reports ${summary.title} to the plenary`);
  if (!names.dataset.edited && document.activeElement !== names) names.value = (summary.reporters || []).join(", ");
  $(".reporters-form button").setAttribute("aria-label", `Save who reports ${summary.title}`);
  const facilitator = links?.facilitator_url || "";
  const consoleLink = $(".row-console");
  if (facilitator) consoleLink.href = facilitator;
  show(consoleLink, Boolean(facilitator));
  consoleLink.setAttribute("aria-label", `Console of ${summary.title}`);
  const projector = $(".row-projector");
  projector.href = links?.projector_url || `/b/${encodeURIComponent(summary.board)}/projector`;
  projector.setAttribute("aria-label", `Projector of ${summary.title}`);
  const phone = $(".row-phone");
  phone.href = links?.participant_url || `/b/${encodeURIComponent(summary.board)}`;
  phone.setAttribute("aria-label", `Phone page of ${summary.title}`);
}

export function updateRowTimer(tr, summary, now) {
  const timer = summary.archived ? null : timerText(summary.timer, now);
  const el = tr.querySelector(".row-timer");
  setText(el, timer ? `${timer.time}${timer.label ? ` ${timer.label}` : ""}` : "—");
  el.dataset.status = timer?.status || "none";
}
