// How the Lounge's tiles share 1920x1080: columns, rows and type size by how many metanets
// there are, and a last pass that drops a tile's least important lines rather than cut text.

/**
 * {cols, rows, font, density} for `n` tiles (font: the tile's body text in px, never under
 * 28; density "roomy" | "medium" | "dense" sets how many lines each part may take).
 */
export function layoutFor(n) {
  const count = Math.max(1, n);
  const cols = count <= 3 ? count : count === 4 ? 2 : count <= 6 ? 3 : count <= 8 ? 4 : count === 9 ? 3 : 4;
  const rows = Math.ceil(count / cols);
  const font = count <= 3 ? 40 : count <= 4 ? 36 : count <= 6 ? 34 : count <= 9 ? 30 : 28;
  const density = count <= 6 ? "roomy" : count <= 9 ? "medium" : "dense";
  return { cols, rows, font, density };
}

// Dropped in this order while a tile's content is taller than the tile.
const EXPENDABLE = [".tile-doing", ".tile-question", ".tile-groups", ".tile-top li:nth-child(3)", ".tile-top li:nth-child(2)"];

/** Show every line that fits; hide the expendable ones, in order, until the tile's content fits. */
export function fitTiles(container) {
  for (const tile of container.children) fitBox(tile, EXPENDABLE);
}

/**
 * Hide (class "dropped") the first element matching each selector in turn while `box`'s
 * content is taller than the box; everything is shown again first. The page's CSS must
 * say `.dropped { display: none }` inside `box`.
 */
export function fitBox(box, selectors) {
  for (const el of box.querySelectorAll(".dropped")) el.classList.remove("dropped");
  for (const selector of selectors) {
    if (box.scrollHeight <= box.clientHeight + 1) break;
    box.querySelector(selector)?.classList.add("dropped");
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
