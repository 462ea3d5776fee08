// One metanet's tile on the Lounge screen: title and question, phase and what it does now,
// the timer, people here by group, the top three notes once revealed, and its own QR code.

import { h, setNodes, setText, show } from "../dom.js";
import { t, words } from "../i18n.js";
import { byGroupNodes, doingNow, missingNodes, peopleText, phaseCount, phaseTitle, timerText, votesText } from "./summary-text.js";


/** An empty tile; `updateTile` fills it. */
export function createTile() {
  const part = (tag, cls) => h(tag, { class: cls, dir: "auto" });
  const el = h("article", { class: "tile" },
    h("header", { class: "tile-head" },
      part("h2", "tile-title"),
      h("img", { class: "tile-qr", alt: "", width: "150", height: "150" })),
    part("p", "tile-question"),
    h("div", { class: "tile-now" },
      h("p", { class: "tile-phase" }, part("span", "tile-phase-title"), " ", h("span", { class: "tile-count" })),
      h("p", { class: "tile-timer", role: "timer" }, h("span", { class: "time" }), " ", h("span", { class: "timer-state" }))),
    part("p", "tile-doing"),
    h("p", { class: "tile-people" }, h("span", { class: "tile-total" }), " ", h("span", { class: "tile-groups" })),
    h("p", { class: "tile-missing" }),
    h("ol", { class: "tile-top", "aria-label": t("event.top_notes") }),
  );
  return el;
}

/**
 * Fill `el` from `summary`; `now` is the server's time (for the timer); `named`: how many
 * missing groups to name (the others counted: "No Government or 2 other groups' voices yet").
 */
export function updateTile(el, summary, now, named = 2) {
  const $ = (cls) => el.querySelector(cls);
  el.dataset.board = summary.board;
  el.classList.toggle("archived", Boolean(summary.archived));
  el.dataset.kind = summary.phase?.kind || "";
  setText($(".tile-title"), summary.title);
  setText($(".tile-question"), summary.question || "");
  show($(".tile-question"), Boolean(summary.question));
  const qr = $(".tile-qr");
  const src = `/b/${encodeURIComponent(summary.board)}/qr.svg`;
  if (qr.getAttribute("src") !== src) {
    qr.src = src;
    qr.alt = t("event.qr_metanet", { title: summary.title });
  }
  setText($(".tile-count"), phaseCount(summary));
  setText($(".tile-phase-title"), phaseTitle(summary));
  setText($(".tile-doing"), doingNow(summary));
  show($(".tile-doing"), Boolean(doingNow(summary)));
  updateTimer(el, summary, now);

  setText($(".tile-total"), peopleText(summary.people?.total || 0, Boolean(summary.archived)));
  setNodes($(".tile-groups"), byGroupNodes(summary.people?.by_group, summary.groups));
  const missing = summary.archived ? [] : summary.missing;
  const people = summary.people?.total || 0;
  const nudge = $(".tile-missing");
  setNodes(nudge, missingNodes(missing, people, named)); // also undoes the fit's shortNudge
  const short = missingNodes(missing, people, 1);
  const shortText = short.map((n) => (typeof n === "string" ? n : n.textContent)).join("");
  nudge.short = shortText.length < nudge.textContent.length ? short : null; // only if it is shorter
  show(nudge, Boolean(nudge.textContent));

  const top = (summary.top || []).slice(0, 3);
  const key = JSON.stringify(top);
  const list = $(".tile-top");
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...top.map((note) =>
      // The note's text right after its dots, wrapping under them: the whole tile width for the words.
      // The line takes the note's direction (dir=auto skips the <bdi>), so a long note is cut at its end.
      h("li", { dir: "auto" }, h("bdi", { class: "top-votes", text: votesText(note.votes) }), ` ${note.text}`)));
  }
  show(list, top.length > 0);
  el.classList.toggle("revealed", top.length > 0);
}

/** Only the timer (the Lounge calls this a few times a second). */
export function updateTimer(el, summary, now) {
  const box = el.querySelector(".tile-timer");
  const timer = summary.archived ? null : timerText(summary.timer, now);
  show(box, Boolean(timer));
  if (!timer) return;
  setText(box.querySelector(".time"), timer.time);
  setText(box.querySelector(".timer-state"), timer.label);
  box.dataset.status = timer.status;
  box.classList.toggle("last-minute", timer.lastMinute);
}
