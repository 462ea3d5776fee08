// Moderating the selected note: colour, cluster, hide/unhide, delete, merge, decide.

import { COLORS } from "./phase-text.js";
import { h, setText } from "./dom.js";
import { byGroupText, byId } from "./ranking.js";

export function notePanel(root, session, { onDone }) {
  let noteId = null;
  const text = h("p", { class: "selected-text" });
  const meta = h("p", { class: "hint" });
  const dots = h("p", { class: "selected-dots" });
  const color = h("select", { id: "sel-color" }, COLORS.map((c) => h("option", { value: c, text: c })));
  color.addEventListener("change", () => session.command("recolor_note", { note: noteId, color: color.value }));
  const cluster = h("select", { id: "sel-cluster" });
  cluster.addEventListener("change", () => session.command("cluster_note", { note: noteId, cluster: cluster.value || null }));
  const hide = h("button", { type: "button" });
  hide.addEventListener("click", () => {
    const note = session.state.notes.get(noteId);
    if (note) session.command("hide_note", { note: noteId, hidden: !note.hidden });
  });
  const remove = h("button", { type: "button", class: "danger", text: "Delete" });
  remove.addEventListener("click", () => {
    if (!remove.dataset.confirm) {
      remove.dataset.confirm = "1";
      remove.textContent = "Really delete?";
      setTimeout(() => {
        delete remove.dataset.confirm;
        remove.textContent = "Delete";
      }, 4000);
      return;
    }
    delete remove.dataset.confirm;
    remove.textContent = "Delete";
    session.command("delete_note", { note: noteId });
    onDone();
  });
  const decide = h("button", { type: "button", class: "decide" });
  const decideHint = h("p", { class: "hint" });
  decide.addEventListener("click", () => {
    const decided = session.state.isDecision(noteId);
    session.command("mark_decision", { target: noteId, decided: !decided });
  });
  const spotlight = h("button", { type: "button", class: "spotlight-button" });
  spotlight.addEventListener("click", () => {
    const on = session.state.board?.projector?.spotlight === noteId;
    session.command("show_on_projector", { spotlight: on ? null : noteId });
  });
  const target = h("select", { id: "sel-merge" });
  const merge = h("button", { type: "button", text: "Merge" });
  merge.addEventListener("click", () => {
    if (!target.value) return;
    session.command("merge_notes", { source: noteId, target: target.value });
    onDone(target.value);
  });
  const body = h("div", { class: "selected-body" },
    text, meta, dots,
    h("div", { class: "grid2" },
      h("div", {}, h("label", { for: "sel-color", class: "label", text: "Colour" }), color),
      h("div", {}, h("label", { for: "sel-cluster", class: "label", text: "Cluster" }), cluster)),
    h("div", { class: "row spaced" }, decide, spotlight),
    decideHint,
    h("div", { class: "row" }, hide, remove),
    h("label", { for: "sel-merge", class: "label", text: "Merge into (its dots move too)" }),
    h("div", { class: "row nowrap" }, target, merge),
    h("button", { type: "button", class: "link-button", text: "Close", onclick: () => onDone() }),
  );
  const empty = h("p", { class: "hint", text: "Select a note on the canvas to hide, delete, merge or cluster it." });
  root.replaceChildren(h("h2", { id: "selected-heading", text: "Selected note" }), empty, body);

  return function render(state, selected) {
    noteId = selected;
    const note = selected ? state.notes.get(selected) : null;
    empty.hidden = Boolean(note);
    body.hidden = !note;
    if (!note) return;
    setText(text, note.text ?? "(private note)");
    const people = state.board.participants || [];
    const author = people.find((p) => p.id === note.author);
    const who = author ? `${author.name || "anonymous"} · ` : "";
    const status = [note.hidden ? "hidden from participants" : "", note.private ? "private until revealed" : ""].filter(Boolean).join(", ");
    setText(meta, `${who}${note.group}${status ? ` · ${status}` : ""}`);
    const total = state.dots(note.id);
    const groups = byGroupText(state.tallies?.[note.id], state.groups);
    setText(dots, total === null ? "Dots hidden during the blind vote."
      : `${total === 1 ? "1 dot" : `${total} dots`}${groups ? ` (${groups})` : ""}`);
    if (document.activeElement !== color) color.value = note.color;
    hide.textContent = note.hidden ? "Unhide" : "Hide";
    const spotted = state.board.projector?.spotlight === note.id;
    spotlight.textContent = spotted ? "Stop showing it large" : "Show large on the projector";
    spotlight.disabled = !spotted && (note.hidden || note.private);
    const decided = state.isDecision(note.id);
    const max = state.settings.max_priorities || 0;
    const word = max ? "priority" : "decision";
    const full = !decided && max > 0 && state.decisions.length >= max;
    decide.textContent = decided ? `★ Undo: not a ${word}` : `★ Mark as ${word}`;
    decide.classList.toggle("primary", !decided);
    decide.disabled = full || (!decided && (note.hidden || note.private));
    setText(decideHint, full ? `The board keeps at most ${max} priorities: unmark one first.`
      : !decided && (note.hidden || note.private) ? "Hidden or unrevealed notes cannot be decisions." : "");
    syncOptions(cluster, [["", "No cluster"], ...[...state.clusters].map(([id, name]) => [id, name])], note.cluster || "");
    const others = [...state.notes.values()].filter((n) => n.id !== note.id).sort(byId);
    syncOptions(target, [["", "Choose a note…"], ...others.map((n) => [n.id, clip(n.text ?? "(private)")])], null);
  };
}

function syncOptions(select, options, value) {
  const key = JSON.stringify(options);
  if (select.dataset.key !== key) {
    const keep = select.value;
    select.dataset.key = key;
    select.replaceChildren(...options.map(([v, label]) => h("option", { value: v, text: label })));
    if (value === null) select.value = options.some(([v]) => v === keep) ? keep : "";
  }
  if (value !== null && document.activeElement !== select) select.value = value;
}

function clip(text) {
  return text.length > 50 ? `${text.slice(0, 47)}…` : text;
}
