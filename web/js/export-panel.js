// Export the report: fetch /b/{id}/export.{md,csv,json} with the export key in the
// X-Metanet-Key header (never in the URL: it would land in logs and history), then save
// the file the server sent.

import { h, setText } from "./dom.js";
import { httpErrorText } from "./error-text.js";
import { LANGUAGES, t } from "./i18n.js";

// [ext, the format's name (not translated), what the file holds (catalog key)]
const FORMATS = [
  ["md", "Markdown", "console.export_md_about"],
  ["csv", "CSV", "console.export_csv_about"],
  ["json", "JSON", "console.export_json_about"],
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
 * and `formats` ([[ext, label, what it holds: a catalog key or words]]) say what is exported.
 * With `language()` (the board's language), the report's language can be chosen (?lang=): the
 * board's until the facilitator picks another. The page's catalog must hold the section `console`.
 */
export function exportPanel(root, { board, key, path = `/b/${encodeURIComponent(board)}`, heading = t("console.export_heading"), formats = FORMATS, language = null }) {
  const status = h("p", { class: "hint", role: "status", id: "export-status" });
  const lang = language ? h("select", { id: "export-language" },
    LANGUAGES.map(({ code, name }) => h("option", { value: code, text: name, lang: code, translate: "no" }))) : null;
  let chosen = false; // once picked here, the board's language no longer moves it
  lang?.addEventListener("change", () => { chosen = true; });
  const buttons = formats.map(([ext, label, about]) => {
    const what = /^[a-z]+\.[a-z_0-9]+$/.test(about) ? t(about) : about;
    // The format's name is a name, the same in every language; what it holds is said in the reader's.
    const button = h("button", { type: "button", "aria-label": t("console.download_as", { format: label, about: what }) },
      h("span", { translate: "no", text: label }));
    button.addEventListener("click", () => download(ext, button));
    return button;
  });

  async function download(ext, button) {
    const exportKey = key();
    if (!exportKey) {
      setText(status, t("console.export_not_connected"));
      return;
    }
    button.disabled = true;
    setText(status, t("console.export_preparing"));
    try {
      // The board's language is the server's default: ?lang= only for another one.
      const query = lang && lang.value !== (language() || "en") ? `?lang=${encodeURIComponent(lang.value)}` : "";
      const response = await fetch(`${path}/export.${ext}${query}`, {
        headers: { "X-Metanet-Key": exportKey },
        cache: "no-store",
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new Error(httpErrorText(body.error || body));
      }
      const name = fileName(response, `metanet-report.${ext}`);
      save(await response.blob(), name);
      setText(status, t("console.export_saved", { name }));
    } catch (err) {
      // fetch's own failure ("Failed to fetch") is the browser's English: say it in the reader's words
      const reason = err instanceof TypeError ? t("console.export_unreachable") : err.message;
      setText(status, t("console.export_failed", { reason }));
    } finally {
      button.disabled = false;
    }
  }

  root.replaceChildren(
    h("h2", { text: heading }),
    lang ? h("label", { for: "export-language", class: "label", text: t("console.report_language") }) : null,
    lang,
    h("div", { class: "row export-buttons" }, buttons),
    status,
  );

  /** Follow the board's language, until the facilitator chose the report's here. */
  return function render() {
    if (lang && !chosen) lang.value = language() || "en";
  };
}
