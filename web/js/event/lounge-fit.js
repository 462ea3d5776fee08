// How the Lounge's tiles share 1920x1080: columns, rows and type size by how many metanets
// there are, and a last pass that gives a tile's least important parts fewer lines (then
// none) rather than cut text.

/**
 * {cols, rows, font, qr, named, density} for `n` tiles (font: the tile's body text in px,
 * bigger with few tiles and never under 28; qr: the tile's QR code in px; named: how many
 * missing groups a tile names; density "roomy" | "medium" | "dense" sets how many lines
 * each part may take before the fit pass).
 */
export function layoutFor(n) {
  const count = Math.max(1, n);
  const cols = count <= 3 ? count : count === 4 ? 2 : count <= 6 ? 3 : count <= 8 ? 4 : count === 9 ? 3 : 4;
  const rows = Math.ceil(count / cols);
  const font = count <= 2 ? 44 : count === 3 ? 40 : count === 4 ? 36 : count <= 6 ? 34 : count <= 9 ? 30 : 28;
  const qr = count <= 2 ? 190 : count === 3 ? 150 : count <= 8 ? 120 : 96;
  const named = cols <= 2 ? 3 : count <= 9 ? 2 : 1;
  const density = count <= 6 ? "roomy" : count <= 9 ? "medium" : "dense";
  return { cols, rows, font, qr, named, density };
}

/** Step: the tile's nudge names one missing group ("No Government or 2 other groups' voices yet"). */
function shortNudge(tile) {
  const nudge = tile.querySelector(".tile-missing");
  if (nudge?.short) nudge.replaceChildren(...nudge.short.map((n) => (typeof n === "string" ? n : n.cloneNode(true))));
}

// While a tile's content is taller than the tile: a selector hides that part ("dropped"),
// a {property: lines} lowers how many lines that kind of part may take, a function shortens.
const TILE_STEPS = [
  ".tile-doing",
  { "--title-lines": 2 },
  { "--note-lines": 2 },
  ".tile-top li:nth-child(3)",
  { "--q-lines": 2 },
  ".tile-groups",
  shortNudge,
  ".tile-top li:nth-child(2)", // the best note readable rather than two cut to a word
  { "--q-lines": 1 },
  { "--note-lines": 1 },
  ".tile-question",
  ".tile-missing",
];

/** Show every line that fits; shorten or hide the expendable parts, in order, until the tile's content fits. */
export function fitTiles(container) {
  for (const tile of container.children) {
    const nudge = tile.querySelector(".tile-missing");
    if (nudge && nudge.clientHeight > 2.5 * parseFloat(getComputedStyle(nudge).lineHeight)) shortNudge(tile); // over two lines: the short one
    fitBox(tile, TILE_STEPS);
    // What the metanet does now is a sentence: left out rather than cut by its lines (a long hint, longer words).
    const doing = tile.querySelector(".tile-doing:not(.dropped)");
    if (doing && doing.scrollHeight > doing.clientHeight + 1) doing.classList.add("dropped");
  }
}

/** Whether `box`'s content fits it (no taller or wider content than the box shows). */
export const fits = (box) => box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;

/**
 * Undo the last fit, then apply `steps` in turn while `box`'s content is taller (or wider)
 * than the box: a selector string hides (class "dropped") the first element matching it;
 * {class: name} adds that class to `box`; any other object of CSS custom properties lowers
 * each on `box` (only ever lowers: a step never gives a part more lines than the page's
 * CSS does); a function changes `box` itself (its caller restores what it changed before
 * the next fit). Then the steps the last one made unnecessary are given back, latest
 * first, while the content still fits. The page's CSS must say `.dropped { display: none }`
 * inside `box` and read the properties and classes.
 */
export function fitBox(box, steps) {
  for (const el of box.querySelectorAll(".dropped")) el.classList.remove("dropped");
  for (const undo of box.dataset.fitted?.split(" ").filter(Boolean) || []) {
    if (undo.startsWith("--")) box.style.removeProperty(undo);
    else box.classList.remove(undo);
  }
  const touched = new Set();
  const applied = [];
  for (const step of steps) {
    if (fits(box)) break;
    const action = apply(box, step, touched);
    if (action) applied.push(action);
  }
  for (const action of applied.slice(0, -1).reverse()) {
    if (action.undo() && !fits(box)) action.redo();
  }
  box.dataset.fitted = [...touched].join(" ");
}

/**
 * Apply one step (see fitBox): {undo, redo} for those that can be given back, else null.
 * `undo()` says whether it changed anything (not when a later step changed the same thing).
 */
function apply(box, step, touched) {
  const both = (redo, undo) => {
    redo();
    return { redo, undo };
  };
  if (typeof step === "function") {
    step(box);
    return null;
  }
  if (typeof step === "string") {
    const el = box.querySelector(`${step}:not(.dropped)`);
    return el ? both(() => el.classList.add("dropped"), () => !el.classList.remove("dropped")) : null;
  }
  if (step.class) {
    touched.add(step.class);
    return both(() => box.classList.add(step.class), () => !box.classList.remove(step.class));
  }
  const before = {};
  const after = {};
  for (const [name, lines] of Object.entries(step)) {
    if (parseFloat(getComputedStyle(box).getPropertyValue(name)) <= lines) continue;
    before[name] = box.style.getPropertyValue(name);
    after[name] = String(lines);
    touched.add(name);
  }
  const set = (values) => {
    for (const [name, value] of Object.entries(values)) box.style.setProperty(name, value);
  };
  const mine = () => Object.entries(after).every(([name, value]) => box.style.getPropertyValue(name) === value);
  return Object.keys(after).length ? both(() => set(after), () => mine() && (set(before), true)) : null;
}

/**
 * Make `el`'s text fit its width on one line: from `max` px down to `min` px (below that it
 * may wrap where the markup allows, e.g. after a <wbr>).
 */
export function shrinkToFit(el, max, min) {
  let size = max;
  el.style.fontSize = `${size}px`;
  while (size > min && el.scrollWidth > el.clientWidth + 1) {
    size -= 2;
    el.style.fontSize = `${size}px`;
  }
}

/**
 * The Lounge is laid out for 1920x1080 (body text 28 px there). Another screen -- a 720p
 * projector, a laptop -- shows the same layout scaled: the body gets the size the screen
 * has in 1920x1080 units and is zoomed by the factor, so nothing reflows into a cramped grid.
 */
export function scaleToScreen(body = document.body) {
  const scale = Math.min(innerWidth / 1920, innerHeight / 1080);
  if (Math.abs(scale - 1) < 0.01) {
    body.style.removeProperty("zoom");
    body.style.removeProperty("width");
    body.style.removeProperty("height");
    return;
  }
  body.style.zoom = String(scale);
  body.style.width = `${innerWidth / scale}px`;
  body.style.height = `${innerHeight / scale}px`;
}
