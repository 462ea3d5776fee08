// "On the projector", in the console: what the room's screen shows (show_on_projector).
// The projector has no controls of its own: the dots of one stakeholder group, a spotlight on
// a note or cluster, and the QR code are chosen here.

import { h, setText } from "./dom.js";

/** The projector's current choice, with its defaults. */
export function projectorView(state) {
  return { group: "", spotlight: null, qr: true, chime: true, ...(state.board?.projector || {}) };
}

/** What a spotlight target is called here ("" when it is gone). */
export function spotlightLabel(state, target) {
  if (!target) return "";
  const note = state.notes.get(target);
  if (note) return note.text ?? "";
  const cluster = state.clusters.get(target);
  return cluster === undefined ? "" : `Cluster: ${cluster}`;
}

export function projectorPanel(root, session) {
  const group = h("select", { id: "projector-group" });
  group.addEventListener("change", () => session.command("show_on_projector", { group: group.value }));
  const qr = h("input", { type: "checkbox", id: "projector-qr" });
  qr.addEventListener("change", () => session.command("show_on_projector", { qr: qr.checked }));
  const sound = h("input", { type: "checkbox", id: "projector-chime" });
  sound.addEventListener("change", () => session.command("show_on_projector", { chime: sound.checked }));
  const spot = h("p", { class: "hint spot-line" });
  const stop = h("button", { type: "button", text: "Stop the spotlight" });
  stop.addEventListener("click", () => session.command("show_on_projector", { spotlight: null }));
  root.replaceChildren(
    h("h2", { id: "projector-heading", text: "On the projector" }),
    h("label", { for: "projector-group", class: "label", text: "Dots from" }),
    group,
    h("label", { class: "check" }, qr, " Show the QR code"),
    h("label", { class: "check" }, sound, " Chime when time is up"),
    spot,
    stop,
  );

  return function render(state) {
    // What was asked and not yet applied wins: a render in between must not flip a box back.
    const view = projectorView(state);
    for (const pending of session.unseen("show_on_projector")) {
      for (const key of ["group", "spotlight", "qr", "chime"]) if (key in pending) view[key] = pending[key];
    }
    const options = [["", "All stakeholder groups"], ...state.groups.map((g) => [g, g])];
    const key = JSON.stringify(options);
    if (group.dataset.key !== key) {
      group.dataset.key = key;
      group.replaceChildren(...options.map(([value, label]) => h("option", { value, text: label })));
    }
    if (document.activeElement !== group) group.value = view.group;
    qr.checked = view.qr;
    sound.checked = view.chime;
    const label = spotlightLabel(state, view.spotlight);
    setText(spot, label ? `Spotlight: ${label}` : "Spotlight: none. Select a note or a cluster to show it large.");
    stop.hidden = !label;
  };
}
