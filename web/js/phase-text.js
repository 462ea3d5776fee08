// What each phase is for, in words for the people in the room, in the reader's language.
// Every function takes an optional Words (i18n.js): the page's own by default, or a second
// language's (the projector shows two). The keys live in the catalog's section `common`.

import { words } from "./i18n.js";

/** A phase's title in `lang`: its template's translation when it has one, else as typed. */
export function phaseTitle(phase, lang = words.code) {
  return phase?.i18n?.[lang]?.title || phase?.title || "";
}

/** A phase's hint in `lang` (see phaseTitle); "" when it has none. */
export function phaseHint(phase, lang = words.code) {
  return phase?.i18n?.[lang]?.hint || phase?.hint || "";
}

const KINDS = new Set(["write", "group", "vote", "results", "discuss"]);

// What a phone can do where the phase's hint speaks to whoever moves notes (the facilitator):
// phones read this instead, so nobody is told to do what their screen cannot.
const ON_A_PHONE = new Set(["group"]);

/**
 * What to do now, and whose words those are: `own` when it is the phase's own hint (typed by the
 * facilitator or from a template: people's words, shown with dir="auto"), else a sentence for its
 * kind from the catalog. Phones get their own sentence where a phone cannot do what the hint says.
 */
export function guidanceOf(state, role = "", w = words) {
  const kind = KINDS.has(state.phaseKind) ? state.phaseKind : "discuss";
  if (role === "participant" && ON_A_PHONE.has(kind)) return { text: w.t(`common.guide_${kind}_phone`), own: false };
  const hint = phaseHint(state.phase, w.code);
  if (hint) return { text: hint, own: true };
  return { text: w.t(`common.guide_${kind}`), own: false };
}

/** What to do now (see guidanceOf), as text. */
export function guidance(state, role = "", w = words) {
  return guidanceOf(state, role, w).text;
}

/** "Phase 2 of 4: Group similar notes" */
export function phaseLabel(state, w = words) {
  const phase = state.phase;
  if (!phase) return "";
  return w.t("common.phase_label", {
    number: state.board.phase_index + 1,
    total: state.board.phases.length,
    title: phaseTitle(phase, w.code),
  });
}

/** The same, as nodes: the phase's title in a <bdi> (it may be in another script). */
export function phaseLabelNodes(state, w = words) {
  const phase = state.phase;
  if (!phase) return [];
  return w.nodes("common.phase_label", {
    number: state.board.phase_index + 1,
    total: state.board.phases.length,
    title: phaseTitle(phase, w.code),
  });
}

/** What a screen reader hears when the phase changes. */
export function phaseAnnouncement(state, role = "", w = words) {
  const key = state.board.phase_closed ? "common.phase_announcement_closed" : "common.phase_announcement";
  return w.t(key, { label: phaseLabel(state, w), guidance: guidance(state, role, w) });
}

export const COLORS = ["yellow", "pink", "blue", "green", "orange", "purple"];

/** A note colour's name ("yellow"), for its swatch. */
export function colorName(color, w = words) {
  return COLORS.includes(color) ? w.t(`common.color_${color}`) : color;
}

// The group the server gives a facilitator's own notes and dots (server/domain/notes.py).
const FACILITATOR = "Facilitator";

/**
 * A stakeholder group's name as shown: as the board spells it (people's words), except the
 * server's own "Facilitator" (for notes and dots of a facilitator who never joined a group),
 * which is said in the reader's language unless the board has a group of that name.
 */
export function groupName(group, groups = [], w = words) {
  return group === FACILITATOR && !groups.includes(group) ? w.t("common.facilitator_group") : group;
}

/** Whether groupName() is the catalog's word (not people's words, which need dir="auto"). */
export function isFacilitatorGroup(group, groups = []) {
  return group === FACILITATOR && !groups.includes(group);
}

/** 1 -> "1 dot", 3 -> "3 dots" (each language's plural forms). */
export function dotsWord(n, w = words) {
  return w.t("common.dots", { count: n });
}
