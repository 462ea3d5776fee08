// The organiser adds a working group: POST /api/events/{id}/metanets with the organiser
// secret in X-Metanet-Organiser. The new metanet reaches every screen through its summary.

import { h, setNodes, setText } from "../dom.js";
import { httpErrorText } from "../error-text.js";
import { t, tn } from "../i18n.js";

import { loadTemplates } from "./templates.js";

/** `onAdded(entry)` gets the new metanet's links (to remember them in this browser). */
export function addMetanetForm(root, { eventId, secret, onAdded }) {
  const title = h("input", { id: "add-title", name: "title", required: true, maxlength: "120", dir: "auto" });
  const question = h("input", { id: "add-question", name: "question", maxlength: "500", dir: "auto" });
  const template = h("select", { id: "add-template", name: "template" }, h("option", { value: "strategy-sprint", text: t("event.add_template_default") }));
  const status = h("p", { class: "hint", role: "status" });
  const button = h("button", { type: "submit", class: "primary", text: t("event.add_button") });
  const form = h("form", { class: "add-metanet" },
    h("h2", { text: t("event.add_heading") }),
    h("label", { class: "label", for: "add-title", text: t("event.add_title") }), title,
    h("label", { class: "label", for: "add-question", text: t("event.add_question") }), question,
    h("label", { class: "label", for: "add-template", text: t("event.add_agenda") }), template,
    button, status);
  root.replaceChildren(form);
  loadTemplates(template);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    setText(status, t("event.adding"));
    try {
      const response = await fetch(`/api/events/${encodeURIComponent(eventId())}/metanets`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Metanet-Organiser": secret },
        body: JSON.stringify({ title: title.value.trim(), question: question.value.trim(), template: template.value }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(httpErrorText(body));
      onAdded(body);
      setNodes(status, tn("event.added", { title: body.title || title.value.trim() }));
      form.reset();
    } catch (err) {
      setText(status, t("event.add_failed", { reason: err.message }));
    } finally {
      button.disabled = false;
    }
  });
}
