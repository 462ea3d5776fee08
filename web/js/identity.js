// Who this browser is on a board: a random token kept per board, and the board id from the URL.

import { load, save } from "./storage.js";

export function randomHex(bytes) {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The board id in /b/{id}, /b/{id}/facilitate, /b/{id}/projector. */
export function boardIdFromPath(path = location.pathname) {
  const match = /^\/b\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * This device's token for a board (created on first visit). The server derives the
 * participant id -- and so the dot budget -- from it: a reload keeps both.
 * `kind` separates the facilitator's and projector's tokens from the participant's.
 */
export function deviceToken(board, kind = "participant") {
  const key = `metanet:${kind}-token:${board}`;
  let token = load(key);
  if (typeof token !== "string" || token.length < 16 || token.length > 128) {
    token = randomHex(16);
    save(key, token);
  }
  return token;
}
