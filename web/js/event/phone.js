// The event's phone page (event.html, /e/CODE): who I am here (once per event), then
// every metanet live -- one tap on a metanet opens its board, which joins by itself.

import { $, reconcile, setText, show } from "../dom.js";
import { languageMenu, t } from "../i18n.js";
import { eventCodeFromPath } from "./event-session.js";
import { loadMe, saveMe } from "./me.js";
import { meForm } from "./me-form.js";
import { createItem, updateItem, updateItemTimer } from "./metanet-list.js";
import { eventScreen } from "./screen.js";

const code = eventCodeFromPath();

let form = null; // built once the page's words have come

/** A tap on a metanet: in when I said who I am, else the one question first. */
function pick(event, board) {
  const me = loadMe(code);
  if (!me || !board) {
    event.preventDefault();
    if (board) {
      show($("#pick-first"), true);
      form.focus();
    }
    return;
  }
  saveMe(code, { board });
}

function render(session) {
  const gathering = session.gathering;
  document.title = t("event.phone_doc_named", { title: gathering.title });
  setText($("#title"), gathering.title);
  setText($("#description"), gathering.description || "");
  show($("#description"), Boolean(gathering.description));
  setText($("#message"), session.message);
  show($("#message"), Boolean(session.message));
  const me = loadMe(code);
  form.render(gathering.groups || [], me);
  const now = session.clock.now();
  const options = { code: gathering.code || code, now, lastBoard: me?.board || "" };
  reconcile($("#metanets"), session.metanets, (s) => s.board, () => createItem(pick), (li, s) => updateItem(li, s, options));
  show($("#empty"), session.metanets.length === 0);
}

function start() {
  document.title = t("event.phone_doc");
  $(".event-top").append(languageMenu("event"));
  form = meForm($("#me"), (fields) => {
    saveMe(code, fields);
    show($("#pick-first"), false);
    schedule();
  });
}

const { schedule } = eventScreen({ role: "phone", render, onReady: start, tick: { list: $("#metanets"), update: updateItemTimer, every: 1000 } });
