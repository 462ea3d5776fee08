// Words for a metanet's summary, shared by the Lounge, the phone list, the console and
// the plenary, in the page's language. Functions over the summary objects the event socket
// sends; where people's words (group names) sit in a sentence they come back as nodes, each
// name in a <bdi> so that a name in another script keeps its order.

import { formatSeconds, timeLeft } from "../clock.js";
import { t, tn, words } from "../i18n.js";
import { groupName, phaseHint, phaseTitle as titleOf } from "../phase-text.js";

const DOING = ["write", "group", "vote", "results", "discuss"];

/** "2/5" (empty when the metanet has no agenda yet); `long`: "Phase 2 of 5". */
export function phaseCount(summary, long = false) {
  const phase = summary.phase;
  if (!phase || !phase.count || summary.archived) return "";
  return t(long ? "event.phase_of" : "event.phase_short", { index: phase.index + 1, count: phase.count });
}

/** What a kind of phase means ("Voting with dots"). */
function doing(kind) {
  return DOING.includes(kind) ? t(`event.doing_${kind}`) : "";
}

/** The phase's own title (in the page's language when the template gave one), or what its kind means. */
export function phaseTitle(summary) {
  if (summary.archived) return t("event.finished");
  const phase = summary.phase;
  return titleOf(phase) || doing(phase?.kind) || t("event.getting_ready");
}

/** What the metanet is doing now, in a short sentence ("Voting with dots"). */
export function doingNow(summary) {
  if (summary.archived) return t("event.metanet_finished");
  const phase = summary.phase;
  return phaseHint(phase) || doing(phase?.kind);
}

/** "3 people"; nobody: an invitation, or on a finished metanet (`finished`) just "Nobody here". */
export function peopleText(n, finished = false) {
  if (!n) return t(finished ? "event.nobody_here" : "event.nobody_yet");
  return t("event.people", { count: n });
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
 * The gentle nudge, as nodes: "No Government voices yet", "No Government or Academia voices yet";
 * at most `max` groups named, then a count: "No Government, Academia, or 2 other groups' voices yet"
 * (the phone names up to 3, a small Lounge tile 1). [] when nobody is here (the people
 * count says so) or no group is missing.
 */
export function missingNodes(missing, people = 1, max = 3) {
  const names = nudgeGroups(missing);
  if (!people || !names.length) return [];
  if (names.length <= max) return tn("event.missing", { groups: words.listNodes(names, "disjunction") });
  const named = names.slice(0, Math.max(1, max - 1));
  const others = { text: t("event.other_groups", { count: names.length - named.length }) };
  return tn("event.missing", { groups: words.listNodes([...named, others], "disjunction") });
}

/**
 * "Government 2 · NGO 1" as nodes: counts by group (people, dots), largest first, groups with none
 * left out; `groups` (the board's) tells a group named "Facilitator" from the server's own.
 */
export function byGroupNodes(byGroup, groups = []) {
  return countsByGroup(byGroup, groups).flatMap(([group, count], i) => [...(i ? [" · "] : []), ...tn("event.by_group_count", { group, count })]);
}

/** [[short group name, n], ...], largest first, only groups with some. */
function countsByGroup(byGroup, groups) {
  return Object.entries(byGroup || {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([g, n]) => [shortGroup(groupName(g, groups)), n]);
}

const TIMER_LABELS = { idle: "event.timer_not_started", paused: "event.timer_paused", expired: "event.timer_up" };

/**
 * The timer as text at server time `now`: {time: "4:59", state: "running" | "paused" | ..., label}
 * or null when this phase has no timer.
 */
export function timerText(timer, now) {
  if (!timer || (timer.status === "idle" && !timer.duration)) return null;
  const left = timer.status === "expired" ? 0 : timeLeft(timer, now);
  const label = TIMER_LABELS[timer.status] ? t(TIMER_LABELS[timer.status]) : "";
  return { time: formatSeconds(left), status: timer.status, label, lastMinute: timer.status === "running" && left <= 60 };
}

/** The timer in one line: "4:59 left", "4:59 paused". */
export function timerLine(timer) {
  return timer.label ? t("event.timer_state", { time: timer.time, state: timer.label }) : t("event.timer_left", { time: timer.time });
}

export function votesText(n) {
  return t("event.dots", { count: n });
}
