// Where phones join: the server's LAN or public address, even when this screen was opened on
// localhost (which no phone can reach); `reachable` is false when the server knows no such address.

import { t } from "./i18n.js";

/** {base, reachable, warning}: `warning` is read in the page's language when it is shown ("" when reachable). */
function address(base, reachable) {
  return {
    base,
    reachable,
    get warning() {
      return reachable ? "" : t("projector.join_unreachable_here");
    },
  };
}

/** {base, reachable, warning} from GET /api/address; this page's own origin if that fails. */
export async function joinAddress() {
  try {
    const response = await fetch("/api/address");
    if (response.ok) {
      const { base, reachable } = await response.json();
      return address(base, reachable);
    }
  } catch {
    // offline: the page's own address is the best guess
  }
  return address(location.origin, true);
}

/** "192.168.1.20:8000/j/K7QX2M": a join address as people type it (no scheme). */
export function shortUrl(base, code) {
  return `${base.replace(/^https?:\/\//, "")}/j/${code}`;
}
