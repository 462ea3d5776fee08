// Where phones join: the server's LAN or public address, even when this screen was opened on
// localhost (which no phone can reach); `reachable` is false when the server knows no such address.

const WARNING = "Phones cannot reach this address: it only works on this computer. Start Metanet on the room's network (or with --public-url), or open this page at the computer's network address.";

/** {base, reachable, warning} from GET /api/address; this page's own origin if that fails. */
export async function joinAddress() {
  try {
    const response = await fetch("/api/address");
    if (response.ok) {
      const { base, reachable } = await response.json();
      return { base, reachable, warning: reachable ? "" : WARNING };
    }
  } catch {
    // offline: the page's own address is the best guess
  }
  return { base: location.origin, reachable: true, warning: "" };
}

/** "192.168.1.20:8000/j/K7QX2M": a join address as people type it (no scheme). */
export function shortUrl(base, code) {
  return `${base.replace(/^https?:\/\//, "")}/j/${code}`;
}
