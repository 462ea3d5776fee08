// The organiser console (organiser.html, /e/CODE/console#SECRET): every metanet's phase,
// timer and people at a glance with their links, a message to everyone, every timer
// started or paused together, the plenary opened, working groups added, the report.

import { $, h, reconcile, setText, show } from "../dom.js";
import { exportPanel } from "../export-panel.js";
import { addMetanetForm } from "./add-metanet.js";
import { eventCodeFromPath } from "./event-session.js";
import { findEvent, rememberEvent } from "./my-events.js";
import { createRow, updateRow, updateRowTimer } from "./organiser-row.js";
import { eventScreen } from "./screen.js";

const code = eventCodeFromPath();
const secret = decodeURIComponent(location.hash.slice(1));

function say(text) {
  setText($("#action-status"), text);
}

const { session } = eventScreen({ role: "organiser", secret, onError: say, render, tick: { list: $("#rows"), update: updateRowTimer } });

/** A metanet's links: from the organiser's welcome, else from when this browser created it. */
function linksOf(board) {
  const fromServer = session.links.get(board);
  if (fromServer) return fromServer;
  return findEvent(code)?.metanets?.find((m) => m.board === board) || null;
}

// -- commands -------------------------------------------------------------------------

async function run(type, fields, done) {
  const ack = await session.command(type, fields);
  if (ack.ok) say(`${done}${unchanged(ack.result)}`);
  return ack;
}

/** " Not in: Fisheries (not_now)." for the metanets a command for all of them did not change. */
function unchanged(result) {
  const refused = Object.entries(result?.boards || {}).filter(([, code]) => code !== "ok");
  if (!refused.length) return "";
  const title = (board) => session.summaries.get(board)?.title || board;
  return ` Not in: ${refused.map(([board, code]) => `${title(board)} (${code.replace(/_/g, " ")})`).join(", ")}.`;
}

$("#message-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("#message-text").value.trim();
  const ack = await run("post_message", { text }, text ? "Sent to every phone, projector and the Lounge." : "Message cleared.");
  if (ack.ok && !text) $("#message-text").value = "";
});
$("#message-clear").addEventListener("click", async () => {
  const ack = await run("post_message", { text: "" }, "Message cleared.");
  if (ack.ok) $("#message-text").value = "";
});
for (const [id, action, done] of [
  ["#timers-start", "start", "Timers started."],
  ["#timers-pause", "pause", "Timers paused."],
  ["#timers-resume", "resume", "Timers resumed."],
]) {
  $(id).addEventListener("click", () => run("timers", { action }, done));
}
$("#plenary-toggle").addEventListener("click", () => {
  const open = !session.gathering?.plenary_open;
  run("open_plenary", { open }, open ? "The plenary is open." : "The plenary is closed again.");
});

addMetanetForm($("#add"), {
  eventId: () => session.gathering?.id || findEvent(code)?.id || "",
  secret,
  onAdded: (entry) => rememberEvent({ code, metanets: [entry] }),
});
exportPanel($("#export"), {
  path: `/e/${encodeURIComponent(code)}`,
  heading: "Event report",
  formats: [
    ["md", "Markdown", "every working group's outcome and the view across the event"],
    ["csv", "CSV", "one row per note of every working group, for a spreadsheet"],
    ["json", "JSON", "the whole event, for other tools"],
  ],
  key: () => session.exportKey || findEvent(code)?.export_key || "",
});

// -- rendering --------------------------------------------------------------------------

let linksShown = "";

function render() {
  const gathering = session.gathering;
  document.title = `${gathering.title} · Organiser · Metanet`;
  setText($("#title"), gathering.title);
  setText($("#code"), gathering.code);
  if (linksShown !== gathering.code) {
    linksShown = gathering.code;
    const base = `/e/${encodeURIComponent(gathering.code)}`;
    const join = gathering.join_url || `${location.origin}${base}`;
    $("#event-links").replaceChildren(
      h("li", {}, h("a", { href: `${base}/lounge`, target: "_blank", text: "Lounge screen" })),
      h("li", {}, h("a", { href: `${base}/plenary`, target: "_blank", text: "Plenary screen" })),
      h("li", {}, "Phones: ", h("a", { href: join, target: "_blank", text: join.replace(/^https?:\/\//, "") })));
  }
  const current = session.message;
  setText($("#message-now"), current ? `Showing now: “${current}”` : "No message is showing.");
  show($("#message-clear"), Boolean(current));
  const open = Boolean(gathering.plenary_open);
  setText($("#plenary-toggle"), open ? "Close the plenary" : "Open the plenary");
  $("#plenary-toggle").setAttribute("aria-pressed", String(open));
  setText($("#plenary-state"), open ? "The plenary is open: the plenary screen shows every group's outcome." : "");

  const now = session.clock.now();
  const create = () => createRow((board, names) => run("set_reporters", { board, names }, "Reporters saved: the plenary shows them."));
  reconcile($("#rows"), session.metanets, (s) => s.board, create, (tr, s) => updateRow(tr, s, { now, links: linksOf(s.board) }));
  const people = session.metanets.reduce((n, s) => n + (s.people?.total || 0), 0);
  setText($("#totals"), `${session.metanets.length} working ${session.metanets.length === 1 ? "group" : "groups"} · ${people} ${people === 1 ? "person" : "people"}`);
}
