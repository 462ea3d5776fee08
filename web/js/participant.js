// The participant's page (board.html): join, write notes, vote, follow the phase and timer.

import { announce } from "./announce.js";
import { composer } from "./composer.js";
import { decisionsTitle, renderDecisions } from "./decisions-view.js";
import { $, reconcile, setText, show } from "./dom.js";
import { chooseLanguage, startLanguage, t, tn } from "./i18n.js";
import { boardIdFromPath, deviceToken } from "./identity.js";
import { joinView, languagePicker } from "./join-view.js";
import { eventHooks } from "./event/board-hooks.js";
import { createCard, updateCard } from "./note-card.js";
import { guidanceOf, phaseAnnouncement, phaseLabelNodes } from "./phase-text.js";
import { byId } from "./ranking.js";
import { Session } from "./session.js";
import { StatusView } from "./status-view.js";
import { TimerView } from "./timer-view.js";

// The words first (fetched while the socket opens, not before it): nothing renders until they are in.
const ready = startLanguage(chooseLanguage("phone"), ["common", "phone", "errors"]);
let languageReady = false;

const WRITING = new Set(["write", "group", "discuss"]);
const boardId = boardIdFromPath();

const ui = {
  title: $("#title"),
  phase: $("#phase-label"),
  guide: $("#phase-guide"),
  question: $("#question"),
  closed: $("#phase-closed"),
  join: $("#join"),
  work: $("#work"),
  budget: $("#budget"),
  budgetDots: $("#budget-dots"),
  budgetText: $("#budget-text"),
  composerSlot: $("#composer-slot"),
  others: $("#others"),
  notes: $("#notes"),
  empty: $("#empty"),
  me: $("#me"),
  change: $("#change"),
  toast: $("#toast"),
  archived: $("#archived"),
  phaseBox: $(".phase"),
  timer: $("#timer"),
  gone: $("#gone"),
  decisions: $("#decisions"),
  decisionsHeading: $("#decisions-heading"),
  decisionList: $("#decision-list"),
  doneBar: $("#done-bar"),
  doneCount: $("#done-count"),
  done: $("#done"),
};

let toastTimer = 0;
function showError(message) {
  setText(ui.toast, message);
  show(ui.toast, true);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(ui.toast, false), 6000);
}

const session = new Session({
  board: boardId,
  role: "participant",
  token: deviceToken(boardId),
  onChange: () => schedule(),
  onError: showError,
  onStatus: (status, detail) => {
    statusView.update(status, detail);
    if (status === "failed" && !session.deleted) showError(detail);
  },
});
const statusView = new StatusView($("#status"), () => session.queued);
const timerView = new TimerView($("#timer"), session);

let changingIdentity = false;
let join = null; // the join form and the composer are built once the words are in
let write = null;
function buildForms() {
  join = joinView(ui.join, async (fields) => {
    const ack = session.command("join", fields);
    changingIdentity = false;
    schedule();
    const result = await ack;
    if (result.ok) announce(t("phone.welcome_said", { phase: phaseAnnouncement(session.state, "participant") }));
  });
  write = composer(({ text, color }) => session.command("add_note", { text, color }));
  ui.composerSlot.replaceChildren(write);
  ui.change.after(languagePicker());
}
ui.change.addEventListener("click", () => {
  changingIdentity = true;
  schedule();
  join?.focus();
});

ui.done.addEventListener("click", async () => {
  const done = !myDone(session.state);
  const ack = await session.command("mark_done", { done });
  if (ack.ok) announce(t(done ? "phone.done_said" : "phone.undone_said"));
});

/** Whether I said "I'm done" in this phase, counting a click not yet reflected. */
function myDone(state) {
  const pending = session.unseen("mark_done");
  return pending.length ? pending[pending.length - 1].done : state.done.mine;
}

const actions = {
  vote: async (note) => {
    const ack = await session.command("vote", { note });
    if (ack.ok) announce(t("phone.dot_placed_said", { count: ack.result.dots_left }));
  },
  unvote: async (note) => {
    const ack = await session.command("unvote", { note });
    if (ack.ok) announce(t("phone.dot_taken_back_said", { count: ack.result.dots_left }));
  },
  edit: (note, text) => session.command("edit_note", { note, text }),
  remove: (note) => session.command("delete_note", { note }),
};

// -- rendering --------------------------------------------------------------------

let frame = 0;
function schedule() {
  if (!frame) frame = requestAnimationFrame(render);
}

let lastPhase = null;

function render() {
  frame = 0;
  const { state } = session;
  if (!languageReady) return;
  statusView.render();
  if (!state.loaded) return;
  const board = state.board;
  const settings = state.settings;
  document.title = t("phone.document_title", { title: settings.title });
  if (session.deleted) {
    showGone();
    return;
  }
  setText(ui.title, settings.title);
  setText(ui.question, settings.question);
  show(ui.question, Boolean(settings.question));
  const label = phaseLabelNodes(state);
  if (ui.phase.dataset.label !== label.map((n) => n.textContent ?? n).join("")) {
    ui.phase.dataset.label = label.map((n) => n.textContent ?? n).join("");
    ui.phase.replaceChildren(...label);
  }
  const guide = guidanceOf(state, "participant");
  setText(ui.guide, guide.text);
  // The phase's own hint is the facilitator's (or a template's) words: any script, either direction.
  if (guide.own) ui.guide.setAttribute("dir", "auto");
  else ui.guide.removeAttribute("dir");
  show(ui.closed, board.phase_closed && !board.archived);
  show(ui.archived, Boolean(board.archived));

  const phaseKey = `${board.phase_index}:${board.phase_closed}`;
  if (lastPhase !== null && lastPhase !== phaseKey) announce(phaseAnnouncement(state, "participant"));
  lastPhase = phaseKey;
  timerView.render();

  const joining = (!state.joined || changingIdentity) && !board.archived;
  const pendingJoin = session.unseen("join").length > 0;
  show(ui.join, joining && !pendingJoin);
  document.body.classList.toggle("joining", joining && !pendingJoin);
  show(ui.work, !joining || pendingJoin);
  if (joining && !pendingJoin) {
    show(ui.doneBar, false);
    join.render(state);
    return;
  }
  const me = board.me;
  const meText = me ? JSON.stringify([me.name, me.group]) : "";
  if (ui.me.dataset.text !== meText) {
    ui.me.dataset.text = meText;
    ui.me.replaceChildren(...(me ? tn("phone.me_line", { name: me.name || t("phone.anonymous"), group: me.group }) : []));
  }
  show(ui.change, !board.archived);
  renderWork(state);
  renderDone(state);
  setText(ui.decisionsHeading, decisionsTitle(state));
  show(ui.decisions, renderDecisions(ui.decisionList, state) > 0);
}

/** "I'm done": a big button at the bottom, in every phase where there is work to do. */
function renderDone(state) {
  const board = state.board;
  const visible = state.joined && !board.archived && !board.phase_closed && state.phaseKind !== "results";
  show(ui.doneBar, visible);
  document.body.classList.toggle("with-done-bar", visible);
  if (!visible) return;
  const mine = myDone(state);
  ui.done.setAttribute("aria-pressed", String(mine));
  setText(ui.done, t(mine ? "phone.done_undo" : "phone.done_button"));
  const { count } = state.done;
  setText(ui.doneCount, count ? t("phone.done_count", { count }) : "");
}

/** The board was deleted: say so, and nothing else. */
function showGone() {
  for (const el of [ui.join, ui.work, ui.doneBar, ui.phaseBox, ui.timer]) show(el, false);
  show(ui.gone, true);
  if (!ui.gone.dataset.announced) {
    ui.gone.dataset.announced = "1";
    announce(t("phone.board_deleted_said"));
  }
}

/** The board as the phone shows it: the state plus my commands not yet reflected. */
function localView(state) {
  const myVotes = { ...state.myVotes };
  const voteDelta = {}; // my dots not yet counted in the tallies
  let dotsLeft = state.dotsLeft;
  const edits = new Map();
  const deleted = new Set();
  const adds = [];
  for (const command of session.outbox.unseen()) {
    switch (command.t) {
      case "vote":
        myVotes[command.note] = (myVotes[command.note] || 0) + 1;
        voteDelta[command.note] = (voteDelta[command.note] || 0) + 1;
        dotsLeft -= 1;
        break;
      case "unvote":
        myVotes[command.note] = Math.max(0, (myVotes[command.note] || 0) - 1);
        voteDelta[command.note] = (voteDelta[command.note] || 0) - 1;
        dotsLeft += 1;
        break;
      case "edit_note":
        edits.set(command.note, command.text);
        break;
      case "delete_note":
        deleted.add(command.note);
        break;
      case "add_note":
        adds.push(command);
        break;
      default:
        break;
    }
  }
  return { myVotes, voteDelta, dotsLeft: Math.max(0, dotsLeft), edits, deleted, adds };
}

function renderWork(state) {
  const kind = state.phaseKind;
  const closed = state.board.phase_closed;
  const settings = state.settings;
  const local = localView(state);
  const frozen = closed || Boolean(state.board.archived);
  const voting = kind === "vote" && !frozen;
  const writing = WRITING.has(kind) && !frozen;

  show(write, writing);
  write.setLimit(settings.text_limit);

  show(ui.budget, kind === "vote");
  if (kind === "vote") {
    const total = settings.dots_per_person;
    setText(ui.budgetText, t("phone.dots_left", { left: local.dotsLeft, count: total }));
    setText(ui.budgetDots, "●".repeat(local.dotsLeft) + "○".repeat(Math.max(0, total - local.dotsLeft)));
  }

  const results = kind === "results";
  const rows = [];
  let othersPrivate = 0;
  for (const note of state.notes.values()) {
    if (local.deleted.has(note.id)) continue;
    const mine = note.author === state.me;
    if (note.text == null) {
      othersPrivate += 1;
      continue;
    }
    const text = local.edits.get(note.id) ?? note.text;
    rows.push({ note: text === note.text ? note : { ...note, text }, mine, pending: local.edits.has(note.id) });
  }
  for (const command of local.adds) {
    const note = { id: `pending-${command.op}`, text: command.text, color: command.color, group: "", private: kind === "write" };
    rows.push({ note, mine: true, pending: true });
  }

  const dotsOf = (row) => {
    if (row.note.id.startsWith("pending-")) return null;
    const dots = state.dots(row.note.id);
    return dots === null ? null : Math.max(0, dots + (local.voteDelta[row.note.id] || 0));
  };
  if (results) rows.sort((a, b) => (dotsOf(b) ?? 0) - (dotsOf(a) ?? 0) || order(a, b));
  else if (kind === "write") rows.sort((a, b) => order(b, a)); // my newest first
  else rows.sort((a, b) => clusterOrder(state, a, b) || order(a, b));

  const maxPerNote = settings.max_dots_per_note;
  const decided = t(settings.max_priorities ? "phone.priority_mark" : "phone.decision_mark");
  let rankNo = 0;
  let previous = null;
  const views = rows.map((row, i) => {
    const dots = dotsOf(row);
    if (results && dots !== previous) rankNo = i + 1;
    previous = dots;
    const myDots = local.myVotes[row.note.id] || 0;
    const real = !row.note.id.startsWith("pending-");
    return {
      ...row,
      dots,
      rank: results && dots ? rankNo : 0,
      myDots,
      canVote: voting && real,
      canAddDot: local.dotsLeft > 0 && myDots < maxPerNote,
      canEdit: writing && real,
      canDelete: writing && real,
      clusterName: row.note.cluster ? state.clusters.get(row.note.cluster) : "",
      decision: state.isDecision(row.note.id) ? decided : "",
      groups: state.groups,
    };
  });
  reconcile(ui.notes, views, (v) => v.note.id, () => createCard(actions), updateCard);

  show(ui.others, othersPrivate > 0);
  setText(ui.others, t("phone.others_private", { count: othersPrivate }));
  show(ui.empty, views.length === 0);
  setText(ui.empty, t(writing ? "phone.empty_writing" : "phone.empty"));
}

function order(a, b) {
  const pa = a.note.id.startsWith("pending-");
  const pb = b.note.id.startsWith("pending-");
  if (pa !== pb) return pa ? 1 : -1;
  return pa ? 0 : byId(a.note, b.note);
}

function clusterOrder(state, a, b) {
  const ca = a.note.cluster ? state.clusters.get(a.note.cluster) || "" : "\uffff";
  const cb = b.note.cluster ? state.clusters.get(b.note.cluster) || "" : "\uffff";
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

// A handle for debugging from the console, and for the browser tests.
globalThis.metanet = session;
eventHooks(session, { role: "participant" });
session.start();
ready.then(() => {
  languageReady = true;
  document.title = t("phone.page_title");
  buildForms();
  schedule();
});
