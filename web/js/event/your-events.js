// "Your events" on the start page: the events created in this browser, each with its
// organiser console's link (and secret, kept in this browser only), its code, and "Forget".

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { forgetEvent, listEvents } from "./my-events.js";

function eventItem(event, again) {
  const title = event.title || t("home.untitled_event");
  const forget = h("button", { type: "button", class: "link-button danger", text: t("home.forget"), "aria-label": t("home.forget_aria", { title }) });
  forget.addEventListener("click", () => {
    forgetEvent(event.code);
    again();
  });
  const href = event.organiser_url || `/e/${encodeURIComponent(event.code)}/console${event.secret ? `#${event.secret}` : ""}`;
  return h("li", {},
    h("a", { href, text: title, dir: "auto" }),
    h("span", { class: "code", text: event.code, translate: "no" }),
    forget);
}

/** Show this browser's events in `list`; `card` (the section around it) is hidden when there are none. */
export function renderMyEvents(card, list) {
  const render = () => {
    const events = listEvents();
    card.hidden = events.length === 0;
    list.replaceChildren(...events.map((e) => eventItem(e, render)));
  };
  render();
}
