// One metanet's row in the organiser console: phase, timer, people, who is missing, and
// the links into its facilitator console and projector.

import { h, setNodes, setText, show } from "../dom.js";
import { t } from "../i18n.js";
import { missingNodes, peopleText, phaseCount, phaseTitle, timerLine, timerText } from "./summary-text.js";

/** A row; `onReporters(board, names)` saves who reports this metanet to the plenary. */
export function createRow(onReporters) {
  const cell = (cls, ...children) => h("td", { class: cls }, ...children);
  const names = h("input", { class: "row-reporters", maxlength: "320", placeholder: t("event.reporters_placeholder"), dir: "auto" });
  const save = h("button", { type: "submit", class: "small", text: t("event.save") });
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
    h("th", { scope: "row", class: "col-title" }, h("span", { class: "row-title", dir: "auto" }), h("span", { class: "row-code", dir: "ltr", translate: "no" })),
    cell("col-phase", h("span", { class: "row-phase", dir: "auto" }), h("span", { class: "row-count" })),
    cell("col-timer", h("span", { class: "row-timer" })),
    cell("col-people", h("span", { class: "row-people" }), h("span", { class: "row-missing" })),
    cell("col-reporters", form),
    cell("col-links", h("a", { class: "row-console", text: t("event.console"), target: "_blank" }), " ",
      h("a", { class: "row-projector", text: t("event.projector"), target: "_blank" }), " ",
      h("a", { class: "row-phone", text: t("event.phone"), target: "_blank" })));
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
  setText($(".row-people"), summary.people?.total ? peopleText(summary.people.total) : t("event.nobody_here"));
  const missing = summary.archived ? [] : missingNodes(summary.missing, summary.people?.total || 0);
  setNodes($(".row-missing"), missing);
  show($(".row-missing"), missing.length > 0);
  const names = $(".row-reporters");
  names.setAttribute("aria-label", t("event.reporters_label", { title: summary.title }));
  if (!names.dataset.edited && document.activeElement !== names) names.value = (summary.reporters || []).join(", ");
  $(".reporters-form button").setAttribute("aria-label", t("event.save_reporters_label", { title: summary.title }));
  const facilitator = links?.facilitator_url || "";
  const consoleLink = $(".row-console");
  if (facilitator) consoleLink.href = facilitator;
  show(consoleLink, Boolean(facilitator));
  consoleLink.setAttribute("aria-label", t("event.console_of", { title: summary.title }));
  const projector = $(".row-projector");
  projector.href = links?.projector_url || `/b/${encodeURIComponent(summary.board)}/projector`;
  projector.setAttribute("aria-label", t("event.projector_of", { title: summary.title }));
  const phone = $(".row-phone");
  phone.href = links?.participant_url || `/b/${encodeURIComponent(summary.board)}`;
  phone.setAttribute("aria-label", t("event.phone_of", { title: summary.title }));
}

export function updateRowTimer(tr, summary, now) {
  const timer = summary.archived ? null : timerText(summary.timer, now);
  const el = tr.querySelector(".row-timer");
  setText(el, !timer ? "—" : timer.label ? timerLine(timer) : timer.time);
  el.dataset.status = timer?.status || "none";
}
