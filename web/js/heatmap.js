// The projector's heatmap: every note in a cell of its own (heat-layout.js), coloured by its
// dots, clusters framed with their title, over a density layer drawn on a canvas. Notes glide
// to new places and change colour through CSS transitions (transform and background only:
// cheap on a low-end laptop).
//
// Right to left: the notes are NOT mirrored on an Arabic projector. Where a note sits is the
// facilitator's spatial arrangement (x, y from the console's board, which does not mirror
// either): "the cluster on the left" must be on the left of every screen in the room, as a
// photo of a wall of sticky notes would be. Only the text inside each note follows its own
// script (dir="auto"), and the count badge sits at the page's inline end.

import { h, reconcile, setText } from "./dom.js";
import { layoutNotes } from "./heat-layout.js";
import { t, words } from "./i18n.js";

// Heat colours for the note itself (t from 0 to 1). Dark text on the light half, white text on
// the dark half: both at least 7:1 (WCAG AAA), so a hot note reads as well as a cold one.
const LIGHT = [
  [0, [255, 247, 209]],
  [0.3, [255, 222, 140]],
  [0.6, [255, 176, 96]],
];
const DARK = [
  [0.6, [158, 30, 20]],
  [1, [96, 6, 22]],
];
const HOT = 0.6; // from here a note turns dark with white text

function interpolate(stops, x) {
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i];
    const [t0, c0] = stops[i - 1];
    if (x <= t1) {
      const k = t1 === t0 ? 1 : (x - t0) / (t1 - t0);
      return c0.map((v, j) => Math.round(v + (c1[j] - v) * k));
    }
  }
  return stops[stops.length - 1][1];
}

/** The note colour for heat t (0..1), as [r, g, b]. */
export function heatColor(t) {
  const x = Math.min(1, Math.max(0, t));
  return x < HOT ? interpolate(LIGHT, x) : interpolate(DARK, x);
}

// The density layer: light amber to deep red, by how many dots are near.
const PALETTE = (() => {
  const stops = [[0, [255, 236, 153]], [0.35, [255, 170, 64]], [0.7, [228, 62, 40]], [1, [140, 10, 30]]];
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(interpolate(stops, i / 255), i * 3);
  return lut;
})();

export function heatmap(root) {
  const density = h("canvas", { class: "density", "aria-hidden": "true" });
  const frames = h("div", { class: "heat-frames", "aria-hidden": "true" });
  const layer = h("div", { class: "heat-notes", role: "list" });
  root.replaceChildren(density, frames, layer);
  let densityKey = "";
  const shownDots = new Map();

  function create() {
    return h("div", { class: "heat-note", role: "listitem" },
      h("span", { class: "heat-count" }), h("span", { class: "heat-text", dir: "auto" }));
  }

  /** `dotsOf(noteId)` gives the dots to show (null while votes are hidden). */
  return function render(state, dotsOf) {
    const label = t("projector.notes_region");
    if (layer.getAttribute("aria-label") !== label) layer.setAttribute("aria-label", label);
    const notes = [...state.notes.values()].filter((n) => !n.hidden);
    const clusters = [...state.clusters].map(([id, name]) => ({ id, name }));
    const counts = new Map(notes.map((n) => [n.id, dotsOf(n.id)]));
    const max = Math.max(0, ...[...counts.values()].map((d) => d || 0));
    // Whole pixels inside the area (a fractional width rounded up would put the last column 1 px out).
    const area = root.getBoundingClientRect();
    const width = Math.max(0, Math.floor(area.width) - 1);
    const height = Math.max(0, Math.floor(area.height) - 1);
    const layout = layoutNotes(notes, clusters, width, height);
    root.style.setProperty("--note-font", `${layout.font}px`);
    root.style.setProperty("--note-lines", String(layout.lines));
    root.dataset.font = String(layout.font);

    reconcile(frames, layout.frames, (f) => f.id,
      () => h("div", { class: "heat-frame" }, h("div", { class: "heat-frame-title" },
        h("span", { class: "heat-frame-name", dir: "auto" }), h("span", { class: "heat-count" }))),
      (el, frame) => {
        el.dataset.cluster = frame.id;
        box(el, frame.box);
        const title = el.firstChild;
        const border = 3; // the frame's border: the title is placed inside it
        box(title, { ...frame.title, left: frame.title.left - frame.box.left - border, top: frame.title.top - frame.box.top - border });
        const dots = frame.count ? sum(state.notes, frame.id, counts) : 0;
        // The name as typed (any script: dir="auto"), its dots in a badge as on the notes.
        const [name, count] = title.children;
        setText(name, frame.name);
        count.hidden = !dots;
        setText(count, dots ? words.number(dots) : "");
      });

    reconcile(layer, notes, (n) => n.id, create, (el, note) => {
      const dots = counts.get(note.id);
      const t = dots && max ? dots / max : 0;
      el.dataset.note = note.id;
      el.dataset.dots = dots == null ? "" : String(dots);
      if (note.cluster) el.dataset.cluster = note.cluster;
      else delete el.dataset.cluster;
      el.classList.toggle("hot", t >= HOT);
      el.classList.toggle("cold", !dots);
      el.classList.toggle("private", note.text == null);
      const decided = state.isDecision(note.id);
      el.classList.toggle("decided", decided);
      el.style.backgroundColor = dots ? `rgb(${heatColor(t).join(",")})` : "";
      const [count, text] = el.children;
      count.hidden = !dots; // no "0" on every cold note: an empty corner says it
      setText(count, dots ? words.number(dots) : "");
      const before = shownDots.get(note.id);
      shownDots.set(note.id, dots);
      // A new dot pops in (an animation of transform only: the compositor does it).
      if (dots && before != null && dots > before && count.animate) {
        count.animate([{ transform: "scale(1.8)" }, { transform: "scale(1)" }], { duration: 450, easing: "ease-out" });
      }
      setText(text, note.text ?? "•••");
      text.title = note.text ?? ""; // on the text (dir="auto"): the note's own words, in full
      el.setAttribute("aria-label", noteLabel(note, dots, decided));
      box(el, layout.notes.get(note.id));
    });
    for (const id of shownDots.keys()) if (!counts.has(id)) shownDots.delete(id);

    const key = `${width}x${height}|${notes.map((n) => { const b = layout.notes.get(n.id); return `${b.left}:${b.top}:${counts.get(n.id) || 0}`; }).join(",")}`;
    if (key !== densityKey) {
      densityKey = key;
      drawDensity(density, width, height, notes.map((n) => [layout.notes.get(n.id), counts.get(n.id) || 0]), max);
    }
    return max;
  };
}

/** What a screen reader says for a note: "Decision: <text>: 3 dots". */
function noteLabel(note, dots, decided) {
  const text = note.text ?? t("projector.private_note");
  const said = dots == null ? t("projector.note_dots_hidden", { text }) : t("projector.note_dots", { text, count: dots });
  return decided ? t("projector.decision_note", { text: said }) : said;
}

function sum(notes, cluster, counts) {
  let total = 0;
  for (const note of notes.values()) if (note.cluster === cluster && !note.hidden) total += counts.get(note.id) || 0;
  return total;
}

/** Size and place an absolutely positioned element (moves are transforms, so they can glide). */
function box(el, b) {
  if (!b) return;
  const width = `${Math.floor(b.width)}px`;
  const height = `${Math.floor(b.height)}px`;
  const shift = `translate(${Math.round(b.left)}px, ${Math.round(b.top)}px)`;
  if (el.style.width !== width) el.style.width = width;
  if (el.style.height !== height) el.style.height = height;
  if (el.style.transform !== shift) el.style.transform = shift;
}

/** Blobs of heat around each voted note, coloured through the palette. */
function drawDensity(canvas, areaWidth, areaHeight, boxes, max) {
  const scale = 0.25; // a quarter resolution is plenty for a blur
  const width = Math.max(1, Math.round(areaWidth * scale));
  const height = Math.max(1, Math.round(areaHeight * scale));
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.clearRect(0, 0, width, height);
  if (!max) return;
  const radiusBase = Math.max(width, height) * 0.07;
  for (const [b, dots] of boxes) {
    if (!dots || !b) continue;
    const t = dots / max;
    const cx = (b.left + b.width / 2) * scale;
    const cy = (b.top + b.height / 2) * scale;
    const r = radiusBase * (0.8 + 1.2 * Math.sqrt(t));
    const gradient = ctx.createRadialGradient(cx, cy, 0, cx, cy, r);
    gradient.addColorStop(0, `rgba(0,0,0,${0.25 + 0.6 * t})`);
    gradient.addColorStop(1, "rgba(0,0,0,0)");
    ctx.fillStyle = gradient;
    ctx.fillRect(cx - r, cy - r, r * 2, r * 2);
  }
  const image = ctx.getImageData(0, 0, width, height);
  const data = image.data;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3];
    if (!a) continue;
    const p = a * 3;
    data[i] = PALETTE[p];
    data[i + 1] = PALETTE[p + 1];
    data[i + 2] = PALETTE[p + 2];
    data[i + 3] = Math.min(255, a * 1.1);
  }
  ctx.putImageData(image, 0, 0);
}
