// Where the stakeholder groups agree, computed from the tallies a page already has.
// The rules are server/domain/results.py::agreement (docs/report.md, "Where the groups
// agree"), line for line; tests/web/test_agreement.py checks both give the same answer.

export const TOP = 3;
const EMPTY = { total: 0, by_group: {} };

/**
 * The tallies an outcome report counts: notes that are neither hidden nor private, in the
 * board's order, with a zero tally for notes without dots. `{}` while tallies are hidden.
 */
export function reportTallies(state) {
  const out = {};
  if (!state.tallies) return out;
  const notes = [...state.notes.values()].filter((n) => !n.hidden && !n.private && n.text != null);
  notes.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  for (const note of notes) out[note.id] = state.tallies[note.id] || EMPTY;
  return out;
}

/** The board's groups, then any other group that has dots (sorted), as the server orders them. */
export function groupOrder(groups, tallies) {
  const known = new Set(groups);
  const extra = new Set();
  for (const t of Object.values(tallies)) for (const g of Object.keys(t.by_group)) if (!known.has(g)) extra.add(g);
  return [...groups, ...[...extra].sort()];
}

function dotsByGroup(tallies) {
  const out = {};
  for (const t of Object.values(tallies)) {
    for (const [group, dots] of Object.entries(t.by_group)) out[group] = (out[group] || 0) + dots;
  }
  return out;
}

/** The notes in a group's top `top`: fewer than `top` notes got more of its dots, and it gave at least one. */
function groupTop(tallies, group, top) {
  const mine = Object.entries(tallies).map(([id, t]) => [id, t.by_group[group] || 0]).filter(([, n]) => n > 0);
  // Fewer than `top` notes have more dots exactly when a note has at least the top-th most.
  const counts = mine.map(([, n]) => n).sort((a, b) => b - a);
  const floor = counts.length >= top ? counts[top - 1] : 0;
  return new Set(mine.filter(([, n]) => n >= floor).map(([id]) => id));
}

/**
 * {top, voting_groups, notes: {id: {status, groups, top_in}}, common_ground, single_group, shared}
 * status: "common_ground" | "single_group" | "shared" | "none".
 */
export function agreement(tallies, groups = [], top = TOP) {
  const spent = dotsByGroup(tallies);
  const voting = groupOrder(groups, tallies).filter((g) => (spent[g] || 0) > 0);
  const tops = new Map(voting.map((g) => [g, groupTop(tallies, g, top)]));
  const notes = {};
  for (const [id, t] of Object.entries(tallies)) {
    const supporters = voting.filter((g) => (t.by_group[g] || 0) > 0);
    const topIn = voting.filter((g) => tops.get(g).has(id));
    let status;
    if (!supporters.length) status = "none";
    else if (supporters.length === 1) status = "single_group";
    else if (voting.length >= 2 && topIn.length === voting.length) status = "common_ground";
    else status = "shared";
    notes[id] = { status, groups: supporters, top_in: topIn };
  }
  const having = (status) => Object.keys(notes).filter((id) => notes[id].status === status);
  return {
    top,
    voting_groups: voting,
    notes,
    common_ground: having("common_ground"),
    single_group: having("single_group"),
    shared: having("shared"),
  };
}
