// The projector's heatmap: notes where they sit on the board, coloured by their dots,
// with the number on each, over a density layer drawn on a canvas.

import { h, reconcile, setText } from "./dom.js";
import { place } from "./placement.js";

// Heat colour stops (t from 0 to 1), light amber to deep red.
const STOPS = [
  [0, [255, 236, 153]],
  [0.35, [255, 170, 64]],
  [0.7, [228, 62, 40]],
  [1, [140, 10, 30]],
];

export function heatColor(t) {
  const x = Math.min(1, Math.max(0, t));
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i];
    const [t0, c0] = STOPS[i - 1];
    if (x <= t1) {
      const k = (x - t0) / (t1 - t0);
      return c0.map((v, j) => Math.round(v + (c1[j] - v) * k));
    }
  }
  return STOPS[STOPS.length - 1][1];
}

const PALETTE = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(heatColor(i / 255), i * 3);
  return lut;
})();

export function heatmap(root) {
  const density = h("canvas", { class: "density", "aria-hidden": "true" });
  const layer = h("div", { class: "heat-notes", role: "list", "aria-label": "Notes coloured by dots" });
  root.replaceChildren(density, layer);
  let densityKey = "";

  function create() {
    return h("div", { class: "heat-note", role: "listitem" },
      h("span", { class: "heat-count" }), h("span", { class: "heat-text" }));
  }

  /** `dotsOf(noteId)` gives the dots to show (null while votes are hidden). */
  return function render(state, dotsOf) {
    const notes = [...state.notes.values()].filter((n) => !n.hidden);
    const counts = new Map(notes.map((n) => [n.id, dotsOf(n.id)]));
    const max = Math.max(0, ...[...counts.values()].map((d) => d || 0));
    // Many notes get smaller, so a crowded board still shows most of each one.
    const scale = Math.min(1, Math.max(0.5, Math.sqrt(40 / Math.max(1, notes.length))));
    layer.style.setProperty("--note-scale", scale.toFixed(2));
    reconcile(layer, notes, (n) => n.id, create, (el, note) => {
      const dots = counts.get(note.id);
      const t = dots && max ? dots / max : 0;
      el.dataset.note = note.id;
      el.dataset.dots = dots == null ? "" : String(dots);
      el.classList.toggle("hot", t > 0.55);
      el.classList.toggle("cold", !dots);
      el.classList.toggle("private", note.text == null);
      const decided = state.isDecision(note.id);
      el.classList.toggle("decided", decided);
      el.style.background = dots ? `rgb(${heatColor(t).join(",")})` : "";
      el.style.zIndex = dots ? String(1 + dots) : ""; // the hottest notes on top
      const [count, text] = el.children;
      count.hidden = dots == null;
      setText(count, dots == null ? "" : String(dots));
      setText(text, note.text ?? "•••");
      el.setAttribute("aria-label", `${decided ? "Decision: " : ""}${note.text ?? "private note"}: ${dots == null ? "dots hidden" : dots === 1 ? "1 dot" : `${dots} dots`}`);
      place(el, note.x, note.y);
    });
    const key = `${root.clientWidth}x${root.clientHeight}|${notes.map((n) => `${n.id}:${n.x}:${n.y}:${counts.get(n.id) || 0}`).join(",")}`;
    if (key !== densityKey) {
      densityKey = key;
      drawDensity(density, layer, counts, max);
    }
    return max;
  };
}

/** Blobs of heat around each voted note, coloured through the palette. */
function drawDensity(canvas, layer, counts, max) {
  const scale = 0.25; // a quarter resolution is plenty for a blur
  const width = Math.max(1, Math.round(layer.clientWidth * scale));
  const height = Math.max(1, Math.round(layer.clientHeight * scale));
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.clearRect(0, 0, width, height);
  if (!max) return;
  const radiusBase = Math.max(width, height) * 0.07;
  for (const el of layer.children) {
    const dots = counts.get(el.dataset.note);
    if (!dots) continue;
    const t = dots / max;
    const cx = (el.offsetLeft + el.offsetWidth / 2 - el.offsetWidth * parseFloat(el.style.left) / 100) * scale;
    const cy = (el.offsetTop + el.offsetHeight / 2 - el.offsetHeight * parseFloat(el.style.top) / 100) * scale;
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
