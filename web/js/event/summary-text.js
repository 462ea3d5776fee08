// Words for a metanet's summary, shared by the Lounge, the phone list, the console and
// the plenary. Pure functions over the summary objects the event socket sends.

import { formatSeconds, timeLeft } from "../clock.js";

const DOING = {
  write: "Writing ideas",
  group: "Grouping the notes",
  vote: "Voting with dots",
  results: "Looking at the results",
  discuss: "Discussing",
};

/** "2/5" (empty when the metanet has no agenda yet); `long`: "Phase 2 of 5". */
export function phaseCount(summary, long = false) {
  const phase = summary.phase;
  if (!phase || !phase.count || summary.archived) return "";
  return long ? `Phase ${phase.index + 1} of ${phase.count}` : `${phase.index + 1}/${phase.count}`;
}

/** The phase's own title, or what its kind means ("Voting with dots"). */
export function phaseTitle(summary) {
  if (summary.archived) return "Finished";
  const phase = summary.phase;
  return phase?.title || DOING[phase?.kind] || "Getting ready";
}

/** What the metanet is doing now, in a short sentence ("Voting with dots"). */
export function doingNow(summary) {
  if (summary.archived) return "This metanet has finished.";
  const phase = summary.phase;
  return phase?.hint || DOING[phase?.kind] || "";
}

export function peopleText(n) {
  if (!n) return "Nobody here yet: be the first";
  return n === 1 ? "1 person" : `${n} people`;
}

/** A group's name as a tile or nudge says it: "Government / member state" -> "Government". */
export function shortGroup(group) {
  return String(group).split(" / ")[0].trim() || String(group);
}

/** The stakeholder groups worth a nudge: short names, without the catch-all "Other". */
function nudgeGroups(missing) {
  return (missing || []).filter((g) => g.trim().toLowerCase() !== "other").map(shortGroup);
}

/**
 * The gentle nudge: "No Government voices yet", "No Government or Academia voices yet";
 * at most `max` groups named, then a count: "No Government, Academia or 2 other groups' voices yet"
 * (the phone names up to 3, a small Lounge tile 1). "" when nobody is here (the people
 * count says so) or no group is missing.
 */
export function missingText(missing, people = 1, max = 3) {
  const names = nudgeGroups(missing);
  if (!people || !names.length) return "";
  if (names.length === 1) return `No ${names[0]} voices yet`;
  if (names.length <= max) return `No ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]} voices yet`;
  const named = names.slice(0, Math.max(1, max - 1));
  const others = names.length - named.length;
  return `No ${named.join(", ")} or ${others} other ${others === 1 ? "group's" : "groups'"} voices yet`;
}

/** "Government 2 · NGO 1": counts by group (people, dots), largest first, groups with none left out. */
export function byGroupText(byGroup) {
  return countsByGroup(byGroup).map(([g, n]) => `${g} ${n}`).join(" · ");
}

/** [[short group name, n], ...], largest first, only groups with some. */
function countsByGroup(byGroup) {
  return Object.entries(byGroup || {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([g, n]) => [shortGroup(g), n]);
}

/**
 * The timer as text at server time `now`: {time: "4:59", state: "running" | "paused" | ..., label}
 * or null when this phase has no timer.
 */
export function timerText(timer, now) {
  if (!timer || (timer.status === "idle" && !timer.duration)) return null;
  const left = timer.status === "expired" ? 0 : timeLeft(timer, now);
  const label = { idle: "not started", running: "", paused: "paused", expired: "time is up" }[timer.status] ?? "";
  return { time: formatSeconds(left), status: timer.status, label, lastMinute: timer.status === "running" && left <= 60 };
}

export function votesText(n) {
  return n === 1 ? "1 dot" : `${n} dots`;
}
