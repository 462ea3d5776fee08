// Clusters (affinity groups): create, rename, delete, mark as a decision.

import { h, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";

export function clustersPanel(root, session) {
  const name = h("input", { id: "cluster-name", maxlength: "80", dir: "auto", placeholder: t("console.cluster_placeholder") });
  const form = h("form", { class: "cluster-new" }, name, h("button", { type: "submit", text: t("console.create") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = name.value.trim();
    if (!value) return;
    session.command("create_cluster", { name: value });
    name.value = "";
  });
  const list = h("ul", { class: "clusters" });
  root.replaceChildren(
    h("h2", { text: t("console.clusters") }),
    h("label", { for: "cluster-name", class: "label", text: t("console.new_cluster") }),
    form,
    list,
  );

  return function render(state) {
    const counts = new Map();
    for (const note of state.notes.values()) if (note.cluster) counts.set(note.cluster, (counts.get(note.cluster) || 0) + 1);
    reconcile(
      list,
      [...state.clusters].map(([id, label]) => ({ id, label, count: counts.get(id) || 0 })),
      (c) => c.id,
      (c) => {
        const input = h("input", { maxlength: "80", dir: "auto", "aria-label": t("console.cluster_name") });
        const rename = h("form", { class: "cluster-edit" }, input,
          h("div", { class: "row" },
            h("button", { type: "submit", text: t("console.rename") }),
            h("button", { type: "button", class: "danger", text: t("console.delete") })));
        rename.addEventListener("submit", (event) => {
          event.preventDefault();
          const value = input.value.trim();
          if (value) session.command("rename_cluster", { cluster: c.id, name: value });
        });
        rename.querySelector(".danger").addEventListener("click", () => session.command("delete_cluster", { cluster: c.id }));
        const decide = h("button", { type: "button", class: "link-button decide" });
        decide.addEventListener("click", () =>
          session.command("mark_decision", { target: c.id, decided: !session.state.isDecision(c.id) }));
        const spot = h("button", { type: "button", class: "link-button spot" });
        spot.addEventListener("click", () => {
          const on = session.state.board?.projector?.spotlight === c.id;
          session.command("show_on_projector", { spotlight: on ? null : c.id });
        });
        return h("li", {}, rename, h("div", { class: "row cluster-foot" }, h("span", { class: "hint" }), decide, spot));
      },
      (li, c) => {
        const input = li.querySelector("input");
        if (document.activeElement !== input) input.value = c.label;
        li.querySelector(".danger").setAttribute("aria-label", t("console.delete_cluster", { name: c.label }));
        setText(li.querySelector(".hint"), t("console.notes_count", { count: c.count }));
        const decide = li.querySelector(".decide");
        const decided = session.state.isDecision(c.id);
        const max = session.state.settings.max_priorities || 0;
        setText(decide, t(decided ? "console.cluster_undecide" : "console.cluster_decide"));
        decide.disabled = !decided && max > 0 && session.state.decisions.length >= max;
        decide.setAttribute("aria-label", t(decided ? "console.cluster_is_decision" : "console.mark_cluster_decision", { name: c.label }));
        li.classList.toggle("decided", decided);
        const spotted = session.state.board?.projector?.spotlight === c.id;
        const spot = li.querySelector(".spot");
        setText(spot, t(spotted ? "console.stop_showing" : "console.show_large"));
        spot.setAttribute("aria-label", t(spotted ? "console.stop_showing_cluster" : "console.show_cluster_large", { name: c.label }));
      },
    );
  };
}
