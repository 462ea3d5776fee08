// Where a note sits on a board canvas. x and y (0..1) place the note inside the canvas:
// 0 touches the left/top edge, 1 the right/bottom edge, so no note hangs outside,
// whatever the screen and note sizes.

export function place(el, x, y) {
  const left = `${(x * 100).toFixed(3)}%`;
  const top = `${(y * 100).toFixed(3)}%`;
  if (el.style.left !== left) el.style.left = left;
  if (el.style.top !== top) el.style.top = top;
  const shift = `translate(${(-x * 100).toFixed(3)}%, ${(-y * 100).toFixed(3)}%)`;
  if (el.style.transform !== shift) el.style.transform = shift;
}

/** The x, y that put a note of size w x h with its top-left corner at (left, top) in the canvas. */
export function position(canvasRect, w, h, left, top) {
  const clamp = (v) => Math.min(1, Math.max(0, v));
  const freeW = canvasRect.width - w;
  const freeH = canvasRect.height - h;
  return {
    x: freeW > 0 ? clamp(left / freeW) : 0,
    y: freeH > 0 ? clamp(top / freeH) : 0,
  };
}
