// Agreement across the event, from the metanets' summaries: the priorities every
// stakeholder group supported, and those only one group carried. A summary's decisions and
// top notes carry their dots by group once that metanet's votes are revealed; a metanet's
// voting groups are those with dots on any of them.

function supporters(item) {
  return Object.entries(item.by_group || {}).filter(([, n]) => n > 0).map(([g]) => g);
}

/** A metanet's decisions, then its top notes not decided, each once. */
function priorities(summary) {
  const seen = new Set();
  const out = [];
  for (const item of [...(summary.decisions || []), ...(summary.top || [])]) {
    const key = item.id || item.text;
    if (!item.by_group || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/**
 * {common: [{text, metanet, groups}], single: [{text, metanet, groups, group}]} over every
 * metanet, in the order of the metanets, then of their decisions and top notes.
 */
export function acrossEvent(summaries) {
  const common = [];
  const single = [];
  for (const summary of summaries) {
    const items = priorities(summary);
    const voting = new Set(items.flatMap(supporters));
    for (const item of items) {
      const groups = supporters(item);
      const entry = { text: item.text, metanet: summary.title, groups };
      if (groups.length === 1) single.push({ ...entry, group: groups[0] });
      else if (voting.size >= 2 && groups.length === voting.size) common.push(entry);
    }
  }
  return { common, single };
}
