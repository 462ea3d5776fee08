// The board's life: archive it (read-only) or reopen it; delete it for good, after
// typing its join code (the server checks the code too).

import { h, setText } from "./dom.js";

export function lifecyclePanel(root, session, { onDeleted }) {
  const state = h("p", { class: "hint", id: "archive-state" });
  const archive = h("button", { type: "button", id: "archive" });
  archive.addEventListener("click", () => session.command("archive_board", { archived: !session.state.board.archived }));
  const code = h("input", { id: "delete-code", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "12" });
  const remove = h("button", { type: "submit", class: "danger", text: "Delete for good", disabled: true });
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
      setText(status, ack.message || "Not deleted.");
      remove.disabled = false;
    }
  });
  root.replaceChildren(
    h("h2", { text: "The board" }),
    state,
    h("div", { class: "row" }, archive),
    h("details", { class: "danger-zone" },
      h("summary", { text: "Delete the board…" }),
      h("p", { class: "hint", text: "Deleting erases every note, dot and decision, and closes every phone and projector. Export the report first." }),
      form),
  );

  return function render(s) {
    const archived = Boolean(s.board.archived);
    setText(state, archived ? "Archived: read-only until you reopen it." : "Open: people can write and vote as the phase allows.");
    setText(archive, archived ? "Reopen the board" : "Archive the board");
    setText(form.querySelector("#delete-label"), `Type the join code ${s.board.code} to confirm`);
  };
}
