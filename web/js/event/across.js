// Agreement across the event, from the metanets' summaries: the priorities every
// stakeholder group supported, and those only one group carried (once votes are revealed).

/** The groups that gave a note dots: its own list, or those with a count in by_group. */
function supporters(item) {
  if (Array.isArray(item.groups)) return item.groups;
  return Object.entries(item.by_group || {}).filter(([, n]) => n > 0).map(([g]) => g);
}

/** A note's standing: the server's word (results.agreement) when given, else from its supporters. */
function statusOf(item, votingGroups) {
  if (item.status) return item.status;
  const groups = supporters(item);
  if (groups.length === 1) return "single_group";
  if (votingGroups.length >= 2 && votingGroups.every((g) => groups.includes(g))) return "common_ground";
  return groups.length ? "shared" : "none";
}

/**
 * {common: [{text, metanet, groups}], single: [{text, metanet, group}]} over every metanet,
 * each list in the order of the metanets, then of their notes.
 */
export function acrossEvent(summaries) {
  const common = [];
  const single = [];
  for (const summary of summaries) {
    const items = summary.agreement || [];
    const voting = [...new Set(items.flatMap(supporters))];
    for (const item of items) {
      const status = statusOf(item, voting);
      const entry = { text: item.text, metanet: summary.title, groups: supporters(item) };
      if (status === "common_ground") common.push(entry);
      else if (status === "single_group") single.push({ ...entry, group: entry.groups[0] || "" });
    }
  }
  return { common, single };
}
