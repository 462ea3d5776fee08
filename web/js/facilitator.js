// The facilitator's console (facilitator.html): agenda, timer, moderation, canvas, links,
// decisions and roadmap, where the groups agree, exports, archive and delete.

import { agendaPanel } from "./agenda-panel.js";
import { agreementView } from "./agreement-view.js";
import { announce } from "./announce.js";
import { boardCanvas } from "./board-canvas.js";
import { findBoard, forgetBoard, rememberBoard } from "./boards-list.js";
import { clustersPanel } from "./clusters-panel.js";
import { withLink } from "./console-text.js";
import { composer } from "./composer.js";
import { decisionsPanel } from "./decisions-panel.js";
import { $, setNodes, setText, show } from "./dom.js";
import { exportPanel } from "./export-panel.js";
import { boardIdFromPath, deviceToken } from "./identity.js";
import { chooseLanguage, languageMenu, startLanguage, t } from "./i18n.js";
import { lifecyclePanel } from "./lifecycle-panel.js";
import { linksPanel } from "./links-panel.js";
import { groupsPanel } from "./groups-panel.js";
import { notePanel } from "./note-panel.js";
import { phaseAnnouncement, phaseLabelNodes } from "./phase-text.js";
import { projectorPanel } from "./projector-panel.js";
import { renderPresence } from "./presence-view.js";
import { renderRanking } from "./results-list.js";
import { Session } from "./session.js";
import { StatusView } from "./status-view.js";
import { timerPanel } from "./timer-panel.js";

// The console's own language (this device's choice, or the browser's): the catalog is fetched
// while the socket connects; nothing is drawn from JavaScript before it has come.
const ready = startLanguage(chooseLanguage("console"), ["common", "console", "phone", "projector", "errors"]);

const boardId = boardIdFromPath();

// The secret comes in the link's #fragment (never sent to the server by the browser).
// Keep it in this browser's list of boards and take it out of the address bar, which
// is on the projected screen.
let secret = decodeURIComponent(location.hash.slice(1));
if (secret) {
  rememberBoard({ id: boardId, secret });
  history.replaceState(null, "", location.pathname + location.search);
} else {
  secret = findBoard(boardId)?.secret || "";
}

let toastTimer = 0;
function showError(message) {
  const toast = $("#toast");
  setText(toast, message);
  show(toast, true);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(toast, false), 6000);
}

/** The page's own words, once the catalog is in: title, language menu, the sentences with links. */
function wordsIn() {
  document.title = t("console.page_title");
  $("#language-slot").replaceChildren(languageMenu("console"));
  $("#gone-text").replaceChildren(...withLink("console.gone_text", "/", "console.start_page"));
  $("#no-secret-text").replaceChildren(...withLink("console.no_secret_text", "/", "console.start_page"));
}

async function main() {
  let frame = 0;
  let languageReady = false; // the panels exist once the catalog is in: no render before
  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  const session = new Session({
    board: boardId,
    role: "facilitator",
    token: deviceToken(boardId, "facilitator"),
    secret,
    onChange: () => schedule(),
    onError: showError,
    onStatus: (status, detail) => {
      statusView.update(status, detail);
      if (status === "failed") showError(detail);
    },
  });
  const statusView = new StatusView($("#status"), () => session.queued);
  // The socket starts at once, in parallel with the catalog; the panels are built once the words are in.
  globalThis.metanet = session; // a handle for debugging from the console, and for the browser tests
  session.start();
  await ready;
  wordsIn();

  let selected = null;
  function select(id) {
    selected = id || null;
    // Now, not on the next frame: the panel must never offer actions for the previous note.
    if (frame) cancelAnimationFrame(frame);
    render();
  }

  let peeking = false;
  const renderAgenda = agendaPanel($("#agenda"), session, {
    onPeek: (on) => {
      peeking = on;
      schedule();
    },
  });
  $("#top-projector").href = `/b/${encodeURIComponent(boardId)}/projector`;
  const renderTimer = timerPanel($("#timer-panel"), session);
  const renderCanvas = boardCanvas($("#canvas-slot"), session, { onSelect: select });
  const renderNote = notePanel($("#selected"), session, { onDone: (next) => select(next) });
  const renderClusters = clustersPanel($("#clusters"), session);
  const renderProjector = projectorPanel($("#projector-panel"), session);
  const renderGroups = groupsPanel($("#groups-panel"), session);
  const renderDecisions = decisionsPanel($("#decisions"), session);
  const renderAgreement = agreementView($("#agreement"));
  const renderExport = exportPanel($("#export"), {
    board: boardId,
    key: () => session.state.you?.export_key || "",
    language: () => session.state.settings.language,
  });
  const renderLifecycle = lifecyclePanel($("#lifecycle"), session, { onDeleted: () => forgetBoard(boardId) });
  $("#add-slot").replaceChildren(composer(({ text, color }) => session.command("add_note", { text, color })));
  const groupFilter = $("#results-group");
  groupFilter.addEventListener("change", () => schedule());

  let linksShown = false;
  let lastPhase = null;

  function render() {
    frame = 0;
    const { state } = session;
    if (!state.loaded || !languageReady) return;
    const board = state.board;
    const settings = state.settings;
    document.title = t("console.document_title", { title: settings.title });
    if (session.deleted) {
      forgetBoard(boardId);
      show($("#console"), false);
      show($("#archived-banner"), false);
      show($("#gone"), true);
      setText($("#phase-label"), t("console.deleted"));
      return;
    }
    setText($("#title"), settings.title);
    setText($("#code"), board.code);
    // "Phase 2 of 5: <title>": the title in the console's language if the template has it, else as typed.
    setNodes($("#phase-label"), phaseLabelNodes(state));
    if (!linksShown) {
      linksShown = true;
      linksPanel($("#links"), {
        board: boardId, code: board.code, secret,
        onWarning: (warning) => {
          setText($("#address-warning"), warning);
          show($("#address-warning"), Boolean(warning));
        },
      });
    }
    const exportKey = state.you?.export_key || "";
    const known = findBoard(boardId) || {};
    if (known.title !== settings.title || known.code !== board.code || known.exportKey !== exportKey || known.archived !== Boolean(board.archived)) {
      rememberBoard({ id: boardId, secret, title: settings.title, code: board.code, exportKey, archived: Boolean(board.archived) });
    }
    show($("#archived-banner"), Boolean(board.archived));
    const phaseKey = `${board.phase_index}:${board.phase_closed}`;
    if (lastPhase !== null && lastPhase !== phaseKey) announce(phaseAnnouncement(state));
    lastPhase = phaseKey;

    statusView.render();
    // While the vote is blind for the room it is blind here too, unless the facilitator peeks:
    // the views below get the board without its tallies (state.dots() is then null).
    const blind = Boolean(settings.blind_votes) && !board.votes_revealed && state.phaseKind !== "results" && (board.dots_placed > 0 || state.phaseKind === "vote");
    if (!blind) peeking = false;
    const shown = blind && !peeking ? Object.create(state, { tallies: { value: null } }) : state;
    renderAgenda(state, { blind, peeking });
    renderTimer(state);
    if (selected && !state.notes.has(selected)) selected = null;
    renderCanvas(shown, { selected });
    renderNote(shown, selected);
    renderClusters(state);
    renderProjector(state);
    renderGroups(state);
    renderDecisions(state);
    renderLifecycle(state);
    renderExport();
    renderPresence($("#presence-list"), $("#presence-total"), session.presence, state.groups);
    const people = board.participants || [];
    setText($("#joined-total"), t("console.joined_so_far", { count: people.filter((p) => p.role === "participant").length }));

    const groups = ["", ...state.groups];
    if (groupFilter.dataset.key !== groups.join("|")) {
      groupFilter.dataset.key = groups.join("|");
      const keep = groupFilter.value;
      groupFilter.replaceChildren(...groups.map((g) => g ? groupOption(g) : new Option(t("console.all_groups"), "")));
      groupFilter.value = groups.includes(keep) ? keep : "";
    }
    const ranked = renderRanking($("#ranking"), shown, { group: groupFilter.value, limit: 10 });
    show($("#ranking-empty"), ranked === 0);
    setText($("#ranking-empty"), t(shown.tallies === null ? "console.hidden_blind_vote" : "console.no_dots_yet"));
    renderAgreement(shown);
  }

  languageReady = true;
  schedule();
}

/** A stakeholder group's name as an option: their words, in their direction. */
function groupOption(name) {
  const option = new Option(name, name);
  option.dir = "auto";
  return option;
}

if (secret) main();
else {
  show($("#console"), false);
  // shown once its words are in the page's language (no flash of English before the catalog)
  ready.then(() => {
    wordsIn();
    show($("#no-secret"), true);
  });
}
