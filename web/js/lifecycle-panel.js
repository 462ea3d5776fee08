// The board's life: archive it (read-only) or reopen it; delete it for good, after
// typing its join code (the server checks the code too).

import { h, setNodes, setText } from "./dom.js";
import { t, tn } from "./i18n.js";

export function lifecyclePanel(root, session, { onDeleted }) {
  const state = h("p", { class: "hint", id: "archive-state" });
  const archive = h("button", { type: "button", id: "archive" });
  archive.addEventListener("click", () => session.command("archive_board", { archived: !session.state.board.archived }));
  const code = h("input", { id: "delete-code", dir: "auto", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "12" });
  const remove = h("button", { type: "submit", class: "danger", text: t("console.delete_for_good"), disabled: true });
  const status = h("p", { class: "hint", role: "status" });
  const typed = () => code.value.trim().toUpperCase();
  code.addEventListener("input", () => {
    remove.disabled = typed() !== session.state.board.code;
  });
  const form = h("form", { class: "delete-form" },
    h("label", { for: "delete-code", class: "label", id: "delete-label" }),
    h("div", { class: "row nowrap" }, code, remove),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (typed() !== session.state.board.code) return;
    remove.disabled = true;
    const ack = await session.command("delete_board", { confirm: typed() });
    if (ack.ok) onDeleted();
    else {
      setText(status, t("console.not_deleted")); // the reason is in the toast
      remove.disabled = false;
    }
  });
  root.replaceChildren(
    h("h2", { text: t("console.the_board") }),
    state,
    h("div", { class: "row" }, archive),
    h("details", { class: "danger-zone" },
      h("summary", { text: t("console.delete_board") }),
      h("p", { class: "hint", text: t("console.delete_warning") }),
      form),
  );

  return function render(s) {
    const archived = Boolean(s.board.archived);
    setText(state, t(archived ? "console.archived_state" : "console.open_state"));
    setText(archive, t(archived ? "console.reopen_board" : "console.archive_board"));
    setNodes(form.querySelector("#delete-label"), tn("console.type_code_to_confirm", { code: s.board.code }));
  };
}
