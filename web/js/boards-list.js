// The facilitator's own boards, remembered in this browser (with their secrets, never sent elsewhere).

import { load, save } from "./storage.js";

const KEY = "metanet:my-boards";
const MAX = 50;

export function listBoards() {
  const boards = load(KEY, []);
  return Array.isArray(boards) ? boards.filter((b) => b && typeof b.id === "string") : [];
}

export function findBoard(id) {
  return listBoards().find((b) => b.id === id) || null;
}

/** Add or update a board; the most recently used comes first. */
export function rememberBoard(entry) {
  const old = findBoard(entry.id) || {};
  const merged = { ...old, ...entry, used: Date.now() };
  const rest = listBoards().filter((b) => b.id !== entry.id);
  save(KEY, [merged, ...rest].slice(0, MAX));
}

export function forgetBoard(id) {
  save(KEY, listBoards().filter((b) => b.id !== id));
}
