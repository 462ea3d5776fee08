// The "add a note" form: text, a colour, and a button. Used on the phone and the console.

import { COLORS, colorName } from "./phase-text.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

let counter = 0;

/**
 * A form that calls `onAdd({text, color})`; `form.setLimit(n)` sets the text limit.
 * Build it once the page's words have arrived (its labels are in the reader's language).
 */
export function composer(onAdd) {
  counter += 1;
  const id = `composer-${counter}`;
  const text = h("textarea", { id: `${id}-text`, name: "text", rows: "3", required: true, maxlength: "280", dir: "auto", placeholder: t("common.note_placeholder"), "aria-describedby": `${id}-count` });
  const count = h("span", { id: `${id}-count`, class: "char-count", "aria-live": "off" });
  const swatches = COLORS.map((color, i) =>
    h("label", { class: `swatch color-${color}`, title: colorName(color) },
      h("input", { type: "radio", name: `${id}-color`, value: color, checked: i === 0 }),
      h("span", { class: "sr-only", text: colorName(color) })),
  );
  const form = h("form", { class: "composer", "aria-label": t("common.add_a_note") },
    h("label", { for: `${id}-text`, class: "label", text: t("common.your_idea") }),
    text,
    h("div", { class: "composer-row" },
      h("fieldset", { class: "swatches" }, h("legend", { class: "sr-only", text: t("common.note_colour") }), swatches),
      count,
      h("button", { type: "submit", class: "primary", text: t("common.add_note") })),
  );
  const updateCount = () => {
    const left = Number(text.maxLength) - text.value.length;
    count.textContent = left < 40 ? t("common.chars_left", { count: left }) : "";
  };
  text.addEventListener("input", updateCount);
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value) return;
    const color = form.querySelector(`input[name="${id}-color"]:checked`)?.value || "yellow";
    onAdd({ text: value, color });
    text.value = "";
    updateCount();
    text.focus();
  });
  form.setLimit = (limit) => {
    if (limit && text.maxLength !== limit) text.maxLength = limit;
  };
  form.setEnabled = (enabled) => {
    for (const el of form.elements) el.disabled = !enabled;
  };
  return form;
}
