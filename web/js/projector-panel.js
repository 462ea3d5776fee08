// "On the projector", in the console: what the room's screen shows (show_on_projector).
// The projector has no controls of its own: the dots of one stakeholder group, a spotlight on
// a note or cluster, the QR code, and the languages of the shared screens are chosen here.

import { h, setNodes, setText } from "./dom.js";
import { LANGUAGES, t, tn } from "./i18n.js";

/** The projector's current choice, with its defaults. */
export function projectorView(state) {
  return { group: "", spotlight: null, qr: true, chime: true, ...(state.board?.projector || {}) };
}

/** The spotlight line: what the projector shows large (a note's words, a cluster's name), or [] when nothing. */
export function spotlightNodes(state, target) {
  if (!target) return [];
  const note = state.notes.get(target);
  if (note) return note.text ? tn("console.spotlight_note", { text: note.text }) : [];
  const cluster = state.clusters.get(target);
  return cluster === undefined ? [] : tn("console.spotlight_cluster", { name: cluster });
}

/** A <select> of the six languages, each named in itself (names are not translated). */
function languageSelect(id, none) {
  const select = h("select", { id });
  if (none) select.append(h("option", { value: "", text: none }));
  for (const { code, name } of LANGUAGES) select.append(h("option", { value: code, text: name, lang: code, translate: "no" }));
  return select;
}

export function projectorPanel(root, session) {
  const group = h("select", { id: "projector-group" });
  group.addEventListener("change", () => session.command("show_on_projector", { group: group.value }));
  const qr = h("input", { type: "checkbox", id: "projector-qr" });
  qr.addEventListener("change", () => session.command("show_on_projector", { qr: qr.checked }));
  const sound = h("input", { type: "checkbox", id: "projector-chime" });
  sound.addEventListener("change", () => session.command("show_on_projector", { chime: sound.checked }));
  const spot = h("p", { class: "hint spot-line" });
  const stop = h("button", { type: "button", text: t("console.stop_spotlight") });
  stop.addEventListener("click", () => session.command("show_on_projector", { spotlight: null }));
  // The board's language for its shared screens (projector, and the phones' default), and a second
  // one the projector shows beside it: board settings, for every screen, unlike this console's own menu.
  const language = languageSelect("board-language");
  const second = languageSelect("board-second-language", t("console.no_second_language"));
  for (const [select, name, none] of [[language, "language", "en"], [second, "second_language", ""]]) {
    select.addEventListener("change", async () => {
      const ack = await session.command("update_settings", { settings: { [name]: select.value } });
      if (!ack.ok) select.value = session.state.settings[name] || none; // refused (the toast says why): back to the board's
    });
  }
  root.replaceChildren(
    h("h2", { id: "projector-heading", text: t("console.on_the_projector") }),
    h("label", { for: "projector-group", class: "label", text: t("console.dots_from") }),
    group,
    h("label", { class: "check" }, qr, " ", h("span", { text: t("console.show_qr") })),
    h("label", { class: "check" }, sound, " ", h("span", { text: t("console.chime") })),
    spot,
    stop,
    h("div", { class: "grid2 board-languages" },
      h("div", {}, h("label", { for: "board-language", class: "label", text: t("console.shared_language") }), language),
      h("div", {}, h("label", { for: "board-second-language", class: "label", text: t("console.second_language") }), second)),
    h("p", { class: "hint", text: t("console.languages_hint") }),
  );

  return function render(state) {
    // What was asked and not yet applied wins: a render in between must not flip a box back.
    const view = projectorView(state);
    for (const pending of session.unseen("show_on_projector")) {
      for (const key of ["group", "spotlight", "qr", "chime"]) if (key in pending) view[key] = pending[key];
    }
    const options = [["", t("console.all_groups")], ...state.groups.map((g) => [g, g])];
    const key = JSON.stringify(options);
    if (group.dataset.key !== key) {
      group.dataset.key = key;
      group.replaceChildren(...options.map(([value, label]) => h("option", { value, text: label, dir: value ? "auto" : null })));
    }
    if (document.activeElement !== group) group.value = view.group;
    qr.checked = view.qr;
    sound.checked = view.chime;
    const shown = spotlightNodes(state, view.spotlight);
    if (shown.length) setNodes(spot, shown);
    else setText(spot, t("console.spotlight_none"));
    stop.hidden = !shown.length;
    // The languages: what was asked and not yet applied wins here too.
    const settings = { language: state.settings.language || "en", second_language: state.settings.second_language || "" };
    for (const pending of session.unseen("update_settings")) {
      for (const name of ["language", "second_language"]) if (name in (pending.settings || {})) settings[name] = pending.settings[name];
    }
    if (document.activeElement !== language) language.value = settings.language;
    if (document.activeElement !== second) second.value = settings.second_language;
    for (const option of second.options) option.disabled = Boolean(option.value) && option.value === settings.language;
  };
}
