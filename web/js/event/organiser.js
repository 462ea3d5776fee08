// The organiser console (organiser.html, /e/CODE/console#SECRET): every metanet's phase,
// timer and people at a glance with their links, a message to everyone, every timer
// started or paused together, the plenary opened, working groups added, the report.

import { $, h, reconcile, setNodes, setText, show } from "../dom.js";
import { exportPanel } from "../export-panel.js";
import { languageMenu, t, tn, words } from "../i18n.js";
import { addMetanetForm } from "./add-metanet.js";
import { eventCodeFromPath } from "./event-session.js";
import { findEvent, rememberEvent } from "./my-events.js";
import { createRow, updateRow, updateRowTimer } from "./organiser-row.js";
import { eventScreen } from "./screen.js";


const code = eventCodeFromPath();
const secret = decodeURIComponent(location.hash.slice(1));

/** What the last action did (text, or nodes when it names working groups). */
function say(text) {
  if (Array.isArray(text)) setNodes($("#action-status"), text);
  else setText($("#action-status"), text);
}

const { session } = eventScreen({ role: "organiser", secret, onError: say, render, onReady: start, tick: { list: $("#rows"), update: updateRowTimer } });

/** A metanet's links: from the organiser's welcome, else from when this browser created it. */
function linksOf(board) {
  const fromServer = session.links.get(board);
  if (fromServer) return fromServer;
  return findEvent(code)?.metanets?.find((m) => m.board === board) || null;
}

// -- commands -------------------------------------------------------------------------

/** Send a command; when done, say `done` (a catalog key), and which metanets it did not change. */
async function run(type, fields, done) {
  const ack = await session.command(type, fields);
  if (ack.ok) say([t(done), ...unchanged(ack.result)]);
  else if (ack.message && !ack.t) say(ack.message); // not sent at all (an ack from the server said it already)
  return ack;
}

/** " Not in: Fisheries (not now)." for the metanets a command for all of them did not change. */
function unchanged(result) {
  const refused = Object.entries(result?.boards || {}).filter(([, code]) => code !== "ok");
  if (!refused.length) return [];
  const title = (board) => session.summaries.get(board)?.title || board;
  const reason = (code) => t(words.has(`event.refused_${code}`) ? `event.refused_${code}` : "event.refused_other");
  const items = refused.map(([board, code]) => ({ nodes: tn("event.refused_item", { title: title(board), reason: reason(code) }) }));
  const list = new Intl.ListFormat(words.locale, { style: "narrow", type: "conjunction" }).formatToParts(items.map((_, i) => String(i)));
  return [" ", ...tn("event.not_in", { list: list.flatMap((part) => (part.type === "element" ? items[Number(part.value)].nodes : [part.value])) })];
}

$("#message-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("#message-text").value.trim();
  const ack = await run("post_message", { text }, text ? "event.sent" : "event.message_cleared");
  if (ack.ok && !text) $("#message-text").value = "";
});
$("#message-clear").addEventListener("click", async () => {
  const ack = await run("post_message", { text: "" }, "event.message_cleared");
  if (ack.ok) $("#message-text").value = "";
});
for (const [id, action, done] of [
  ["#timers-start", "start", "event.timers_started"],
  ["#timers-pause", "pause", "event.timers_paused"],
  ["#timers-resume", "resume", "event.timers_resumed"],
]) {
  $(id).addEventListener("click", () => run("timers", { action }, done));
}
$("#plenary-toggle").addEventListener("click", () => {
  const open = !session.gathering?.plenary_open;
  run("open_plenary", { open }, open ? "event.plenary_opened" : "event.plenary_closed");
});

/** Once the page's words have come: the language menu, adding a working group, the report. */
function start() {
  document.title = t("event.organiser_doc");
  $(".org-top").append(languageMenu("organiser"));
  addMetanetForm($("#add"), {
    eventId: () => session.gathering?.id || findEvent(code)?.id || "",
    secret,
    onAdded: (entry) => rememberEvent({ code, metanets: [entry] }),
  });
  const showExport = exportPanel($("#export"), {
    path: `/e/${encodeURIComponent(code)}`,
    heading: t("event.event_report"),
    formats: ["md", "csv", "json"].map((ext) => [ext, t(`event.export_${ext}`), t(`event.export_${ext}_about`)]),
    key: () => session.exportKey || findEvent(code)?.export_key || "",
    language: () => "en", // an event's report is in English unless the organiser picks another language here
  });
  showExport();
}

// -- rendering --------------------------------------------------------------------------

let linksShown = "";

function render() {
  const gathering = session.gathering;
  document.title = t("event.organiser_doc_named", { title: gathering.title });
  setText($("#title"), gathering.title);
  setText($("#code"), gathering.code);
  if (linksShown !== gathering.code) {
    linksShown = gathering.code;
    const base = `/e/${encodeURIComponent(gathering.code)}`;
    const join = gathering.join_url || `${location.origin}${base}`;
    const lang = `?lang=${encodeURIComponent(words.code)}`; // the shared screens open in the organiser's language
    $("#event-links").replaceChildren(
      h("li", {}, h("a", { href: `${base}/lounge${lang}`, target: "_blank", text: t("event.lounge_screen") })),
      h("li", {}, h("a", { href: `${base}/plenary${lang}`, target: "_blank", text: t("event.plenary_screen") })),
      h("li", {}, t("event.phones"), " ", h("a", { href: join, target: "_blank", dir: "ltr", translate: "no", text: join.replace(/^https?:\/\//, "") })));
  }
  const current = session.message;
  setNodes($("#message-now"), current ? tn("event.showing_now", { message: current }) : [t("event.no_message")]);
  show($("#message-clear"), Boolean(current));
  const open = Boolean(gathering.plenary_open);
  setText($("#plenary-toggle"), t(open ? "event.close_plenary" : "event.open_plenary"));
  $("#plenary-toggle").setAttribute("aria-pressed", String(open));
  setText($("#plenary-state"), open ? t("event.plenary_open_hint") : "");

  const now = session.clock.now();
  const create = () => createRow((board, names) => run("set_reporters", { board, names }, "event.reporters_saved"));
  reconcile($("#rows"), session.metanets, (s) => s.board, create, (tr, s) => updateRow(tr, s, { now, links: linksOf(s.board) }));
  const people = session.metanets.reduce((n, s) => n + (s.people?.total || 0), 0);
  setText($("#totals"), `${t("event.working_groups_count", { count: session.metanets.length })} · ${t("event.people", { count: people })}`);
}
