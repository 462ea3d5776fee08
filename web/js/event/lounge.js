// The Lounge screen (lounge.html): every metanet of the event as a live tile, the event's
// QR code and short code, and the organiser's message, large. Read-only.

import { $, h, reconcile, setText, show } from "../dom.js";
import { fitTiles, layoutFor, scaleToScreen } from "./lounge-fit.js";
import { createTile, updateTile, updateTimer } from "./lounge-tile.js";
import { eventScreen } from "./screen.js";

let joinShown = "";

function render(session) {
  const gathering = session.gathering;
  document.title = `${gathering.title} · Lounge · Metanet`;
  setText($("#title"), gathering.title);
  setText($("#description"), gathering.description || "");
  show($("#description"), Boolean(gathering.description));
  setText($("#message"), session.message);
  show($("#message"), Boolean(session.message));
  if (joinShown !== gathering.code) {
    joinShown = gathering.code;
    const url = gathering.join_url || `${location.origin}/e/${gathering.code}`;
    $("#qr-slot").replaceChildren(h("img", { src: `/e/${encodeURIComponent(gathering.code)}/qr.svg`, alt: `QR code for ${url}`, class: "qr", width: "300", height: "300" }));
    setText($("#join-code"), gathering.code);
    setText($("#join-url"), url.replace(/^https?:\/\//, ""));
  }
  const metanets = session.metanets;
  const tiles = $("#tiles");
  const layout = layoutFor(metanets.length);
  tiles.style.setProperty("--cols", layout.cols);
  tiles.style.setProperty("--rows", layout.rows);
  tiles.style.setProperty("--tile-font", `${layout.font}px`);
  tiles.dataset.density = layout.density;
  scaleToScreen();
  const now = session.clock.now();
  reconcile(tiles, metanets, (s) => s.board, createTile, (el, s) => updateTile(el, s, now));
  fitTiles(tiles);
}

eventScreen({ role: "lounge", render, tick: { list: $("#tiles"), update: updateTimer, every: 250 } });
