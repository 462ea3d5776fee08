// What a board page shows when the board is a metanet of an event: the organiser's message
// as a banner (phones and projector), and on the phone a "Switch metanet" link back to the
// event's list, plus joining by itself with the name and group given once for the event.
// One call from participant.js / projector.js; everything else lives here.
//
// Its words (catalog section `event`) are fetched only on a board that is a metanet of an event,
// in the page's language, so an ordinary board's first load carries none of them.

import { h, setText, show } from "../dom.js";
import { chooseLanguage, otherWords } from "../i18n.js";
import { boardIdFromPath } from "../identity.js";
import { eventOfBoard, loadMe, saveMe } from "./me.js";

/**
 * Hook an event's extras into a board page. `session` is the page's board Session; `role`
 * is "participant" or "projector". Renders after each of the session's changes.
 */
export function eventHooks(session, { role }) {
  const board = boardIdFromPath();
  const fromUrl = role === "participant" ? eventOfBoard(board) : "";
  const banner = h("p", { class: `event-banner ${role}`, role: "status", dir: "auto", hidden: true });
  const link = h("a", { class: "switch-metanet" });
  const eventName = h("span", { class: "switch-event", dir: "auto" });
  const nav = h("nav", { class: "event-nav", hidden: true }, link, eventName);
  const anchor = document.querySelector("header");
  anchor.after(banner);
  if (role === "participant") anchor.after(nav);

  let joinTried = false;
  const inner = session.onChange;
  session.onChange = (...args) => {
    inner(...args);
    update();
  };

  function update() {
    const state = session.state;
    if (!state.loaded) return;
    const gathering = state.board.gathering || null;
    const code = gathering?.code || fromUrl;
    const text = state.board.announcement?.text || "";
    if (code || text) styled();
    setText(banner, text);
    show(banner, Boolean(text) && !session.deleted);
    if (role !== "participant") return;
    if (code) named();
    show(nav, Boolean(code) && !session.deleted && Boolean(words));
    if (!code) return;
    link.href = `/e/${encodeURIComponent(code)}?lang=${encodeURIComponent(words?.code || "en")}`; // back in this page's language
    setText(eventName, gathering?.title || "");
    autoJoin(state, code);
  }

  /** The nav's words, fetched (once) in the page's language by a board that is a metanet of an event. */
  let words = null;
  let asked = false;
  function named() {
    if (asked) return;
    asked = true;
    otherWords(chooseLanguage("phone"), ["event"]) // the phone page's language (it chooses the same way)
      .catch(() => otherWords("en", ["event"]))
      .then((found) => {
        words = found;
        link.textContent = words.t("event.switch_metanet");
        nav.setAttribute("aria-label", words.t("event.this_event"));
        update();
      })
      .catch((error) => console.warn("metanet:", error));
  }

  /** The styles, fetched only by a board that is a metanet of an event. */
  let styles = null;
  function styled() {
    if (!styles) document.head.append((styles = h("link", { rel: "stylesheet", href: "/static/css/event-hooks.css" })));
  }

  /** Join with the name and group given at the event, once, if this board offers that group. */
  function autoJoin(state, code) {
    const me = loadMe(code);
    if (!me) return;
    if (me.board !== board) saveMe(code, { board });
    if (joinTried || state.joined || state.board.archived || !state.groups.includes(me.group)) return;
    joinTried = true;
    session.command("join", { name: me.name, group: me.group });
  }
}
