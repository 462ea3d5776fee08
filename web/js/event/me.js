// Who I am at an event: name and stakeholder group, asked once per event and reused on
// every metanet I join there, and the metanet I went to last. Kept in this browser only.

import { load, save } from "../storage.js";

const key = (code) => `metanet:gathering:${String(code).toUpperCase()}:me`;
const boardKey = (board) => `metanet:board-event:${board}`;

/** {name, group, board?} or null before I said who I am at this event. */
export function loadMe(code) {
  const me = load(key(code));
  if (!me || typeof me.group !== "string" || !me.group) return null;
  return { name: typeof me.name === "string" ? me.name.slice(0, 40) : "", group: me.group, board: me.board || "" };
}

export function saveMe(code, fields) {
  save(key(code), { ...(loadMe(code) || {}), ...fields });
}

/** The event a board page was opened from (`?from=CODE`), remembered for reloads. */
export function eventOfBoard(board, search = location.search) {
  const from = new URLSearchParams(search).get("from");
  if (from && /^[A-Za-z0-9]{1,12}$/.test(from)) {
    save(boardKey(board), from.toUpperCase());
    return from.toUpperCase();
  }
  const stored = load(boardKey(board));
  return typeof stored === "string" ? stored : "";
}
