// Making a board from the start page: POST /api/boards (new, or a new session from an
// old board) or /api/boards/import, then remember it with its secret and open its console.

import { rememberBoard } from "./boards-list.js";
import { httpErrorText } from "./error-text.js";
import { t } from "./i18n.js";

/** A refusal from the server: its wire error ({code, message, reason?, params?}) and HTTP status. */
export class Refused extends Error {
  constructor(wire, status) {
    super(wire.message || `HTTP ${status}`);
    this.wire = wire;
    this.status = status;
  }
}

/**
 * POST `body` (an object, or a string sent as it is) as JSON; resolves with the JSON answer, throws
 * Refused when the server says no (or a TypeError when it cannot be reached).
 */
export async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const result = await response.json().catch(() => ({}));
  if (!response.ok) throw new Refused(result.error && typeof result.error === "object" ? result.error : result, response.status);
  return result;
}

/** Why a POST failed, as a sentence in the page's language. */
export function whyRefused(err) {
  if (err instanceof Refused) return httpErrorText(err.wire);
  return t("home.no_connection");
}

/** Keep the new board (and its secret) in this browser's list, then go to its console. */
export function openConsole(result, title) {
  rememberBoard({ id: result.board, code: result.code, secret: result.secret, title });
  location.assign(`/b/${encodeURIComponent(result.board)}/facilitate#${result.secret}`);
}

async function sha256hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A remembered board's export key: the one its console stored, or derived from its secret
 * as the server does (docs/report.md) where the browser offers crypto.subtle (https or
 * localhost). "" when neither is possible.
 */
export async function exportKeyOf(entry) {
  if (entry.exportKey) return entry.exportKey;
  if (!entry.secret || !globalThis.crypto?.subtle) return "";
  return sha256hex(`metanet-export:${await sha256hex(entry.secret)}`);
}
