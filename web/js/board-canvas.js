// The facilitator's canvas: every note where it sits, dragged with mouse, finger or
// arrow keys (sends move_note), selected with a click or Enter.

import { h, reconcile, setNodes, setText } from "./dom.js";
import { t, words } from "./i18n.js";
import { layoutNotes } from "./heat-layout.js";
import { place, position } from "./placement.js";

const CONSOLE_SIZES = { max: 16, min: 12 }; // px: read up close
// Notes sit in free cells (heat-layout.js), never on top of each other, each nearest where it was
// put; a note being dragged follows the pointer until the move is applied.

const STEP = 0.02; // arrow key move; with Shift, five times as far
const DRAG_THRESHOLD = 5; // px before a press becomes a drag

export function boardCanvas(root, session, { onSelect }) {
  const canvas = h("div", { class: "canvas", role: "group", "aria-label": t("console.canvas_label") });
  root.replaceChildren(canvas);
  const moving = new Map(); // note id -> {x, y} shown while a move is under way
  const keyTimers = new Map();

  function send(id, x, y) {
    session.command("move_note", { note: id, x: round(x), y: round(y) });
  }

  function create() {
    const el = h("button", { type: "button", class: "note canvas-note" },
      h("span", { class: "note-text" }), h("span", { class: "note-meta" }), h("span", { class: "badge" }));
    el.addEventListener("pointerdown", (event) => startDrag(event, el));
    el.addEventListener("click", () => {
      if (el.dragged) {
        el.dragged = false;
        return;
      }
      onSelect(el.dataset.note);
    });
    el.addEventListener("keydown", (event) => keyMove(event, el));
    return el;
  }

  function startDrag(event, el) {
    if (event.button !== 0) return;
    const id = el.dataset.note;
    const rect = canvas.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const grab = { dx: event.clientX - box.left, dy: event.clientY - box.top };
    const origin = { x: event.clientX, y: event.clientY };
    let dragging = false;
    el.setPointerCapture(event.pointerId);
    const move = (ev) => {
      if (!dragging && Math.hypot(ev.clientX - origin.x, ev.clientY - origin.y) < DRAG_THRESHOLD) return;
      dragging = true;
      el.classList.add("dragging");
      const pos = position(rect, box.width, box.height, ev.clientX - rect.left - grab.dx, ev.clientY - rect.top - grab.dy);
      moving.set(id, pos);
      place(el, pos.x, pos.y);
    };
    const up = () => {
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
      el.removeEventListener("pointercancel", up);
      el.classList.remove("dragging");
      if (dragging) {
        el.dragged = true;
        const pos = moving.get(id);
        moving.delete(id);
        if (pos) send(id, pos.x, pos.y);
      }
    };
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
    el.addEventListener("pointercancel", up);
  }

  function keyMove(event, el) {
    const delta = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!delta) return;
    event.preventDefault();
    const id = el.dataset.note;
    const note = session.state.notes.get(id);
    if (!note) return;
    const step = event.shiftKey ? STEP * 5 : STEP;
    const from = moving.get(id) || { x: note.x, y: note.y };
    const pos = { x: clamp(from.x + delta[0] * step), y: clamp(from.y + delta[1] * step) };
    moving.set(id, pos);
    place(el, pos.x, pos.y);
    // Send once the keys rest, not once per key press.
    clearTimeout(keyTimers.get(id));
    keyTimers.set(id, setTimeout(() => {
      moving.delete(id);
      send(id, pos.x, pos.y);
    }, 300));
  }

  return function render(state, { selected }) {
    const pendingMoves = new Map();
    for (const command of session.unseen("move_note")) pendingMoves.set(command.note, command);
    const notes = [...state.notes.values()];
    const area = canvas.getBoundingClientRect();
    const placed = notes.map((n) => ({ ...n, ...(pendingMoves.get(n.id) ? { x: pendingMoves.get(n.id).x, y: pendingMoves.get(n.id).y } : {}) }));
    const layout = layoutNotes(placed, [], Math.max(0, Math.floor(area.width) - 1), Math.max(0, Math.floor(area.height) - 1), CONSOLE_SIZES);
    canvas.style.setProperty("--note-font", `${layout.font}px`);
    canvas.style.setProperty("--note-lines", String(layout.lines));
    reconcile(canvas, notes, (n) => n.id, create, (el, note) => {
      el.dataset.note = note.id;
      const dots = state.dots(note.id);
      const dragging = el.classList.contains("dragging") ? " dragging" : "";
      el.className = `note canvas-note color-${note.color || "yellow"}${note.hidden ? " is-hidden" : ""}${note.private ? " is-private" : ""}${note.id === selected ? " selected" : ""}${state.isDecision(note.id) ? " decided" : ""}${dragging}`;
      el.setAttribute("aria-pressed", note.id === selected ? "true" : "false");
      const [text, meta, badge] = el.children;
      // The note's words in their own direction; "(private note)" is the console's.
      setText(text, note.text ?? t("console.private_note"));
      if (note.text === null || note.text === undefined) text.removeAttribute("dir");
      else text.dir = "auto";
      // What the facilitator needs at a glance, short enough for a small note: decided, its cluster (people's
      // words, in their own direction), hidden, private. Who wrote it, and their group: in the selected-note panel.
      const flags = [state.isDecision(note.id) ? t("console.flag_decision") : ""];
      if (note.cluster) flags.push(own(state.clusters.get(note.cluster)));
      if (note.hidden) flags.push(t("console.flag_hidden"));
      if (note.private) flags.push(t("console.flag_private"));
      setNodes(meta, flags.filter(Boolean).flatMap((flag, i) => (i ? [" · ", flag] : [flag])));
      badge.hidden = !dots;
      setText(badge, dots ? words.number(dots) : "");
      badge.setAttribute("aria-label", t("console.dots_count", { count: dots || 0 }));
      const dragged = moving.get(note.id);
      if (dragged) place(el, dragged.x, dragged.y);
      else cell(el, layout.notes.get(note.id));
    });
  };
}

/** People's words inside a line of the console's: a <bdi> that takes their direction ("" when none). */
function own(text) {
  return text ? h("bdi", { dir: "auto", text }) : "";
}

/** A note in its cell: px box, no percentage shift (that is for a note under the pointer). */
function cell(el, box) {
  if (!box) return;
  const values = { left: `${Math.round(box.left)}px`, top: `${Math.round(box.top)}px`, width: `${Math.floor(box.width)}px`, height: `${Math.floor(box.height)}px`, transform: "none" };
  for (const [key, value] of Object.entries(values)) if (el.style[key] !== value) el.style[key] = value;
}

function clamp(v) {
  return Math.min(1, Math.max(0, v));
}

function round(v) {
  return Math.round(v * 10000) / 10000;
}
