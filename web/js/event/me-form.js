// "Who are you here?": an optional name and the stakeholder group, once per event.
// Tapping a group chip is enough: the choice is saved at once.

import { h, setNodes, setText } from "../dom.js";
import { t, tn } from "../i18n.js";


/**
 * Builds the form into `root`. `onSave({name, group})` is called when a group is chosen
 * and when the name changes. Returns {render(groups, me), focus()}.
 */
export function meForm(root, onSave) {
  const name = h("input", { id: "me-name", name: "name", maxlength: "40", autocomplete: "nickname", placeholder: t("event.optional"), dir: "auto" });
  const chips = h("div", { class: "chips", role: "radiogroup", "aria-labelledby": "me-group-label" });
  const note = h("p", { class: "hint", id: "me-note" });
  const form = h("form", { class: "me-form", "aria-labelledby": "me-heading" },
    h("h2", { id: "me-heading", text: t("event.me_heading") }),
    h("p", { class: "hint", text: t("event.me_hint") }),
    h("label", { for: "me-name", class: "label", text: t("event.your_name") }),
    name,
    h("p", { class: "label", id: "me-group-label", text: t("event.your_group") }),
    chips,
    note);
  const who = h("span", { class: "me-who" });
  const change = h("button", { type: "button", class: "link-button", text: t("event.change"), "aria-label": t("event.change_label") });
  const line = h("p", { class: "me-line", hidden: true }, who, change);
  root.replaceChildren(form, line);
  let shown = "";
  let current = null;
  let editing = false;

  const save = (group) => {
    editing = false;
    onSave({ name: name.value.trim(), group });
  };
  change.addEventListener("click", () => {
    editing = true;
    shown = "";
    onSave({});
    name.focus();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  name.addEventListener("change", () => {
    if (current) save(current);
  });

  return {
    render(groups, me) {
      current = me?.group || null;
      const key = JSON.stringify([groups, me, editing]);
      if (key === shown) return;
      shown = key;
      const compact = Boolean(current) && !editing;
      form.hidden = compact;
      line.hidden = !compact;
      root.classList.toggle("compact", compact);
      setNodes(who, current ? tn("event.you_are", { name: me.name || t("event.anonymous"), group: current }) : []);
      if (me?.name && !name.value) name.value = me.name;
      chips.replaceChildren(...groups.map((group) => {
        const chosen = group === current;
        const chip = h("button", { type: "button", class: chosen ? "chip chosen" : "chip", role: "radio", "aria-checked": String(chosen), dir: "auto", text: group });
        chip.addEventListener("click", () => save(group));
        return chip;
      }));
      setNodes(note, current ? tn("event.you_join_as", { name: name.value.trim() || t("event.anonymous"), group: current }) : []);
    },
    focus() {
      editing = true;
      shown = "";
      (chips.querySelector("button") || name).focus();
    },
  };
}
