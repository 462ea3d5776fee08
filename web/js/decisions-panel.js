// The facilitator's decisions (priorities): the limit, and each decision's roadmap
// fields (owner, next step, due date) saved with `set_roadmap`.

import { decisionLabel, decisionsTitle } from "./decisions-view.js";
import { h, reconcile, setText } from "./dom.js";

export function decisionsPanel(root, session) {
  const heading = h("h2", { id: "decisions-heading", text: "Decisions" });
  const limit = h("p", { class: "hint", id: "decisions-limit" });
  const list = h("ol", { class: "decision-forms" });
  const empty = h("p", { class: "hint", text: "Select a note or use a cluster's “Decide” button to mark a decision." });
  root.replaceChildren(heading, limit, list, empty);

  function create(item) {
    const id = `roadmap-${item.d.target}`;
    const owner = h("input", { id: `${id}-owner`, name: "owner", maxlength: "80", placeholder: "Who" });
    const next = h("input", { id: `${id}-next`, name: "next_step", maxlength: "280", placeholder: "The next step" });
    const due = h("input", { id: `${id}-due`, name: "due", type: "date" });
    const save = h("button", { type: "submit", class: "primary", text: "Save" });
    const remove = h("button", { type: "button", class: "link-button danger", text: "Undecide" });
    const status = h("span", { class: "hint roadmap-status", role: "status" });
    const form = h("form", { class: "roadmap" },
      h("p", { class: "decision-title" }, h("span", { class: "decision-no" }), h("span", { class: "decision-text" })),
      h("label", { for: owner.id, class: "label", text: "Owner" }), owner,
      h("label", { for: next.id, class: "label", text: "Next step" }), next,
      h("label", { for: due.id, class: "label", text: "Due" }), due,
      h("div", { class: "row" }, save, remove, status));
    for (const input of [owner, next, due]) input.addEventListener("input", () => { form.dataset.dirty = "1"; });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const target = form.dataset.target;
      const ack = await session.command("set_roadmap", { target, owner: owner.value.trim(), next_step: next.value.trim(), due: due.value });
      if (ack.ok) {
        delete form.dataset.dirty;
        setText(status, "Saved");
        setTimeout(() => setText(status, ""), 2000);
      } else setText(status, ack.message || "Not saved");
    });
    remove.addEventListener("click", () => session.command("mark_decision", { target: form.dataset.target, decided: false }));
    return h("li", { class: "decision-item" }, form);
  }

  function update(li, { d, label, index }) {
    const form = li.firstChild;
    form.dataset.target = d.target;
    li.dataset.target = d.target;
    setText(form.querySelector(".decision-no"), `${index + 1}. `);
    setText(form.querySelector(".decision-text"), label || "(hidden)");
    form.querySelector(".link-button").setAttribute("aria-label", `Undecide: ${label || d.target}`);
    form.querySelector("button[type=submit]").setAttribute("aria-label", `Save the roadmap of: ${label || d.target}`);
    if (form.dataset.dirty || form.contains(document.activeElement)) return; // never overwrite what is being typed
    form.elements.owner.value = d.owner;
    form.elements.next_step.value = d.next_step;
    form.elements.due.value = d.due;
  }

  return function render(state) {
    const decisions = state.decisions;
    const max = state.settings.max_priorities || 0;
    setText(heading, decisionsTitle(state));
    setText(limit, max ? `${decisions.length} of at most ${max} chosen` : `${decisions.length} chosen · no limit on this board`);
    const items = decisions.map((d, index) => ({ d, index, label: decisionLabel(state, d) }));
    reconcile(list, items, (item) => item.d.target, create, update);
    empty.hidden = items.length > 0;
  };
}
