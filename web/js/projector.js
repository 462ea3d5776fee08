// The projector view (projector.html): read-only, legible from the back of the room.
// Its language is the board's (settings.language, chosen on the console) unless ?lang= says
// otherwise; with settings.second_language it shows the phase, the guidance and how to join in
// that language too, smaller, under the first (as UN rooms do). It has no controls, so it learns
// its language from the welcome and reloads when the console changes it.

import { agreementView } from "./agreement-view.js";
import { announce } from "./announce.js";
import { decisionsTitle, renderDecisions } from "./decisions-view.js";
import { $, h, setText, show } from "./dom.js";
import { allowSound, chime, needsGesture, onSoundChange } from "./chime.js";
import { heatmap } from "./heatmap.js";
import { joinAddress, shortUrl } from "./join-address.js";
import { boardIdFromPath, deviceToken } from "./identity.js";
import { eventHooks } from "./event/board-hooks.js";
import { otherWords, startLanguage, supported, t, tn, words } from "./i18n.js";
import { dotsWord, guidanceOf, phaseAnnouncement, phaseLabelNodes } from "./phase-text.js";
import { renderPresence } from "./presence-view.js";
import { renderRanking } from "./results-list.js";
import { Session } from "./session.js";
import { StatusView } from "./status-view.js";
import { TimerView } from "./timer-view.js";

const boardId = boardIdFromPath();
const session = new Session({
  board: boardId,
  role: "projector",
  token: deviceToken(boardId, "projector"),
  onChange: () => schedule(),
  onError: (message) => console.warn("metanet:", message),
  onStatus: (status, detail) => statusView.update(status, detail),
});
const statusView = new StatusView($("#status"));
const timerView = new TimerView($("#timer"), session);
const renderHeat = heatmap($("#heatmap"));
const renderAgreement = agreementView($("#agreement"), { headingLevel: "h2" });

// -- languages: the board's, or ?lang=; and a second one beside it ------------------------------

const SECTIONS = ["common", "projector"];
const asked = supported(new URLSearchParams(location.search).get("lang"));
let languages = ""; // "fr|ar": the languages on screen ("" until the welcome)
let languageReady = false; // render nothing from JavaScript before the words have arrived
let second = null; // the second language's Words, or null
// Asked in the address: no need to wait for the welcome (the first paint is already mirrored).
const askedWords = asked ? startLanguage(asked, SECTIONS) : null;
askedWords?.then(() => {
  if (!session.state.loaded) document.title = t("projector.page_title"); // the board's own title once it is here
});

/** {first, second} for the board's settings: ?lang= or the board's language; a different second one. */
function wantedLanguages(settings) {
  const first = asked || supported(settings.language) || "en";
  const other = supported(settings.second_language);
  return { first, second: other && other !== first ? other : "" };
}

/** Start the languages the settings ask for; when the console changes them, show the page again in them. */
function followLanguages(settings) {
  const wanted = wantedLanguages(settings);
  const key = `${wanted.first}|${wanted.second}`;
  if (key === languages) return;
  if (languages) {
    location.reload(); // simpler and surer than re-rendering every string in place
    return;
  }
  languages = key;
  const first = askedWords || startLanguage(wanted.first, SECTIONS);
  // A second language that fails to load is left out: the board's own still shows.
  const other = wanted.second ? otherWords(wanted.second, SECTIONS).catch(() => null) : null;
  Promise.all([first, other]).then(([, found]) => {
    second = found;
    languageReady = true;
    schedule();
  });
}

/** Show `text` in the second language in `el` (hidden when there is none, or it says the same). */
function secondLine(el, content, same = false) {
  const visible = Boolean(second && content && !same);
  show(el, visible);
  if (!visible) return;
  el.lang = second.code;
  el.dir = second.dir;
  if (typeof content === "string") setText(el, content);
  else setNodes(el, content);
}

/** Replace `el`'s content by `nodes` (text and <bdi>) only when what they say changed. */
function setNodes(el, nodes) {
  const key = nodes.map((n) => (typeof n === "string" ? n : `<${n.textContent}>`)).join("");
  if (el.dataset.shown === key) return;
  el.dataset.shown = key;
  el.replaceChildren(...nodes);
}

addEventListener("resize", () => schedule());
// Browsers hold sound back until someone clicks the page once: the chime asks for that click.
for (const kind of ["pointerdown", "keydown"]) {
  addEventListener(kind, () => allowSound().then(() => schedule()), { passive: true });
}
onSoundChange(() => schedule()); // a browser that lets sound play by itself hides the note at once
let timerSeen = null; // the timer's status at the last render, to chime on running -> expired only

let frame = 0;
function schedule() {
  if (!frame) frame = requestAnimationFrame(render);
}

let joinShown = "";
let address = null; // {base, reachable, warning} once /api/address answered
joinAddress().then((found) => {
  address = found;
  joinShown = "";
  schedule();
});
let lastPhase = null;

function render() {
  frame = 0;
  const { state } = session;
  if (!state.loaded) return;
  followLanguages(state.settings);
  if (!languageReady) return;
  const board = state.board;
  const settings = state.settings;
  document.title = t("projector.document_title", { title: settings.title });
  if (session.deleted) {
    show($(".stage"), false);
    show($("#gone"), true);
    setText($("#phase-label"), t("projector.deleted"));
    setText($("#phase-guide"), "");
    for (const id of ["#phase-label-2", "#phase-guide-2"]) show($(id), false);
    return;
  }
  show($("#archived"), Boolean(board.archived));
  setText($("#title"), settings.title);
  setText($("#question"), settings.question);
  setNodes($("#phase-label"), phaseLabelNodes(state));
  const guide = guidanceOf(state);
  showGuide($("#phase-guide"), guide);
  secondLine($("#phase-label-2"), second && phaseLabelNodes(state, second));
  const guide2 = second && guidanceOf(state, "", second);
  secondLine($("#phase-guide-2"), guide2?.text, guide2?.text === guide.text);
  if (second && guide2) $("#phase-guide-2").dir = guide2.own ? "auto" : second.dir;
  show($("#phase-closed"), board.phase_closed);
  const done = state.done.count;
  show($("#done-count"), done > 0 && state.phaseKind !== "results");
  setText($("#done-count"), t("projector.done", { count: done }));
  const phaseKey = `${board.phase_index}:${board.phase_closed}`;
  if (lastPhase !== null && lastPhase !== phaseKey) announce(phaseAnnouncement(state));
  lastPhase = phaseKey;
  timerView.render();
  statusView.render();
  const screenChoice = projectorSettings(state);
  const status = board.timer?.status;
  if (timerSeen === "running" && status === "expired" && screenChoice.chime) chime();
  timerSeen = status;
  show($("#sound-note"), screenChoice.chime && needsGesture());

  if (address && joinShown !== board.code) {
    joinShown = board.code;
    const url = shortUrl(address.base, board.code);
    show($("#join-warning"), !address.reachable);
    setText($("#join-warning"), address.reachable ? "" : t("projector.join_unreachable"));
    $("#qr-slot").replaceChildren(h("img", { src: `/b/${encodeURIComponent(boardId)}/qr.svg`, alt: t("projector.qr_alt", { url }), class: "qr", width: "240", height: "240" }));
    setText($("#join-code"), board.code);
    setText($("#join-url"), url);
  }
  secondLine($("#join-label-2"), second?.t("projector.join_label"));

  // What the console chose to show: dots of one group, a spotlight, the QR code or not.
  const screen = projectorSettings(state);
  const results = state.phaseKind === "results";
  document.body.classList.toggle("results", results);
  document.body.classList.toggle("no-qr", !screen.qr);
  const group = state.groups.includes(screen.group) ? screen.group : "";
  show($("#filter-label"), Boolean(group));
  setNodes($("#filter-label"), tn("projector.dots_from", { group }));
  const max = renderHeat(state, (id) => state.dots(id, group)); // kept current while results hide it
  setText($("#legend-min"), words.number(1));
  setText($("#legend-max"), max ? words.number(max) : "");
  setText($("#legend-unit"), t("projector.legend_unit", { count: max }));
  show($("#legend"), Boolean(max));
  show($("#heat-empty"), state.notes.size === 0);

  const hiddenVotes = state.tallies === null;
  show($("#blind"), hiddenVotes && board.dots_placed > 0);
  setText($("#blind"), t("projector.blind", { count: board.dots_placed }));
  const privateCount = [...state.notes.values()].filter((n) => n.text == null).length;
  show($("#private-count"), privateCount > 0);
  setText($("#private-count"), t("projector.private_count", { count: privateCount }));

  const ranked = renderRanking($("#ranking"), state, { group, limit: results ? 10 : 5 });
  show($("#ranking-empty"), ranked === 0);
  show($("#rank-box"), ranked > 0 || results); // no empty box taking the side's room before any dot
  setText($("#ranking-empty"), t(hiddenVotes ? "projector.ranking_hidden" : "projector.ranking_empty"));
  setNodes($("#ranking-heading"), group ? tn("projector.top_notes_group", { group }) : [t("projector.top_notes")]);
  renderPresence($("#presence-list"), $("#presence-total"), session.presence, state.groups, { hideEmpty: true });
  renderOutcome(state);
  renderSpotlight(state, screen.spotlight, group);
}

/** What to do now: the catalog's sentence, or the phase's own hint (people's words: dir=auto). */
function showGuide(el, { text, own }) {
  if (own) el.dir = "auto";
  else el.removeAttribute("dir");
  setText(el, text);
}

/** The projector's settings from the console (projector_changed), with their defaults. */
function projectorSettings(state) {
  return { group: "", spotlight: null, qr: true, chime: true, ...(state.board.projector || {}) };
}

/** A note or a cluster shown large over the stage, with its dots once they are out. */
function renderSpotlight(state, target, group) {
  const note = target ? state.notes.get(target) : null;
  const cluster = target && !note ? state.clusters.get(target) : undefined;
  const visible = Boolean((note && !note.hidden && note.text != null) || cluster !== undefined);
  show($("#spotlight"), visible);
  if (!visible) return;
  const members = note ? [] : [...state.notes.values()].filter((n) => n.cluster === target && !n.hidden && n.text != null);
  const dots = note ? state.dots(note.id, group) : members.reduce((total, n) => total + (state.dots(n.id, group) || 0), 0);
  setText($("#spotlight-kind"), note ? t("projector.spotlight_note") : t("projector.spotlight_cluster", { count: members.length }));
  setText($("#spotlight-text"), note ? note.text : cluster);
  const list = $("#spotlight-notes");
  const key = members.map((n) => `${n.id}:${n.text}`).join("|");
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...members.slice(0, 8).map((n) => h("li", { text: n.text, dir: "auto" })));
  }
  const hiddenVotes = state.tallies === null;
  setText($("#spotlight-dots"), hiddenVotes ? "" : dotsWord(dots || 0));
}

/** Under the heatmap: the decisions, and where the stakeholder groups agree (once votes are out). */
function renderOutcome(state) {
  setText($("#decisions-heading"), decisionsTitle(state));
  const decided = renderDecisions($("#decision-list"), state);
  show($("#decisions"), decided > 0);
  const results = state.phaseKind === "results";
  const voted = state.tallies !== null && state.board.dots_placed > 0;
  const agreement = voted && results ? renderAgreement(state, { limit: 4 }) : null;
  const showAgreement = Boolean(agreement && agreement.voting_groups.length >= 2);
  show($("#agreement"), showAgreement);
  show($("#outcome"), decided > 0 || showAgreement);
}

// A handle for debugging from the console, and for the browser tests.
globalThis.metanet = session;
eventHooks(session, { role: "projector" });
session.start();
