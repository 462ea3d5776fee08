// The start page: agenda templates from the server, and this browser's own boards.

import { forgetBoard, listBoards, rememberBoard } from "./boards-list.js";
import { $, h } from "./dom.js";

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
    about.textContent = templates.find((t) => t.name === select.value)?.description || "";
  };
  select.addEventListener("change", describe);
  describe();
}

function renderMine() {
  const boards = listBoards();
  $("#mine").hidden = boards.length === 0;
  $("#my-boards").replaceChildren(
    ...boards.map((board) => {
      const href = `/b/${encodeURIComponent(board.id)}/facilitate${board.secret ? `#${board.secret}` : ""}`;
      const item = h("li", {},
        h("a", { href, text: board.title || "Untitled board" }),
        h("span", { class: "code", text: board.code || "" }),
        h("button", { type: "button", class: "link-button danger", text: "Forget", "aria-label": `Forget ${board.title || "this board"} in this browser` }));
      item.querySelector("button").addEventListener("click", () => {
        forgetBoard(board.id);
        renderMine();
      });
      return item;
    }),
  );
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
  button.disabled = true;
  status.textContent = "Creating…";
  try {
    const response = await fetch("/api/boards", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const result = await response.json();
    if (!response.ok) throw new Error(result.message || `the server said ${response.status}`);
    rememberBoard({ id: result.board, code: result.code, secret: result.secret, title: body.title });
    location.assign(`/b/${encodeURIComponent(result.board)}/facilitate#${result.secret}`);
  } catch (err) {
    status.textContent = `Could not create the board: ${err.message}`;
    button.disabled = false;
  }
}

$("form.create").addEventListener("submit", createBoard);

const code = $("#code");
code.addEventListener("input", () => {
  const upper = code.value.toUpperCase().replace(/\s+/g, "");
  if (upper !== code.value) code.value = upper;
});

renderMine();
loadTemplates();
