// What each phase is for, in words for the people in the room.

const GUIDANCE = {
  write: "Write your ideas, one per note. Notes stay private until the facilitator reveals them.",
  group: "Read everyone's notes and add what is missing. Similar notes are being grouped.",
  vote: "Place your dots on the notes that matter most. You can take a dot back while voting is open.",
  results: "The results: notes ranked by the dots they received.",
  discuss: "Discussion. You can still add notes.",
};

/** What to do now: the phase's own hint, or a sentence for its kind. */
export function guidance(state) {
  const phase = state.phase;
  return phase?.hint || GUIDANCE[state.phaseKind] || GUIDANCE.discuss;
}

/** "Phase 2 of 4: Group similar notes" */
export function phaseLabel(state) {
  const phase = state.phase;
  if (!phase) return "";
  return `Phase ${state.board.phase_index + 1} of ${state.board.phases.length}: ${phase.title}`;
}

/** What a screen reader hears when the phase changes. */
export function phaseAnnouncement(state) {
  const closed = state.board.phase_closed ? " This phase is closed." : "";
  return `${phaseLabel(state)}. ${guidance(state)}${closed}`;
}

export const COLORS = ["yellow", "pink", "blue", "green", "orange", "purple"];

export function dotsWord(n) {
  return n === 1 ? "1 dot" : `${n} dots`;
}
