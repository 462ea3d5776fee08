// "Run an event" on the start page: a title, a description, and its working groups
// (metanets), each with a title, question and agenda -- or an event template that fills
// the list. POST /api/events, remember the event in this browser, open the organiser console.
// The start page (home.js) mounts its card after "Run a session", once the page's words are here.

import { h, setText } from "../dom.js";
import { t, words } from "../i18n.js";
import { postJson, whyRefused } from "../new-board.js";
import { rememberEvent } from "./my-events.js";
import { loadTemplates, templateText } from "./templates.js";

const MAX = 12;

/** The event templates (GET /api/event-templates: [{name, title, description, metanets, i18n}]). */
let eventTemplates = [];
async function fetchEventTemplates(select, about) {
  try {
    const response = await fetch("/api/event-templates");
    eventTemplates = response.ok ? await response.json() : [];
  } catch {
    eventTemplates = [];
  }
  if (!Array.isArray(eventTemplates)) eventTemplates = [];
  select.append(...eventTemplates.map((tp) => h("option", {
    value: tp.name,
    text: t("home.event_template_option", { title: templateText(tp).title, count: tp.metanets?.length || 0 }),
  })));
  select.addEventListener("change", () => setText(about, templateText(eventTemplates.find((tp) => tp.name === select.value)).description));
}

let rowCount = 0;

function groupRow(list, fields = {}) {
  rowCount += 1;
  const n = rowCount;
  const title = h("input", { id: `ev-g${n}-title`, class: "wg-title", maxlength: "120", required: true, dir: "auto", value: fields.title || "" });
  const question = h("input", { id: `ev-g${n}-question`, class: "wg-question", maxlength: "500", dir: "auto", value: fields.question || "" });
  const template = h("select", { id: `ev-g${n}-template`, class: "wg-template" }, h("option", { value: fields.template || "strategy-sprint", text: t("home.template_strategy_sprint") }));
  loadTemplates(template, fields.template || "strategy-sprint");
  const remove = h("button", { type: "button", class: "link-button danger", text: t("home.wg_remove") });
  // the labels say which row they belong to (renumber)
  const row = h("li", { class: "wg-row" },
    h("label", { class: "label", for: title.id }), title,
    h("label", { class: "label", for: question.id }), question,
    h("label", { class: "label", for: template.id }), template,
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
    setText(labels[0], t("home.wg_title_label", { n: i + 1 }));
    setText(labels[1], t("home.wg_question_label", { n: i + 1 }));
    setText(labels[2], t("home.wg_agenda_label", { n: i + 1 }));
    row.querySelector(".danger").setAttribute("aria-label", t("home.wg_remove_aria", { n: i + 1 }));
    row.querySelector(".danger").hidden = list.children.length <= 1;
  });
  const add = list.parentElement?.querySelector(".wg-add");
  if (add) add.disabled = list.children.length >= MAX;
}

function eventForm() {
  const title = h("input", { id: "ev-title", name: "title", required: true, maxlength: "120", dir: "auto", placeholder: t("home.event_title_placeholder") });
  const description = h("textarea", { id: "ev-description", rows: "2", maxlength: "500", dir: "auto" });
  const template = h("select", { id: "ev-template", "aria-describedby": "ev-template-about" }, h("option", { value: "", text: t("home.own_working_groups") }));
  const about = h("p", { class: "hint", id: "ev-template-about" });
  fetchEventTemplates(template, about);
  const list = h("ol", { class: "wg-list" });
  const add = h("button", { type: "button", class: "wg-add", text: t("home.add_working_group") });
  const status = h("p", { class: "hint", role: "status", id: "event-status" });
  const submit = h("button", { type: "submit", class: "primary big", text: t("home.create_event") });
  const form = h("form", { class: "create-event" },
    h("label", { class: "label", for: "ev-title", text: t("home.event_title_label") }), title,
    h("label", { class: "label", for: "ev-description", text: t("home.event_description_label") }), description,
    h("label", { class: "label", for: "ev-template", text: t("home.event_template_label") }), template, about,
    h("fieldset", { class: "wg" }, h("legend", { class: "label", text: t("home.working_groups_legend", { max: MAX }) }), list, add),
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
  const metanets = eventTemplates.find((tp) => tp.name === name)?.metanets;
  if (!Array.isArray(metanets) || !metanets.length) return;
  list.replaceChildren();
  // a working group's title and question in the page's language when the template has them
  for (const m of metanets.slice(0, MAX)) {
    const own = m.i18n?.[words.code] || {};
    groupRow(list, { ...m, title: own.title || m.title, question: own.question || m.question });
  }
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
  setText(status, t("home.creating_event"));
  try {
    const result = await postJson("/api/events", body);
    rememberEvent({ ...result, title: body.title });
    location.assign(result.organiser_url);
  } catch (err) {
    setText(status, t("home.event_failed", { reason: whyRefused(err) }));
    submit.disabled = false;
  }
}

/**
 * "Run an event", folded like the start page's "Run a session" (always: it is the rarer task),
 * right after it. Its form is built when first opened: until then the start page has no more
 * fields than before (and no second "Title" or "Agenda").
 */
export function mountEventCard() {
  document.head.append(h("link", { rel: "stylesheet", href: "/static/css/event-home.css" }));
  const run = document.querySelector("#run");
  const body = h("section", { "aria-labelledby": "run-event-heading" });
  const card = h("details", { class: "card run run-event", id: "run-event" },
    h("summary", {},
      h("span", { class: "run-heading", id: "run-event-heading", text: t("home.run_event_heading") }), " ",
      h("span", { class: "hint", text: t("home.run_event_hint") })),
    body);
  card.addEventListener("toggle", () => {
    if (!card.open || body.firstChild) return;
    body.append(
      h("p", { class: "hint", text: t("home.run_event_about") }),
      eventForm());
    body.querySelector("input").focus();
  });
  const after = run || document.querySelector("form.create")?.closest("section, details") || document.querySelector("main > :last-child");
  if (after) after.after(card);
  else document.body.append(card);
}
