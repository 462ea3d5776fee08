// The facilitator's decisions (priorities): the limit, and each decision's roadmap
// fields (owner, next step, due date) saved with `set_roadmap`.

import { h, reconcile, setNodes, setText } from "./dom.js";
import { t, tn } from "./i18n.js";

/** What a decision is about, as nodes: its note's words, or "Cluster: <name>"; [] when not visible here. */
function decisionNodes(state, decision) {
  if (decision.kind === "cluster") {
    const name = state.clusters.get(decision.target);
    return name === undefined ? [] : tn("console.decision_cluster", { name });
  }
  const text = state.notes.get(decision.target)?.text;
  return text ? [h("bdi", { dir: "auto", text })] : [];
}

export function decisionsPanel(root, session) {
  const heading = h("h2", { id: "decisions-heading", text: t("console.decisions") });
  const limit = h("p", { class: "hint", id: "decisions-limit" });
  const list = h("ol", { class: "decision-forms" });
  const empty = h("p", { class: "hint", text: t("console.decisions_empty") });
  root.replaceChildren(heading, limit, list, empty);

  function create(item) {
    const id = `roadmap-${item.d.target}`;
    const owner = h("input", { id: `${id}-owner`, name: "owner", maxlength: "80", dir: "auto", placeholder: t("console.owner_placeholder") });
    const next = h("input", { id: `${id}-next`, name: "next_step", maxlength: "280", dir: "auto", placeholder: t("console.next_step_placeholder") });
    const due = h("input", { id: `${id}-due`, name: "due", type: "date" });
    const save = h("button", { type: "submit", class: "primary", text: t("console.save") });
    const remove = h("button", { type: "button", class: "link-button danger", text: t("console.undecide") });
    const status = h("span", { class: "hint roadmap-status", role: "status" });
    const form = h("form", { class: "roadmap" },
      h("p", { class: "decision-title" }, h("span", { class: "decision-no" }), h("span", { class: "decision-text" })),
      h("label", { for: owner.id, class: "label", text: t("console.owner") }), owner,
      h("label", { for: next.id, class: "label", text: t("console.next_step") }), next,
      h("label", { for: due.id, class: "label", text: t("console.due") }), due,
      h("div", { class: "row" }, save, remove, status));
    for (const input of [owner, next, due]) input.addEventListener("input", () => { form.dataset.dirty = "1"; });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const target = form.dataset.target;
      const ack = await session.command("set_roadmap", { target, owner: owner.value.trim(), next_step: next.value.trim(), due: due.value });
      if (ack.ok) {
        delete form.dataset.dirty;
        setText(status, t("console.saved_short"));
        setTimeout(() => setText(status, ""), 2000);
      } else setText(status, t("console.not_saved")); // the reason is in the toast
    });
    remove.addEventListener("click", () => session.command("mark_decision", { target: form.dataset.target, decided: false }));
    return h("li", { class: "decision-item" }, form);
  }

  function update(li, { d, nodes, index }) {
    const label = nodes.map((n) => (typeof n === "string" ? n : n.textContent)).join("");
    const form = li.firstChild;
    form.dataset.target = d.target;
    li.dataset.target = d.target;
    setText(form.querySelector(".decision-no"), `${t("console.phase_number", { number: index + 1 })} `);
    setNodes(form.querySelector(".decision-text"), nodes.length ? nodes : [t("console.hidden_decision")]);
    form.querySelector(".link-button").setAttribute("aria-label", t("console.undecide_aria", { name: label || d.target }));
    form.querySelector("button[type=submit]").setAttribute("aria-label", t("console.save_roadmap_aria", { name: label || d.target }));
    if (form.dataset.dirty || form.contains(document.activeElement)) return; // never overwrite what is being typed
    form.elements.owner.value = d.owner;
    form.elements.next_step.value = d.next_step;
    form.elements.due.value = d.due;
  }

  return function render(state) {
    const decisions = state.decisions;
    const max = state.settings.max_priorities || 0;
    setText(heading, t(max ? "console.priorities" : "console.decisions"));
    setText(limit, max ? t("console.decisions_of_max", { count: decisions.length, max }) : t("console.decisions_no_limit", { count: decisions.length }));
    const items = decisions.map((d, index) => ({ d, index, nodes: decisionNodes(state, d) }));
    reconcile(list, items, (item) => item.d.target, create, update);
    empty.hidden = items.length > 0;
  };
}
