// The join screen: a stakeholder group (large chips, first), an optional name, then in.
// At 360x640 the Join button is on screen at first paint: two taps join.

import { h, setText, show } from "./dom.js";
import { languageMenu, t } from "./i18n.js";

/**
 * Builds the join form into `root` (once the page's words have arrived). `onJoin({name, group})` is called on submit.
 * Returns {render(state), focus()}.
 */
export function joinView(root, onJoin) {
  const name = h("input", { id: "join-name", name: "name", maxlength: "40", autocomplete: "nickname", dir: "auto", placeholder: t("phone.name_optional") });
  const groups = h("div", { class: "choices chips" });
  const privacy = h("p", { class: "hint" });
  const missing = h("p", { class: "join-missing", role: "alert", hidden: true, text: t("phone.pick_group_first") });
  const button = h("button", { type: "submit", class: "primary big", text: t("phone.join_button") });
  const form = h("form", { class: "join", "aria-labelledby": "join-heading" },
    h("h2", { id: "join-heading", text: t("phone.join_heading") }),
    h("fieldset", {}, h("legend", { class: "label", text: t("phone.your_group") }), groups),
    h("div", { class: "name-row" },
      h("label", { for: "join-name", class: "label", text: t("phone.your_name") }),
      name),
    missing,
    button,
    privacy,
    languagePicker(),
  );
  groups.addEventListener("change", () => show(missing, false));
  root.replaceChildren(form);
  let shownGroups = "";

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const group = form.querySelector('input[name="group"]:checked')?.value;
    if (!group) {
      show(missing, true);
      groups.querySelector("input")?.focus();
      return;
    }
    onJoin({ name: name.value.trim(), group });
  });

  return {
    render(state) {
      const key = JSON.stringify([state.groups, state.settings.group_colors]);
      if (key !== shownGroups) {
        shownGroups = key;
        const current = state.board?.me?.group;
        groups.replaceChildren(
          ...state.groups.map((group, i) => {
            const chip = h("label", { class: "choice" },
              h("input", { type: "radio", name: "group", value: group, checked: group === current }),
              h("span", { dir: "auto", text: group }));
            const color = state.settings.group_colors?.[i];
            if (color) chip.style.setProperty("--group", color);
            return chip;
          }),
        );
        if (state.board?.me?.name && !name.value) name.value = state.board.me.name;
      }
      setText(privacy, t(state.settings.anonymous ? "phone.privacy_anonymous" : "phone.privacy_named"));
    },
    focus() {
      name.focus();
    },
  };
}

/** The language menu with a globe in front, for anyone who cannot read the language shown. */
export function languagePicker() {
  return h("div", { class: "language-picker" }, globe(), languageMenu("phone"));
}

/** A globe drawn in SVG (an emoji may be missing from a phone's fonts). */
function globe() {
  const svg = document.createElementNS(SVG, "svg");
  for (const [name, value] of Object.entries({ class: "globe", viewBox: "0 0 24 24", width: "24", height: "24", "aria-hidden": "true" })) {
    svg.setAttribute(name, value);
  }
  for (const d of ["M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20", "M2 12h20", "M12 2c3 3 4 6.5 4 10s-1 7-4 10c-3-3-4-6.5-4-10s1-7 4-10"]) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

const SVG = "http://www.w3.org/2000/svg";
