// The Lounge screen (lounge.html): every metanet of the event as a live tile, the event's
// QR code and short code, and the organiser's message, large. Read-only.

import { $, h, reconcile, setText, show } from "../dom.js";
import { t } from "../i18n.js";
import { joinAddress } from "../join-address.js";
import { fitBox, fitTiles, layoutFor, scaleToScreen, shrinkToFit } from "./lounge-fit.js";
import { createTile, updateTile, updateTimer } from "./lounge-tile.js";
import { eventScreen } from "./screen.js";

let address = null; // {base, reachable} once /api/address answered
let joinShown = "";

/**
 * The event's join address where phones reach it (the server's LAN or public address, as on a
 * board's projector), on one line if it fits, else broken only before its path ("/e/CODE").
 */
function showJoin(code) {
  const url = `${address.base}/e/${encodeURIComponent(code)}`;
  const [host, ...path] = url.replace(/^https?:\/\//, "").split("/");
  $("#qr-slot").replaceChildren(h("img", { src: `/e/${encodeURIComponent(code)}/qr.svg`, alt: t("event.qr_event", { url }), class: "qr", width: "300", height: "300" }));
  $("#join-url").replaceChildren(h("span", { text: host }), h("wbr"), h("span", { text: `/${path.join("/")}` }));
  $("#join-url").dataset.url = url;
  shrinkToFit($("#join-url"), 32, 20);
  setText($("#join-warning"), address.reachable ? "" : t("event.address_unreachable"));
  show($("#join-warning"), !address.reachable);
  setText($("#join-code"), code);
}

function render(session) {
  const gathering = session.gathering;
  document.title = t("event.lounge_doc_named", { title: gathering.title });
  setText($("#title"), gathering.title);
  setText($("#description"), gathering.description || "");
  show($("#description"), Boolean(gathering.description));
  setText($("#message"), session.message);
  show($("#message"), Boolean(session.message));
  if (address && joinShown !== gathering.code) {
    joinShown = gathering.code;
    showJoin(gathering.code);
  }
  const metanets = session.metanets;
  const tiles = $("#tiles");
  const layout = layoutFor(metanets.length);
  tiles.style.setProperty("--cols", layout.cols);
  tiles.style.setProperty("--rows", layout.rows);
  tiles.style.setProperty("--tile-font", `${layout.font}px`);
  tiles.style.setProperty("--tile-qr", `${layout.qr}px`);
  tiles.dataset.density = layout.density;
  scaleToScreen();
  const now = session.clock.now();
  reconcile(tiles, metanets, (s) => s.board, createTile, (el, s) => updateTile(el, s, now, layout.named));
  fitTiles(tiles);
  fitBox($(".event-side"), ["#description"]);
}

const { schedule } = eventScreen({
  role: "lounge",
  render,
  tick: { list: $("#tiles"), update: updateTimer, every: 250 },
  onReady: () => (document.title = t("event.lounge_doc")),
});
joinAddress().then((found) => {
  address = found;
  schedule();
});
