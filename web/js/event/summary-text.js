// Words for a metanet's summary, shared by the Lounge, the phone list, the console and
// the plenary, in the page's language. Functions over the summary objects the event socket
// sends; where people's words (group names) sit in a sentence they come back as nodes, each
// name in a <bdi> so that a name in another script keeps its order.

import { formatSeconds, timeLeft } from "../clock.js";
import { h } from "../dom.js";
import { t, words } from "../i18n.js";
import { groupName, phaseHint, phaseTitle as titleOf } from "../phase-text.js";

const DOING = ["write", "group", "vote", "results", "discuss"];

/** `t(key, params)` as nodes: a string parameter in a <bdi>, one given as nodes put in as it is. */
export function phrase(key, params = {}) {
  const slots = {};
  const parts = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number") slots[name] = value;
    else {
      slots[name] = `\u0000${parts.length}\u0000`;
      parts.push(value);
    }
  }
  return t(key, slots).split(/\u0000(\d+)\u0000/).flatMap((part, i) => {
    if (i % 2 === 0) return part ? [part] : [];
    const value = parts[Number(part)];
    return Array.isArray(value) ? value : [h("bdi", { dir: "auto", text: String(value) })];
  });
}

/**
 * A list as the language writes it ("A, B or C", "A، B أو C"), as nodes: each name (a string)
 * in a <bdi>, an item given as {text} (the page's own words) as plain text. `plain`: names one
 * after the other without "and" where the language allows ("A, B, C", "A、B、C").
 */
export function listNodes(items, type = "conjunction", plain = false) {
  const texts = items.map((item) => (typeof item === "string" ? item : item.text));
  let index = 0;
  return new Intl.ListFormat(words.locale, { style: plain ? "narrow" : "long", type }).formatToParts(texts).map((part) => {
    if (part.type !== "element") return part.value;
    const item = items[index++];
    return typeof item === "string" ? h("bdi", { dir: "auto", text: item }) : item.text;
  });
}

/** Put `nodes` into `el`, only when its text changed (keeps screen readers and layout quiet). */
export function setNodes(el, nodes) {
  const text = nodes.map((n) => (typeof n === "string" ? n : n.textContent)).join("");
  if (el.textContent !== text) el.replaceChildren(...nodes);
}

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
  if (names.length <= max) return phrase("event.missing", { groups: listNodes(names, "disjunction") });
  const named = names.slice(0, Math.max(1, max - 1));
  const others = { text: t("event.other_groups", { count: names.length - named.length }) };
  return phrase("event.missing", { groups: listNodes([...named, others], "disjunction") });
}

/**
 * "Government 2 · NGO 1" as nodes: counts by group (people, dots), largest first, groups with none
 * left out; `groups` (the board's) tells a group named "Facilitator" from the server's own.
 */
export function byGroupNodes(byGroup, groups = []) {
  return countsByGroup(byGroup, groups).flatMap(([group, count], i) => [...(i ? [" · "] : []), ...phrase("event.by_group_count", { group, count })]);
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
