// The join screen: a stakeholder group (large chips, first), an optional name, then in.
// At 360x640 the Join button is on screen at first paint: two taps join.

import { h, setText, show } from "./dom.js";

/**
 * Builds the join form into `root`. `onJoin({name, group})` is called on submit.
 * Returns {render(state), focus()}.
 */
export function joinView(root, onJoin) {
  const name = h("input", { id: "join-name", name: "name", maxlength: "40", autocomplete: "nickname", placeholder: "Optional" });
  const groups = h("div", { class: "choices chips" });
  const privacy = h("p", { class: "hint" });
  const missing = h("p", { class: "join-missing", role: "alert", hidden: true, text: "Pick your stakeholder group first." });
  const button = h("button", { type: "submit", class: "primary big", text: "Join" });
  const form = h("form", { class: "join", "aria-labelledby": "join-heading" },
    h("h2", { id: "join-heading", text: "Join this board" }),
    h("fieldset", {}, h("legend", { class: "label", text: "Your stakeholder group" }), groups),
    h("div", { class: "name-row" },
      h("label", { for: "join-name", class: "label", text: "Your name" }),
      name),
    missing,
    button,
    privacy,
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
              h("span", { text: group }));
            const color = state.settings.group_colors?.[i];
            if (color) chip.style.setProperty("--group", color);
            return chip;
          }),
        );
        if (state.board?.me?.name && !name.value) name.value = state.board.me.name;
      }
      setText(privacy, state.settings.anonymous
        ? "Notes are anonymous: your name is not shown next to them."
        : "Your name may be shown next to your notes.");
    },
    focus() {
      name.focus();
    },
  };
}
