// What each phase is for, in words for the people in the room.

const GUIDANCE = {
  write: "Write your ideas, one per note. Notes stay private until the facilitator reveals them.",
  group: "Read everyone's notes and add what is missing. Similar notes are being grouped.",
  vote: "Place your dots on the notes that matter most. You can take a dot back while voting is open.",
  results: "The results: notes ranked by the dots they received.",
  discuss: "Discussion. You can still add notes.",
};

// What a phone can do where the phase's hint speaks to whoever moves notes (the facilitator):
// phones read this instead, so nobody is told to do what their screen cannot.
const ON_A_PHONE = {
  group: "Read everyone's notes and add what is missing. The facilitator groups similar notes on the big screen.",
};

/** What to do now: the phase's own hint, or a sentence for its kind; phones get their own where it differs. */
export function guidance(state, role = "") {
  if (role === "participant" && ON_A_PHONE[state.phaseKind]) return ON_A_PHONE[state.phaseKind];
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
export function phaseAnnouncement(state, role = "") {
  const closed = state.board.phase_closed ? " This phase is closed." : "";
  return `${phaseLabel(state)}. ${guidance(state, role)}${closed}`;
}

export const COLORS = ["yellow", "pink", "blue", "green", "orange", "purple"];

export function dotsWord(n) {
  return n === 1 ? "1 dot" : `${n} dots`;
}
