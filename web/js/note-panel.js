// Moderating the selected note: colour, cluster, hide/unhide, delete, merge, decide.

import { COLORS, colorName, groupName, isFacilitatorGroup } from "./phase-text.js";
import { h, setNodes, setText } from "./dom.js";
import { t, tn, words } from "./i18n.js";
import { byId } from "./ranking.js";

export function notePanel(root, session, { onDone }) {
  let noteId = null;
  const text = h("p", { class: "selected-text", dir: "auto" });
  const meta = h("p", { class: "hint" });
  const dots = h("p", { class: "selected-dots" });
  const color = h("select", { id: "sel-color" }, COLORS.map((c) => h("option", { value: c, text: colorName(c) })));
  color.addEventListener("change", () => session.command("recolor_note", { note: noteId, color: color.value }));
  const cluster = h("select", { id: "sel-cluster" });
  cluster.addEventListener("change", () => session.command("cluster_note", { note: noteId, cluster: cluster.value || null }));
  const hide = h("button", { type: "button" });
  hide.addEventListener("click", () => {
    const note = session.state.notes.get(noteId);
    if (note) session.command("hide_note", { note: noteId, hidden: !note.hidden });
  });
  const remove = h("button", { type: "button", class: "danger", text: t("console.delete") });
  remove.addEventListener("click", () => {
    if (!remove.dataset.confirm) {
      remove.dataset.confirm = "1";
      remove.textContent = t("console.really_delete");
      setTimeout(() => {
        delete remove.dataset.confirm;
        remove.textContent = t("console.delete");
      }, 4000);
      return;
    }
    delete remove.dataset.confirm;
    remove.textContent = t("console.delete");
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
  const merge = h("button", { type: "button", text: t("console.merge") });
  merge.addEventListener("click", () => {
    if (!target.value) return;
    session.command("merge_notes", { source: noteId, target: target.value });
    onDone(target.value);
  });
  const body = h("div", { class: "selected-body" },
    text, meta, dots,
    h("div", { class: "grid2" },
      h("div", {}, h("label", { for: "sel-color", class: "label", text: t("console.colour") }), color),
      h("div", {}, h("label", { for: "sel-cluster", class: "label", text: t("console.cluster") }), cluster)),
    h("div", { class: "row spaced" }, decide, spotlight),
    decideHint,
    h("div", { class: "row" }, hide, remove),
    h("label", { for: "sel-merge", class: "label", text: t("console.merge_into") }),
    h("div", { class: "row nowrap" }, target, merge),
    h("button", { type: "button", class: "link-button", text: t("console.close"), onclick: () => onDone() }),
  );
  const empty = h("p", { class: "hint", text: t("console.select_a_note") });
  root.replaceChildren(h("h2", { id: "selected-heading", text: t("console.selected_note") }), empty, body);

  return function render(state, selected) {
    noteId = selected;
    const note = selected ? state.notes.get(selected) : null;
    empty.hidden = Boolean(note);
    body.hidden = !note;
    if (!note) return;
    // The note's own words read in their direction; "(private note)" is the console's.
    setText(text, note.text ?? t("console.private_note"));
    text.dir = note.text === null || note.text === undefined ? "" : "auto";
    const people = state.board.participants || [];
    const author = people.find((p) => p.id === note.author);
    const status = [note.hidden ? t("console.hidden_from_participants") : "", note.private ? t("console.private_until_revealed") : ""].filter(Boolean);
    // Who wrote it and their group are people's words (each in its own <bdi>); the rest is the console's.
    const parts = [author ? (author.name ? bdi(author.name) : t("console.anonymous")) : null, !note.group ? null : isFacilitatorGroup(note.group, state.groups) ? groupName(note.group, state.groups) : bdi(note.group),
      status.length ? words.list(status, "unit") : null].filter(Boolean);
    setNodes(meta, parts.flatMap((part, i) => (i ? [" · ", part] : [part])));
    const total = state.dots(note.id);
    const groups = byGroupNodes(state.tallies?.[note.id], state.groups);
    setNodes(dots, total === null ? [t("console.dots_hidden_blind")]
      : groups.length ? withNodes(t("console.dots_by_group", { count: total }), "{groups}", groups) : [t("console.dots_count", { count: total })]);
    if (document.activeElement !== color) color.value = note.color;
    setText(hide, t(note.hidden ? "console.unhide" : "console.hide"));
    const spotted = state.board.projector?.spotlight === note.id;
    setText(spotlight, t(spotted ? "console.stop_showing_large" : "console.show_large_on_projector"));
    spotlight.disabled = !spotted && (note.hidden || note.private);
    const decided = state.isDecision(note.id);
    const max = state.settings.max_priorities || 0;
    const word = max ? "priority" : "decision";
    const full = !decided && max > 0 && state.decisions.length >= max;
    setText(decide, t(decided ? `console.undo_${word}` : `console.mark_as_${word}`));
    decide.classList.toggle("primary", !decided);
    decide.disabled = full || (!decided && (note.hidden || note.private));
    setText(decideHint, full ? t("console.priorities_full", { count: max })
      : !decided && (note.hidden || note.private) ? t("console.cannot_decide_hidden") : "");
    syncOptions(cluster, [["", t("console.no_cluster")], ...[...state.clusters].map(([id, name]) => [id, name])], note.cluster || "");
    const others = [...state.notes.values()].filter((n) => n.id !== note.id).sort(byId);
    syncOptions(target, [["", t("console.choose_a_note")], ...others.map((n) => [n.id, n.text === null || n.text === undefined ? t("console.private_short") : clip(n.text)])], null);
  };
}

function syncOptions(select, options, value) {
  const key = JSON.stringify(options);
  if (select.dataset.key !== key) {
    const keep = select.value;
    select.dataset.key = key;
    // Options after the first are people's words (cluster names, notes): each in its own direction.
    select.replaceChildren(...options.map(([v, label]) => h("option", { value: v, text: label, dir: v ? "auto" : null })));
    if (value === null) select.value = options.some(([v]) => v === keep) ? keep : "";
  }
  if (value !== null && document.activeElement !== select) select.value = value;
}

/**
 * "Government 3, NGO 2" as nodes: most dots first, ties in the board's group order; each group's
 * name in its own <bdi> (people's words), the list joined the way the console's language joins one.
 */
function byGroupNodes(tally, groups) {
  if (!tally) return [];
  const order = (group) => (groups.includes(group) ? groups.indexOf(group) : groups.length);
  const entries = Object.entries(tally.by_group).sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0]) || (a[0] < b[0] ? -1 : 1));
  const items = entries.map(([group, count]) => h("span", {}, ...tn("common.group_dots", { group, count })));
  let next = 0; // listNodes gives a <bdi> per item, in order: put each group's words in its place
  return words.listNodes(entries.map(([group]) => group), "unit").map((part) => (typeof part === "string" ? part : items[next++]));
}

/** `text` with `mark` replaced by `nodes`. */
function withNodes(text, mark, nodes) {
  const [before, after = ""] = text.split(mark);
  return [before, ...nodes, after].filter((part) => part !== "");
}

function bdi(text) {
  return h("bdi", { dir: "auto", text });
}

function clip(text) {
  return text.length > 50 ? `${text.slice(0, 47)}…` : text;
}
