// Export the report: fetch /b/{id}/export.{md,csv,json} with the export key in the
// X-Metanet-Key header (never in the URL: it would land in logs and history), then save
// the file the server sent.

import { h, setText } from "./dom.js";
import { httpErrorText } from "./error-text.js";

const FORMATS = [
  ["md", "Markdown", "the outcome report, readable"],
  ["csv", "CSV", "one row per note, for a spreadsheet"],
  ["json", "JSON", "the whole board: a backup, re-importable"],
];

/** The file name in a Content-Disposition header, or `fallback`. */
function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(header);
  return match ? match[1] : fallback;
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * `key()` gives the export key (from the facilitator's welcome), or "" before it came.
 * `path` is where the exports are (a board's by default; an event's: /e/CODE); `heading`
 * and `formats` ([[ext, label, what it holds]]) say what is exported.
 */
export function exportPanel(root, { board, key, path = `/b/${encodeURIComponent(board)}`, heading = "Export the report", formats = FORMATS }) {
  const status = h("p", { class: "hint", role: "status", id: "export-status" });
  const buttons = formats.map(([ext, label, about]) => {
    const button = h("button", { type: "button", text: label, "aria-label": `Download the report as ${label}: ${about}` });
    button.addEventListener("click", () => download(ext, button));
    return button;
  });

  async function download(ext, button) {
    const exportKey = key();
    if (!exportKey) {
      setText(status, "Not connected yet: try again in a moment.");
      return;
    }
    button.disabled = true;
    setText(status, "Preparing the report…");
    try {
      const response = await fetch(`${path}/export.${ext}`, {
        headers: { "X-Metanet-Key": exportKey },
        cache: "no-store",
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new Error(httpErrorText(body));
      }
      const name = fileName(response, `metanet-report.${ext}`);
      save(await response.blob(), name);
      setText(status, `Saved ${name}`);
    } catch (err) {
      setText(status, `Could not export: ${err.message}`);
    } finally {
      button.disabled = false;
    }
  }

  root.replaceChildren(
    h("h2", { text: heading }),
    h("div", { class: "row export-buttons" }, buttons),
    status,
  );
}
