// "Stakeholder groups" in the console: rename, recolour, add and remove (set_groups). A renamed
// group keeps its people; removing one that has people is refused by the server, in a sentence.

import { h, setText } from "./dom.js";
import { t } from "./i18n.js";

const MAX = 12;

export function groupsPanel(root, session) {
  let draft = null; // [{name, color, was}] while editing; null: show the board's
  const list = h("ol", { class: "group-rows" });
  const add = h("button", { type: "button", text: t("console.add_group") });
  const save = h("button", { type: "submit", class: "primary", text: t("console.save_groups") });
  const status = h("p", { class: "hint group-status", role: "status" });
  const form = h("form", { class: "groups-form" }, list, h("div", { class: "row" }, add, save), status);
  root.replaceChildren(h("h2", { id: "groups-heading", text: t("console.stakeholder_groups") }), form);

  add.addEventListener("click", () => {
    edit().push({ name: "", color: "#334155", was: null });
    build();
    list.lastElementChild?.querySelector("input[type=text]")?.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!draft) return;
    const groups = draft.filter((g) => g.name.trim()).map((g) => ({ name: g.name.trim(), color: g.color, ...(g.was ? { was: g.was } : {}) }));
    setText(status, t("console.saving"));
    const ack = await session.command("set_groups", { groups });
    setText(status, ack.ok ? t("console.saved") : "");
    if (ack.ok) draft = null;
    build();
  });

  function current() {
    const { groups, group_colors: colors = [] } = session.state.settings;
    return groups.map((name, i) => ({ name, color: colors[i] || "#334155", was: name }));
  }

  function edit() {
    if (!draft) draft = current();
    return draft;
  }

  function build() {
    const rows = draft || current();
    list.replaceChildren(...rows.map((g, i) => {
      const label = g.name || t("console.new_group", { number: i + 1 });
      const color = h("input", { type: "color", value: g.color, "aria-label": t("console.colour_of", { name: label }) });
      color.addEventListener("input", () => { edit()[i].color = color.value; });
      const name = h("input", { type: "text", value: g.name, maxlength: "60", dir: "auto", "aria-label": t("console.group_number", { number: i + 1 }) });
      name.addEventListener("input", () => { edit()[i].name = name.value; });
      const remove = h("button", { type: "button", class: "link-button danger", text: t("console.remove"), "aria-label": t("console.remove_name", { name: label }) });
      remove.addEventListener("click", () => {
        edit().splice(i, 1);
        build();
      });
      return h("li", { class: "group-row" }, color, name, remove);
    }));
    add.disabled = rows.length >= MAX;
  }

  let shown = "";
  return function render(state) {
    const key = JSON.stringify([state.settings.groups, state.settings.group_colors]);
    if (key !== shown && !draft) {
      shown = key;
      build();
    }
  };
}
