// Where each note sits on the projector: a grid of equal cells, one note per cell, so no
// two notes ever overlap. A note takes the free cell nearest to where it was put (x, y in
// 0..1), so the facilitator's arrangement survives where there is room. A cluster takes a
// block of cells near its notes: its title in the first cell, its notes in the others,
// drawn as one titled frame. Pure: numbers in, numbers out (no DOM).

const MAX_FONT = 48; // px, a handful of notes
const MIN_LINES = 2; // lines of text per note before a smaller font is tried
const WANTED_CHARS = 60; // shown of a note before the ellipsis, when there is room

/** The smallest text the room may get for `count` notes (px): 32 up to 30 notes, 20 up to 120. */
export function minFont(count) {
  if (count <= 30) return 32;
  if (count <= 120) return 20;
  return 14;
}

/** The largest text worth trying: big for a few notes, 32 px from about 30. */
export function maxFont(count) {
  if (count <= 30) return Math.max(32, Math.round(MAX_FONT - (count * 16) / 30));
  return 32;
}

/**
 * notes: [{id, x, y, cluster}] in a stable order (the oldest first);
 * clusters: [{id, name}]; width, height: the area in px.
 * Returns {font, lines, gap, notes: Map(id -> box), frames: [{id, name, box, title}]}
 * where a box is {left, top, width, height} in px.
 */
export function layoutNotes(notes, clusters, width, height, sizes = null) {
  const members = new Map();
  for (const note of notes) {
    if (note.cluster != null && clusters.some((c) => c.id === note.cluster)) {
      if (!members.has(note.cluster)) members.set(note.cluster, []);
      members.get(note.cluster).push(note);
    }
  }
  const blocks = clusters.filter((c) => members.has(c.id)).map((c) => ({ ...c, notes: members.get(c.id) }));
  const loose = notes.filter((n) => !members.has(n.cluster));
  const count = notes.length;
  // Enough room for a typical note (the median length, at most WANTED_CHARS) at the largest
  // text that gives it; failing that, the layout that shows the most of each note.
  const target = Math.min(WANTED_CHARS, median(notes.map((n) => (n.text ?? "•••").length)));
  let best = null;
  // `sizes` ({max, min} px) for a screen read up close (the console); the room's rules otherwise.
  const top = sizes ? sizes.max : maxFont(count);
  const bottom = sizes ? sizes.min : minFont(count);
  for (let font = top; font >= bottom; font--) {
    for (let lines = count <= 20 ? 4 : 3; lines >= MIN_LINES; lines--) {
      const grid = gridFor(font, lines, width, height);
      if (grid.cols * grid.rows < count + blocks.length) continue;
      // Bold text runs about 0.6 em a character, and wrapping at word ends loses some of each line.
      const chars = Math.floor((grid.noteW - font * 0.7) / (font * 0.6)) * lines * 0.85;
      if (best && chars <= best.chars) continue;
      const placed = placeAll(grid, blocks, loose);
      if (!placed) continue;
      if (chars >= target) return placed;
      best = { chars, placed };
    }
  }
  if (best) return best.placed;
  for (let font = top; font >= 10; font--) {
    const grid = gridFor(font, 1, width, height);
    if (grid.cols * grid.rows < count + blocks.length) continue;
    const placed = placeAll(grid, blocks, loose);
    if (placed) return placed;
  }
  // More notes than fit even at 10 px: extend the grid downwards (the rest is cut off).
  const grid = gridFor(10, 1, width, height);
  grid.rows = Math.ceil((count + blocks.length * 4) / grid.cols) + 1;
  return placeAll(grid, blocks, loose);
}

function gridFor(font, lines, width, height) {
  const gap = Math.max(6, Math.round(font * 0.4));
  // Wide enough for a long word (about 13 bold characters) at large sizes; a little narrower when small.
  const noteW = font * (font >= 28 ? 8 : 6.5);
  const noteH = Math.ceil(lines * font * 1.2 + font * 0.5 + 4); // text, padding, border
  const cols = Math.max(1, Math.floor((width + gap) / (noteW + gap)));
  const rows = Math.max(1, Math.floor((height + gap) / (noteH + gap)));
  const pitchX = (width + gap) / cols;
  const pitchY = Math.min((height + gap) / rows, (noteH + gap) * 1.6);
  return { font, lines, gap, cols, rows, pitchX, pitchY, noteW: pitchX - gap, noteH };
}

function placeAll(grid, blocks, loose) {
  const { cols, rows } = grid;
  const taken = new Uint8Array(cols * rows);
  const notes = new Map();
  const frames = [];
  const cellBox = (c, r) => ({ left: c * grid.pitchX, top: r * grid.pitchY, width: grid.noteW, height: grid.noteH });
  // The biggest clusters first: they are the hardest to fit.
  const ordered = [...blocks].sort((a, b) => b.notes.length - a.notes.length);
  for (const block of ordered) {
    const cells = block.notes.length + 1;
    let bw = Math.min(cols, Math.ceil(Math.sqrt(cells * 1.5)));
    let bh = Math.ceil(cells / bw);
    if (bh > rows) {
      bw = Math.min(cols, Math.ceil(cells / rows));
      bh = Math.ceil(cells / bw);
    }
    const mx = mean(block.notes.map((n) => n.x ?? 0.5));
    const my = mean(block.notes.map((n) => n.y ?? 0.5));
    const want = { c: mx * (cols - bw), r: my * (rows - bh) };
    const spot = freeRect(taken, cols, rows, bw, bh, want);
    if (!spot) return null;
    for (let r = 0; r < bh; r++) for (let c = 0; c < bw; c++) taken[(spot.r + r) * cols + spot.c + c] = 1;
    block.notes.forEach((note, i) => {
      const k = i + 1; // cell 0 holds the title
      notes.set(note.id, cellBox(spot.c + (k % bw), spot.r + Math.floor(k / bw)));
    });
    const half = grid.gap / 2;
    const lastRow = spot.r + bh - 1;
    frames.push({
      id: block.id,
      name: block.name,
      count: block.notes.length,
      title: cellBox(spot.c, spot.r),
      box: {
        left: spot.c * grid.pitchX - half,
        top: spot.r * grid.pitchY - half,
        width: bw * grid.pitchX,
        height: lastRow * grid.pitchY + grid.noteH + half - (spot.r * grid.pitchY - half),
      },
    });
  }
  for (const note of loose) {
    const want = { c: (note.x ?? 0.5) * (cols - 1), r: (note.y ?? 0.5) * (rows - 1) };
    const spot = freeRect(taken, cols, rows, 1, 1, want);
    if (!spot) return null;
    taken[spot.r * cols + spot.c] = 1;
    notes.set(note.id, cellBox(spot.c, spot.r));
  }
  return { font: grid.font, lines: grid.lines, gap: grid.gap, notes, frames };
}

/** The free bw x bh rectangle of cells whose top-left is nearest to `want` ({c, r}, fractional). */
function freeRect(taken, cols, rows, bw, bh, want) {
  let best = null;
  let bestDistance = Infinity;
  for (let r = 0; r + bh <= rows; r++) {
    for (let c = 0; c + bw <= cols; c++) {
      const distance = (c - want.c) ** 2 + (r - want.r) ** 2;
      if (distance >= bestDistance || !isFree(taken, cols, c, r, bw, bh)) continue;
      best = { c, r };
      bestDistance = distance;
    }
  }
  return best;
}

function isFree(taken, cols, c0, r0, bw, bh) {
  for (let r = r0; r < r0 + bh; r++) for (let c = c0; c < c0 + bw; c++) if (taken[r * cols + c]) return false;
  return true;
}

function median(values) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mean(values) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0.5;
}
