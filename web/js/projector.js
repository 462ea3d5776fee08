// The projector view (projector.html): read-only, legible from the back of the room.

import { agreementView } from "./agreement-view.js";
import { announce } from "./announce.js";
import { decisionsTitle, renderDecisions } from "./decisions-view.js";
import { $, h, setText, show } from "./dom.js";
import { allowSound, chime, needsGesture, onSoundChange } from "./chime.js";
import { heatmap } from "./heatmap.js";
import { joinAddress, shortUrl } from "./join-address.js";
import { boardIdFromPath, deviceToken } from "./identity.js";
import { eventHooks } from "./event/board-hooks.js";
import { dotsWord, phaseAnnouncement, phaseLabel, guidance } from "./phase-text.js";
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
  const board = state.board;
  const settings = state.settings;
  document.title = `${settings.title} · Projector · Metanet`;
  if (session.deleted) {
    show($(".stage"), false);
    show($("#gone"), true);
    setText($("#phase-label"), "This board was deleted");
    setText($("#phase-guide"), "");
    return;
  }
  show($("#archived"), Boolean(board.archived));
  setText($("#title"), settings.title);
  setText($("#question"), settings.question);
  setText($("#phase-label"), phaseLabel(state));
  setText($("#phase-guide"), guidance(state));
  show($("#phase-closed"), board.phase_closed);
  const done = state.done.count;
  show($("#done-count"), done > 0 && state.phaseKind !== "results");
  setText($("#done-count"), `✓ ${done === 1 ? "1 person is" : `${done} people are`} done`);
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
    show($("#join-warning"), Boolean(address.warning));
    setText($("#join-warning"), address.warning && `Phones cannot reach this address. Start Metanet on the room's network, or with --public-url.`);
    $("#qr-slot").replaceChildren(h("img", { src: `/b/${encodeURIComponent(boardId)}/qr.svg`, alt: `QR code for ${url}`, class: "qr", width: "240", height: "240" }));
    setText($("#join-code"), board.code);
    setText($("#join-url"), url);
  }

  // What the console chose to show: dots of one group, a spotlight, the QR code or not.
  const screen = projectorSettings(state);
  const results = state.phaseKind === "results";
  document.body.classList.toggle("results", results);
  document.body.classList.toggle("no-qr", !screen.qr);
  const group = state.groups.includes(screen.group) ? screen.group : "";
  show($("#filter-label"), Boolean(group));
  setText($("#filter-label"), `Dots from ${group}`);
  const max = renderHeat(state, (id) => state.dots(id, group)); // kept current while results hide it
  setText($("#legend-max"), max ? String(max) : "");
  setText($("#legend-unit"), max === 1 ? "dot" : "dots");
  show($("#legend"), Boolean(max));
  show($("#heat-empty"), state.notes.size === 0);

  const hiddenVotes = state.tallies === null;
  show($("#blind"), hiddenVotes && board.dots_placed > 0);
  setText($("#blind"), `Votes are hidden until the facilitator reveals them · ${dotsWord(board.dots_placed)} placed`);
  const privateCount = [...state.notes.values()].filter((n) => n.text == null).length;
  show($("#private-count"), privateCount > 0);
  setText($("#private-count"), `${privateCount === 1 ? "1 note" : `${privateCount} notes`} written, shown when revealed`);

  const ranked = renderRanking($("#ranking"), state, { group, limit: results ? 10 : 5 });
  show($("#ranking-empty"), ranked === 0);
  show($("#rank-box"), ranked > 0 || results); // no empty box taking the side's room before any dot
  setText($("#ranking-empty"), hiddenVotes ? "The ranking appears when votes are revealed." : "No dots yet.");
  setText($("#ranking-heading"), group ? `Top notes · ${group}` : "Top notes");
  renderPresence($("#presence-list"), $("#presence-total"), session.presence, state.groups, { hideEmpty: true });
  renderOutcome(state);
  renderSpotlight(state, screen.spotlight, group);
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
  setText($("#spotlight-kind"), note ? "Note" : `Cluster · ${members.length === 1 ? "1 note" : `${members.length} notes`}`);
  setText($("#spotlight-text"), note ? note.text : cluster);
  const list = $("#spotlight-notes");
  const key = members.map((n) => `${n.id}:${n.text}`).join("|");
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...members.slice(0, 8).map((n) => h("li", { text: n.text })));
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
