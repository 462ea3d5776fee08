// The plenary screen (plenary.html, /e/CODE/plenary): every metanet's decisions and top
// notes side by side with its reporters, and where the stakeholder groups agree across
// the event. Read-only, for the big screen of the closing session.

import { $, h, reconcile, setText, show } from "../dom.js";
import { acrossEvent } from "./across.js";
import { fitBox } from "./lounge-fit.js";
import { createColumn, updateColumn } from "./plenary-column.js";
import { eventScreen } from "./screen.js";

// Dropped in this order while a column's content is taller than the column.
const EXPENDABLE = [".col-top li:nth-child(3)", ".col-top li:nth-child(2)", ".decision-roadmap", ".col-top li:nth-child(1)", ".col-top-heading"];

function acrossItem(entry, extra) {
  return h("li", {},
    h("span", { class: "across-text", dir: "auto", text: entry.text }),
    h("span", { class: "across-meta", dir: "auto", text: [entry.metanet, extra].filter(Boolean).join(" · ") }));
}

function render(session) {
  const gathering = session.gathering;
  document.title = `${gathering.title} · Plenary · Metanet`;
  setText($("#title"), gathering.title);
  setText($("#message"), session.message);
  show($("#message"), Boolean(session.message));
  const metanets = session.metanets;
  const open = Boolean(gathering.plenary_open);
  show($("#waiting"), !open);
  show($(".plenary-main"), open);
  const working = metanets.filter((s) => !s.archived).length;
  setText($("#waiting-groups"), `${working} working ${working === 1 ? "group is" : "groups are"} still at work.`);
  if (!open) return;
  const columns = $("#columns");
  const count = Math.max(metanets.length, 1);
  const cols = count <= 6 ? count : Math.ceil(count / 2);
  columns.style.setProperty("--cols", String(cols));
  columns.style.setProperty("--rows", String(Math.ceil(count / cols)));
  columns.toggleAttribute("data-dense", count > 6);
  reconcile(columns, metanets, (s) => s.board, createColumn, updateColumn);
  for (const column of columns.children) fitBox(column, EXPENDABLE);

  const { common, single } = acrossEvent(metanets);
  const cKey = JSON.stringify(common);
  if ($("#common").dataset.key !== cKey) {
    $("#common").dataset.key = cKey;
    $("#common").replaceChildren(...common.map((e) => acrossItem(e, "")));
  }
  const sKey = JSON.stringify(single);
  if ($("#single").dataset.key !== sKey) {
    $("#single").dataset.key = sKey;
    $("#single").replaceChildren(...single.map((e) => acrossItem(e, `only ${e.group}`)));
  }
  show($("#common-empty"), common.length === 0);
  show($("#single-empty"), single.length === 0);
}

eventScreen({ role: "plenary", render });
