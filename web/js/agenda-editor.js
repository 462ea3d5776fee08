// Editing a live board's agenda in a dialog: add, remove, reorder and rename phases,
// change their kind, timebox, "close when the timer ends" and hint. The whole new list
// goes to the server as one `set_agenda` (rules: server/domain/agenda.py).

import { h, setText } from "./dom.js";
import { t } from "./i18n.js";

const KINDS = ["write", "group", "vote", "results", "discuss"]; // each with its words: console.kind_option_<kind>
const MAX_PHASES = 40;
const TITLE_LIMIT = 80;
const HINT_LIMIT = 280;

let rowCounter = 0;

/** The editor; `open()` shows it with a copy of the current agenda. */
export function agendaEditor(session) {
  let draft = []; // [{key, id?, kind, title, minutes, close_on_timer, auto_timer, hint}]
  const list = h("ol", { class: "agenda-rows" });
  const status = h("p", { class: "agenda-status", role: "status" });
  const add = h("button", { type: "button", text: t("console.add_phase") });
  const save = h("button", { type: "submit", class: "primary", text: t("console.save_agenda") });
  const cancel = h("button", { type: "button", text: t("console.cancel") });
  const form = h("form", { class: "agenda-form", method: "dialog" },
    h("h2", { id: "agenda-editor-heading", text: t("console.edit_agenda") }),
    h("p", { class: "hint", text: t("console.agenda_editor_hint") }),
    list,
    h("div", { class: "row" }, add),
    status,
    h("div", { class: "row dialog-buttons" }, cancel, save));
  const dialog = h("dialog", { id: "agenda-dialog", class: "agenda-dialog", "aria-labelledby": "agenda-editor-heading" }, form);
  document.body.append(dialog);

  add.addEventListener("click", () => {
    if (draft.length >= MAX_PHASES) return say(t("console.max_phases", { count: MAX_PHASES }));
    draft.push({ key: ++rowCounter, kind: "discuss", title: "", minutes: "", close_on_timer: false, auto_timer: true, hint: "" });
    rebuild();
    list.lastElementChild?.querySelector("input")?.focus();
  });
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const phases = collect();
    if (!phases) return;
    save.disabled = true;
    say(t("console.saving"));
    const ack = await session.command("set_agenda", { phases });
    save.disabled = false;
    if (ack.ok) {
      say("");
      dialog.close();
    } else say(t("console.agenda_not_saved")); // the reason is in the toast
  });

  function say(text) {
    setText(status, text);
  }

  /** The draft as `set_agenda` phases, or null (with a message) when a field is wrong. */
  function collect() {
    const phases = [];
    for (const [i, row] of draft.entries()) {
      const title = row.title.trim();
      if (!title || title.length > TITLE_LIMIT) {
        say(t("console.phase_needs_title", { number: i + 1, max: TITLE_LIMIT }));
        return null;
      }
      let duration = null;
      if (String(row.minutes).trim() !== "") {
        duration = Math.round(Number(row.minutes) * 60);
        if (!(duration >= 1 && duration <= 86400)) {
          say(t("console.phase_minutes_range", { number: i + 1, max: 1440 }));
          return null;
        }
      }
      const phase = { kind: row.kind, title, duration, close_on_timer: row.close_on_timer, auto_timer: row.auto_timer, hint: row.hint.trim().slice(0, HINT_LIMIT) };
      if (row.id) phase.id = row.id;
      phases.push(phase);
    }
    return phases;
  }

  function move(index, by) {
    const to = index + by;
    if (to < 0 || to >= draft.length) return;
    [draft[index], draft[to]] = [draft[to], draft[index]];
    rebuild();
    const button = list.children[to]?.querySelector(by < 0 ? ".move-up" : ".move-down");
    (button && !button.disabled ? button : list.children[to]?.querySelector("input"))?.focus();
  }

  function rebuild() {
    const board = session.state.board;
    const current = board.phases[board.phase_index]?.id;
    const visited = new Set(board.history.map((v) => v.phase));
    list.replaceChildren(...draft.map((row, i) => phaseRow(row, i, { current, visited })));
    add.disabled = draft.length >= MAX_PHASES;
  }

  function phaseRow(row, i, { current, visited }) {
    const id = `agenda-${row.key}`;
    const isCurrent = row.id && row.id === current;
    const hasRun = row.id && visited.has(row.id);
    const field = (name, label, control, note = null) => h("div", { class: `agenda-field ${name}` },
      h("label", { for: `${id}-${name}`, class: "label", text: label }), control, note);
    const title = h("input", { id: `${id}-title`, value: row.title, maxlength: String(TITLE_LIMIT), required: true, dir: "auto" });
    title.addEventListener("input", () => { row.title = title.value; });
    const kind = h("select", { id: `${id}-kind`, disabled: Boolean(isCurrent) },
      KINDS.map((value) => h("option", { value, text: t(`console.kind_option_${value}`), selected: value === row.kind })));
    kind.addEventListener("change", () => { row.kind = kind.value; });
    const minutes = h("input", { id: `${id}-minutes`, type: "number", min: "0.05", max: "1440", step: "any", inputmode: "decimal", value: String(row.minutes), placeholder: t("console.minutes_none") });
    minutes.addEventListener("input", () => { row.minutes = minutes.value; });
    const close = h("input", { id: `${id}-close`, type: "checkbox", checked: row.close_on_timer });
    close.addEventListener("change", () => { row.close_on_timer = close.checked; });
    const auto = h("input", { id: `${id}-auto`, type: "checkbox", checked: row.auto_timer });
    auto.addEventListener("change", () => { row.auto_timer = auto.checked; });
    const hint = h("textarea", { id: `${id}-hint`, rows: "2", maxlength: String(HINT_LIMIT), dir: "auto", placeholder: t("console.hint_placeholder") });
    hint.value = row.hint;
    hint.addEventListener("input", () => { row.hint = hint.value; });
    const name = row.title || t("console.new_phase");
    const up = h("button", { type: "button", class: "move-up", text: "↑", disabled: i === 0, "aria-label": t("console.move_phase_up", { number: i + 1, name }) });
    up.addEventListener("click", () => move(i, -1));
    const down = h("button", { type: "button", class: "move-down", text: "↓", disabled: i === draft.length - 1, "aria-label": t("console.move_phase_down", { number: i + 1, name }) });
    down.addEventListener("click", () => move(i, 1));
    const keep = isCurrent ? "running" : hasRun ? "has_run" : "";
    const remove = h("button", { type: "button", class: "danger", text: t("console.remove"), disabled: Boolean(keep) || draft.length === 1, "aria-label": t("console.remove_phase", { number: i + 1, name }) });
    if (keep) remove.title = t(`console.stays_${keep}`);
    remove.addEventListener("click", () => {
      draft.splice(i, 1);
      rebuild();
      (list.children[Math.min(i, draft.length - 1)]?.querySelector("input") || add).focus();
    });
    return h("li", { class: `agenda-row${isCurrent ? " current" : ""}`, "data-phase": row.id || "" },
      h("p", { class: "agenda-row-head" }, h("strong", { text: t("console.phase_number", { number: i + 1 }) }), keep ? h("span", { class: "tag", text: t(`console.tag_${keep}`) }) : null),
      // A template's phase comes translated: say that changing its words replaces the translations.
      field("title", t("console.title"), title, row.translated ? h("p", { class: "hint translated", text: t("console.phase_translated") }) : null),
      field("kind", t("console.kind"), kind),
      field("minutes", t("console.minutes"), minutes),
      h("div", { class: "agenda-close" },
        h("label", { class: "check" }, auto, " ", h("span", { text: t("console.timer_starts_with_phase") })),
        h("label", { class: "check" }, close, " ", h("span", { text: t("console.close_when_timer_ends") }))),
      field("hint", t("console.hint_for_participants"), hint),
      h("div", { class: "row agenda-move" }, up, down, remove));
  }

  return {
    open() {
      const phases = session.state.board.phases;
      draft = phases.map((p) => ({
        key: ++rowCounter,
        id: p.id,
        kind: p.kind,
        title: p.title,
        minutes: p.duration ? String(Math.round((p.duration / 60) * 100) / 100) : "",
        close_on_timer: Boolean(p.close_on_timer),
        auto_timer: Boolean(p.auto_timer),
        hint: p.hint || "",
        translated: Boolean(p.i18n && Object.keys(p.i18n).length),
      }));
      say("");
      rebuild();
      dialog.showModal();
    },
  };
}
