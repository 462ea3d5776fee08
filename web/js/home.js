// The start page: join by code, this browser's own boards and events, create a board from an
// agenda template, import a board from a JSON export, and "Run an event" (event/new-event.js).
// Every word comes from the catalog's `home` section, in the language chosen for this screen.

import { forgetBoard, listBoards } from "./boards-list.js";
import { $, h, setText } from "./dom.js";
import { mountEventCard } from "./event/new-event.js";
import { fetchTemplates, templateText } from "./event/templates.js";
import { renderMyEvents } from "./event/your-events.js";
import { chooseLanguage, LANGUAGES, languageMenu, startLanguage, t, words } from "./i18n.js";
import { exportKeyOf, openConsole, postJson, Refused, whyRefused } from "./new-board.js";

const MAX_GROUPS = 12; // server/domain/groups.py
const ready = startLanguage(chooseLanguage("home"), ["common", "home", "errors"]);

async function loadTemplates() {
  const select = $("#template");
  const about = $("#template-about");
  const templates = await fetchTemplates();
  if (!templates.length) return; // the options in the HTML stay
  const chosen = select.value;
  select.replaceChildren(...templates.map((tp) => h("option", { value: tp.name, text: templateText(tp).title, selected: tp.name === chosen })));
  const describe = () => {
    const template = templates.find((tp) => tp.name === select.value);
    if (!template) return about.replaceChildren();
    const phases = (template.phases || []).map((p) => p.i18n?.[words.code]?.title || p.title);
    about.replaceChildren(
      h("span", { class: "template-description", text: templateText(template).description }),
      phases.length ? h("span", { class: "template-steps", text: t("home.agenda_steps", { phases: phases.join(t("home.agenda_arrow")) }) }) : null);
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
  const title = board.title || t("home.untitled_board");
  const href = `/b/${encodeURIComponent(board.id)}/facilitate${board.secret ? `#${board.secret}` : ""}`;
  const forget = h("button", { type: "button", class: "link-button danger", text: t("home.forget"), "aria-label": t("home.forget_aria", { title }) });
  forget.addEventListener("click", () => {
    forgetBoard(board.id);
    renderMine();
  });
  const again = h("button", { type: "button", class: "link-button", text: t("home.new_session"), "aria-label": t("home.new_session_aria", { title }) });
  const form = newSessionForm(board, title);
  again.addEventListener("click", () => {
    form.hidden = !form.hidden;
    again.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input").focus();
  });
  again.setAttribute("aria-expanded", "false");
  return h("li", {},
    h("a", { href, text: title, dir: "auto" }),
    board.archived ? h("span", { class: "tag", text: t("home.archived") }) : null,
    h("span", { class: "code", text: board.code || "", translate: "no" }),
    // "opened 2 days ago": which of several boards is today's (Intl.RelativeTimeFormat)
    board.used ? h("span", { class: "used", text: t("home.board_opened", { when: words.relative((board.used - Date.now()) / 1000) }) }) : null,
    again,
    forget,
    form);
}

/** A new, empty board with this board's agenda and settings: POST /api/boards {from_board, key, title}. */
function newSessionForm(board, title) {
  const id = `again-${board.id}`;
  const input = h("input", { id, maxlength: "120", required: true, dir: "auto", value: t("home.new_session_title", { title }) });
  const status = h("span", { class: "hint", role: "status" });
  const form = h("form", { class: "new-session", hidden: true },
    h("label", { for: id, class: "label", text: t("home.new_session_title_label") }),
    h("div", { class: "row nowrap" }, input, h("button", { type: "submit", class: "primary", text: t("home.create") })),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    const key = await exportKeyOf(board);
    if (!key) {
      setText(status, t("home.needs_export_key"));
      return;
    }
    button.disabled = true;
    setText(status, t("home.creating"));
    try {
      const newTitle = input.value.trim() || title;
      openConsole(await postJson("/api/boards", { from_board: board.id, key, title: newTitle }), newTitle);
    } catch (err) {
      setText(status, t("home.session_failed", { reason: whyRefused(err) }));
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
  // The board's shared screens (projector, phase titles from the template) start in this page's language.
  if (LANGUAGES.some((l) => l.code === words.code)) body.settings.language = words.code;
  button.disabled = true;
  setText(status, t("home.creating"));
  try {
    openConsole(await postJson("/api/boards", body), body.title);
  } catch (err) {
    setText(status, t("home.create_failed", { reason: whyRefused(err) }));
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
  setText(status, t("home.importing"));
  try {
    const text = await file.text();
    let title = t("home.imported_board");
    try {
      title = JSON.parse(text)?.board?.settings?.title || title;
    } catch {
      // not JSON: the server says what is wrong
    }
    openConsole(await postJson("/api/boards/import", text), title);
  } catch (err) {
    setText(status, t("home.import_failed", { reason: whyRefused(err) }));
    button.disabled = false;
  }
}

/** A wrong code is said here, in a sentence, instead of leading to an error page. */
async function joinByCode(event) {
  event.preventDefault();
  const code = $("#code");
  const typed = code.value.trim().toUpperCase();
  if (!typed) return;
  try {
    const response = await fetch(`/api/join/${encodeURIComponent(typed)}`);
    const found = await response.json();
    if (response.ok && found.board) {
      location.assign(`/b/${encodeURIComponent(found.board)}`);
      return;
    }
    setText($("#join-status"), response.ok ? t("home.join_no_board", { code: typed }) : whyRefused(new Refused(found, response.status)));
    code.focus();
  } catch {
    location.assign(`/j/${encodeURIComponent(typed)}`); // the check failed: let the browser try the address
  }
}

/** The page's words, then its parts: nothing is drawn from JavaScript before the catalog is here. */
async function start() {
  await ready;
  document.title = t("home.page_title");
  $(".hero-top").append(languageMenu("home"));
  setText($("#groups-hint"), t("home.groups_hint", { max: MAX_GROUPS }));
  const groups = $("#groups");
  // The default groups in this language (a value the browser restored, or one typed, stays).
  if (groups.value === groups.defaultValue) groups.defaultValue = t("home.default_groups");
  $("form.create").addEventListener("submit", createBoard);
  $("form.import").addEventListener("submit", importBoard);
  $("form.join-code").addEventListener("submit", joinByCode);
  const code = $("#code");
  code.addEventListener("input", () => {
    const upper = code.value.toUpperCase().replace(/\s+/g, "");
    if (upper !== code.value) code.value = upper;
    setText($("#join-status"), "");
  });
  // On a phone the start page leads with joining; a laptop shows the facilitator's forms at once.
  if (matchMedia("(min-width: 60rem)").matches) $("#run").open = true;
  mountEventCard();
  renderMine();
  renderMyEvents($("#my-events-card"), $("#my-events"));
  loadTemplates();
}

start();
