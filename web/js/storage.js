// localStorage that never throws (private mode, full quota): falls back to memory.

const memory = new Map();

export function load(key, fallback = null) {
  let raw = null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    raw = memory.get(key) ?? null;
  }
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw);
  } catch {
    return fallback;
  }
}

export function save(key, value) {
  const raw = JSON.stringify(value);
  memory.set(key, raw);
  try {
    localStorage.setItem(key, raw);
  } catch {
    // storage refused: the in-memory copy lasts for this page
  }
}

export function remove(key) {
  memory.delete(key);
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}
