// Clusters (affinity groups): create, rename, delete, mark as a decision.

import { h, reconcile } from "./dom.js";

export function clustersPanel(root, session) {
  const name = h("input", { id: "cluster-name", maxlength: "80", placeholder: "e.g. Funding" });
  const form = h("form", { class: "cluster-new" }, name, h("button", { type: "submit", text: "Create" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = name.value.trim();
    if (!value) return;
    session.command("create_cluster", { name: value });
    name.value = "";
  });
  const list = h("ul", { class: "clusters" });
  root.replaceChildren(
    h("h2", { text: "Clusters" }),
    h("label", { for: "cluster-name", class: "label", text: "New cluster" }),
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
        const input = h("input", { maxlength: "80", "aria-label": "Cluster name" });
        const rename = h("form", { class: "cluster-edit" }, input,
          h("div", { class: "row" },
            h("button", { type: "submit", text: "Rename" }),
            h("button", { type: "button", class: "danger", text: "Delete" })));
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
        li.querySelector(".danger").setAttribute("aria-label", `Delete cluster ${c.label}`);
        li.querySelector(".hint").textContent = c.count === 1 ? "1 note" : `${c.count} notes`;
        const decide = li.querySelector(".decide");
        const decided = session.state.isDecision(c.id);
        const max = session.state.settings.max_priorities || 0;
        decide.textContent = decided ? "★ Undecide" : "★ Decide";
        decide.disabled = !decided && max > 0 && session.state.decisions.length >= max;
        decide.setAttribute("aria-label", decided ? `Cluster ${c.label} is a decision: undo` : `Mark cluster ${c.label} as a decision`);
        li.classList.toggle("decided", decided);
        const spotted = session.state.board?.projector?.spotlight === c.id;
        const spot = li.querySelector(".spot");
        spot.textContent = spotted ? "Stop showing" : "Show large";
        spot.setAttribute("aria-label", spotted ? `Stop showing cluster ${c.label} on the projector` : `Show cluster ${c.label} large on the projector`);
      },
    );
  };
}
