// "Run an event" on the start page: a title, a description, and its working groups
// (metanets), each with a title, question and agenda -- or an event template that fills
// the list. POST /api/events, remember the event in this browser, open the organiser console.
// The start page only loads this module; it places its own card after "Run a session".

import { h, setText } from "../dom.js";
import { httpErrorText } from "../error-text.js";
import { rememberEvent } from "./my-events.js";
import { loadTemplates } from "./templates.js";

const MAX = 12;

/** The event templates (GET /api/event-templates: [{name, title, description, metanets}]). */
let eventTemplates = [];
async function fetchEventTemplates(select, about) {
  try {
    const response = await fetch("/api/event-templates");
    eventTemplates = response.ok ? await response.json() : [];
  } catch {
    eventTemplates = [];
  }
  if (!Array.isArray(eventTemplates)) eventTemplates = [];
  select.append(...eventTemplates.map((t) => h("option", { value: t.name, text: `${t.title} (${t.metanets?.length || 0} groups)` })));
  select.addEventListener("change", () => setText(about, eventTemplates.find((t) => t.name === select.value)?.description || ""));
}

let rowCount = 0;

function groupRow(list, fields = {}) {
  rowCount += 1;
  const n = rowCount;
  const title = h("input", { id: `ev-g${n}-title`, class: "wg-title", maxlength: "120", required: true, dir: "auto", value: fields.title || "" });
  const question = h("input", { id: `ev-g${n}-question`, class: "wg-question", maxlength: "500", dir: "auto", value: fields.question || "" });
  const template = h("select", { id: `ev-g${n}-template`, class: "wg-template" }, h("option", { value: fields.template || "strategy-sprint", text: "Strategy sprint" }));
  loadTemplates(template, fields.template || "strategy-sprint");
  const remove = h("button", { type: "button", class: "link-button danger", text: "Remove" });
  const row = h("li", { class: "wg-row" },
    h("label", { class: "label", for: title.id, text: "Working group title" }), title,
    h("label", { class: "label", for: question.id, text: "Its question (optional)" }), question,
    h("label", { class: "label", for: template.id, text: "Agenda" }), template,
    remove);
  remove.addEventListener("click", () => {
    row.remove();
    renumber(list);
  });
  list.append(row);
  renumber(list);
  return row;
}

/** "Working group 2 title": labels that say which row they belong to. */
function renumber(list) {
  [...list.children].forEach((row, i) => {
    const labels = row.querySelectorAll("label");
    setText(labels[0], `Working group ${i + 1}: title`);
    setText(labels[1], `Working group ${i + 1}: question (optional)`);
    setText(labels[2], `Working group ${i + 1}: agenda`);
    row.querySelector(".danger").setAttribute("aria-label", `Remove working group ${i + 1}`);
    row.querySelector(".danger").hidden = list.children.length <= 1;
  });
  const add = list.parentElement?.querySelector(".wg-add");
  if (add) add.disabled = list.children.length >= MAX;
}

function eventForm() {
  const title = h("input", { id: "ev-title", name: "title", required: true, maxlength: "120", dir: "auto", placeholder: "e.g. Countering wildlife crime — strategy sprint" });
  const description = h("textarea", { id: "ev-description", rows: "2", maxlength: "500", dir: "auto" });
  const template = h("select", { id: "ev-template", "aria-describedby": "ev-template-about" }, h("option", { value: "", text: "Our own working groups" }));
  const about = h("p", { class: "hint", id: "ev-template-about" });
  fetchEventTemplates(template, about);
  const list = h("ol", { class: "wg-list" });
  const add = h("button", { type: "button", class: "wg-add", text: "+ Add a working group" });
  const status = h("p", { class: "hint", role: "status", id: "event-status" });
  const submit = h("button", { type: "submit", class: "primary big", text: "Create the event" });
  const form = h("form", { class: "create-event" },
    h("label", { class: "label", for: "ev-title", text: "Event title" }), title,
    h("label", { class: "label", for: "ev-description", text: "Description (optional)" }), description,
    h("label", { class: "label", for: "ev-template", text: "Working groups from" }), template, about,
    h("fieldset", { class: "wg" }, h("legend", { class: "label", text: "Working groups (up to 12)" }), list, add),
    submit, status);
  groupRow(list);
  groupRow(list);
  add.addEventListener("click", () => groupRow(list).querySelector("input").focus());
  template.addEventListener("change", () => prefill(template.value, list));
  form.addEventListener("submit", (event) => create(event, { title, description, template, list, submit, status }));
  return form;
}

/** An event template's working groups fill the list (each can still be changed). */
function prefill(name, list) {
  const metanets = eventTemplates.find((t) => t.name === name)?.metanets;
  if (!Array.isArray(metanets) || !metanets.length) return;
  list.replaceChildren();
  for (const m of metanets.slice(0, MAX)) groupRow(list, m);
}

async function create(event, { title, description, template, list, submit, status }) {
  event.preventDefault();
  const metanets = [...list.children].map((row) => ({
    title: row.querySelector(".wg-title").value.trim(),
    question: row.querySelector(".wg-question").value.trim(),
    template: row.querySelector(".wg-template").value,
  }));
  const body = { title: title.value.trim(), description: description.value.trim(), metanets };
  if (template.value) body.template = template.value;
  submit.disabled = true;
  setText(status, "Creating the event…");
  try {
    const response = await fetch("/api/events", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const result = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(httpErrorText(result));
    rememberEvent({ ...result, title: body.title });
    location.assign(result.organiser_url);
  } catch (err) {
    setText(status, `Could not create the event: ${err.message}`);
    submit.disabled = false;
  }
}

/**
 * "Run an event", folded like the start page's "Run a session" (always: it is the rarer task),
 * right after it. Its form is built when first opened: until then the start page has no more
 * fields than before (and no second "Title" or "Agenda").
 */
function mount() {
  document.head.append(h("link", { rel: "stylesheet", href: "/static/css/event-home.css" }));
  const run = document.querySelector("#run");
  const body = h("section", { "aria-labelledby": "run-event-heading" });
  const card = h("details", { class: "card run run-event", id: "run-event" },
    h("summary", {},
      h("span", { class: "run-heading", id: "run-event-heading", text: "Run an event" }), " ",
      h("span", { class: "hint", text: "several working groups side by side, a Lounge screen, a plenary" })),
    body);
  card.addEventListener("toggle", () => {
    if (!card.open || body.firstChild) return;
    body.append(
      h("p", { class: "hint", text: "Each working group gets its own board and facilitator link. People pick a group on their phone from the event's QR code and can switch at any time." }),
      eventForm());
    body.querySelector("input").focus();
  });
  const after = run || document.querySelector("form.create")?.closest("section, details") || document.querySelector("main > :last-child");
  if (after) after.after(card);
  else document.body.append(card);
}

mount();
