// The start page: agenda templates from the server, this browser's own boards (open,
// start a new session from one, forget), and importing a board from a JSON export.

import { forgetBoard, listBoards } from "./boards-list.js";
import { $, h, setText } from "./dom.js";
import { exportKeyOf, openConsole, postBoard } from "./new-board.js";

async function loadTemplates() {
  const select = $("#template");
  const about = $("#template-about");
  let templates = [];
  try {
    const response = await fetch("/api/templates");
    if (response.ok) templates = await response.json();
  } catch {
    return; // the options in the HTML stay
  }
  if (!Array.isArray(templates) || !templates.length) return;
  const chosen = select.value;
  select.replaceChildren(...templates.map((t) => h("option", { value: t.name, text: t.title, selected: t.name === chosen })));
  const describe = () => {
    const template = templates.find((t) => t.name === select.value);
    const phases = template?.phases?.map((p) => p.title).join(" → ") || "";
    about.textContent = [template?.description, phases && `Agenda: ${phases}.`].filter(Boolean).join("\n");
  };
  select.addEventListener("change", describe);
  describe();
}

function renderMine() {
  const boards = listBoards();
  $("#mine").hidden = boards.length === 0;
  $("#my-boards").replaceChildren(...boards.map(boardItem));
}

function boardItem(board) {
  const title = board.title || "Untitled board";
  const href = `/b/${encodeURIComponent(board.id)}/facilitate${board.secret ? `#${board.secret}` : ""}`;
  const forget = h("button", { type: "button", class: "link-button danger", text: "Forget", "aria-label": `Forget ${title} in this browser` });
  forget.addEventListener("click", () => {
    forgetBoard(board.id);
    renderMine();
  });
  const again = h("button", { type: "button", class: "link-button", text: "New session", "aria-label": `New session from ${title}` });
  const form = newSessionForm(board, title);
  again.addEventListener("click", () => {
    form.hidden = !form.hidden;
    again.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input").focus();
  });
  again.setAttribute("aria-expanded", "false");
  return h("li", {},
    h("a", { href, text: title }),
    board.archived ? h("span", { class: "tag", text: "archived" }) : null,
    h("span", { class: "code", text: board.code || "" }),
    again,
    forget,
    form);
}

/** A new, empty board with this board's agenda and settings: POST /api/boards {from_board, key, title}. */
function newSessionForm(board, title) {
  const id = `again-${board.id}`;
  const input = h("input", { id, maxlength: "120", required: true, value: `${title} (new session)` });
  const status = h("span", { class: "hint", role: "status" });
  const form = h("form", { class: "new-session", hidden: true },
    h("label", { for: id, class: "label", text: "Title of the new session" }),
    h("div", { class: "row nowrap" }, input, h("button", { type: "submit", class: "primary", text: "Create" })),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    const key = await exportKeyOf(board);
    if (!key) {
      setText(status, "Open this board's console once in this browser first (it keeps the board's export key).");
      return;
    }
    button.disabled = true;
    setText(status, "Creating…");
    try {
      const newTitle = input.value.trim() || title;
      openConsole(await postBoard("/api/boards", { from_board: board.id, key, title: newTitle }), newTitle);
    } catch (err) {
      setText(status, `Could not create the session: ${err.message}`);
      button.disabled = false;
    }
  });
  return form;
}

/**
 * Create the board through the JSON API (the plain form post is the no-JS fallback),
 * remember it with its secret, then open its console.
 */
async function createBoard(event) {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector("button[type=submit]");
  const status = $("#create-status");
  const data = new FormData(form);
  const body = {
    title: data.get("title"),
    question: data.get("question") || "",
    template: data.get("template"),
    settings: {
      dots_per_person: Number(data.get("dots_per_person")),
      max_dots_per_note: Number(data.get("max_dots_per_note")),
      anonymous: form.elements.anonymous[1].checked,
      blind_votes: form.elements.blind_votes[1].checked,
    },
  };
  const groups = String(data.get("groups") || "").split("\n").map((g) => g.trim()).filter(Boolean);
  if (groups.length) body.settings.groups = groups;
  button.disabled = true;
  status.textContent = "Creating…";
  try {
    openConsole(await postBoard("/api/boards", body), body.title);
  } catch (err) {
    status.textContent = `Could not create the board: ${err.message}`;
    button.disabled = false;
  }
}

/** POST the chosen file, as it is, to /api/boards/import: a new board with its content. */
async function importBoard(event) {
  event.preventDefault();
  const form = event.target;
  const status = $("#import-status");
  const file = form.elements.file.files[0];
  if (!file) return;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  setText(status, "Importing…");
  try {
    const text = await file.text();
    let title = "Imported board";
    try {
      title = JSON.parse(text)?.board?.settings?.title || title;
    } catch {
      // not JSON: the server says what is wrong
    }
    openConsole(await postBoard("/api/boards/import", text), title);
  } catch (err) {
    setText(status, `Could not import: ${err.message}`);
    button.disabled = false;
  }
}

$("form.create").addEventListener("submit", createBoard);
$("form.import").addEventListener("submit", importBoard);

const code = $("#code");
code.addEventListener("input", () => {
  const upper = code.value.toUpperCase().replace(/\s+/g, "");
  if (upper !== code.value) code.value = upper;
  setText($("#join-status"), "");
});

// A wrong code is said here, in a sentence, instead of leading to an error page.
$("form.join-code").addEventListener("submit", async (event) => {
  event.preventDefault();
  const typed = code.value.trim().toUpperCase();
  if (!typed) return;
  try {
    const response = await fetch(`/api/join/${encodeURIComponent(typed)}`);
    const found = await response.json();
    if (response.ok && found.board) {
      location.assign(`/b/${encodeURIComponent(found.board)}`);
      return;
    }
    setText($("#join-status"), response.ok ? `No board has the code ${typed}. Check the code on the screen.` : found.message);
    code.focus();
  } catch {
    location.assign(`/j/${encodeURIComponent(typed)}`); // the check failed: let the browser try the address
  }
});

// On a phone the start page leads with joining; a laptop shows the facilitator's forms at once.
if (matchMedia("(min-width: 60rem)").matches) $("#run").open = true;

renderMine();
loadTemplates();
