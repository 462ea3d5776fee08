// Errors as people read them: a sentence, never a raw code ("not_now") or a lower-case fragment.

const BY_CODE = {
  bad_message: "Something went wrong between this page and the server. Reload the page.",
  frame_too_large: "That is too long to send.",
  forbidden: "You cannot do that here.",
  unauthorized: "This link is not valid for this board. Ask the facilitator for the right link.",
  rate_limited: "Too fast: wait a moment, it will be sent.",
  unavailable: "The server cannot save right now. It will try again.",
  budget_exceeded: "You have no dots left for that.",
  not_found: "That is no longer on the board.",
  not_now: "That is not possible right now.",
  invalid: "That was not accepted.",
};

/** "voting is not open" -> "Voting is not open." */
export function sentence(text) {
  const trimmed = String(text ?? "").trim();
  if (!trimmed) return "";
  const first = trimmed[0].toLocaleUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

/** The sentence for an error from the server: its own message made a sentence, else one for its code. */
export function errorText(code, message) {
  if (message && message !== code && !/^[a-z_]+$/.test(message)) return sentence(message);
  return BY_CODE[code] || "That did not work. Try again.";
}
