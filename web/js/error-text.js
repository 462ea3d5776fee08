// Errors as people read them: a sentence in the page's language, never a raw code ("not_now").
//
// The server sends every error as {code, message, reason, params} (docs/protocol.md): `reason` is a
// stable key, `params` the numbers and names in the sentence, `message` English for developers. The
// sentence is the catalog's `errors.<reason>` (the page asks for the "errors" section), else the one
// for its `code`, else a generic one.

import { t, words } from "./i18n.js";

/** "voting is not open" -> "Voting is not open." */
export function sentence(text) {
  const trimmed = String(text ?? "").trim();
  if (!trimmed) return "";
  const first = trimmed[0].toLocaleUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

/** The sentence for an error from the server, in the page's language. */
export function errorText(code, message, reason, params) {
  if (reason && words.has(`errors.${reason}`)) return t(`errors.${reason}`, params || {});
  if (code && words.has(`errors.${code}`)) return t(`errors.${code}`);
  if (words.has("errors.generic")) return t("errors.generic");
  // A page that did not load the "errors" section: the server's English, as a sentence.
  return sentence(message) || "That did not work. Try again.";
}

/** The sentence for an HTTP answer that is not ok: its JSON body ({code, message, reason, params}) or nothing. */
export function httpErrorText(body) {
  const error = body && typeof body === "object" ? body : {};
  return errorText(error.code, error.message, error.reason, error.params);
}
