// The plenary screen (plenary.html, /e/CODE/plenary): every metanet's decisions and top
// notes side by side with its reporters, and where the stakeholder groups agree across
// the event. Read-only, for the big screen of the closing session: laid out for 1920x1080
// (zoomed to other screens like the Lounge), type legible from the back of a hall.

import { $, h, reconcile, setText, show } from "../dom.js";
import { t, tn } from "../i18n.js";
import { acrossEvent } from "./across.js";
import { fitBox, fits, scaleToScreen } from "./lounge-fit.js";
import { createColumn, updateColumn } from "./plenary-column.js";
import { eventScreen } from "./screen.js";


/**
 * {cols, rows, decision, note, label, title, grow} for `n` metanets: type sizes in px at
 * 1080p. Up to eight keep decisions >= 32 px, notes >= 28, labels >= 24; only more scale
 * down. `grow`: the larger scales tried first, kept when every column's outcome fits whole.
 */
export function plenaryLayout(n) {
  const count = Math.max(1, n);
  const cols = count <= 4 ? count : count <= 6 ? 3 : 4;
  const rows = Math.ceil(count / cols);
  if (count <= 4) return { cols, rows, decision: 36, note: 30, label: 26, title: 40, grow: [1.4, 1.25, 1.12] };
  if (count <= 8) return { cols, rows, decision: 32, note: 28, label: 24, title: 34, grow: [1.12] };
  return { cols, rows, decision: 28, note: 24, label: 22, title: 30, grow: [] };
}

// While a column's content is taller than the column (see fitBox).
const COLUMN_STEPS = [
  { "--note-lines": 2 },
  ".col-top li:nth-child(3)",
  ".col-top li:nth-child(2)",
  { "--decision-lines": 3 },
  { class: "no-top" },
  { "--dots-lines": 1 },
  { "--title-lines": 1, "--reporters-lines": 1 },
  { "--roadmap-lines": 2 },
  { class: "no-dots" },
  ".col-decisions-heading",
  { "--roadmap-lines": 1 },
  { "--decision-lines": 2 },
  // Many decisions: the last ones give way (the event report has them all).
  ".col-decisions > li:nth-child(n+3):nth-last-child(1)",
  ".col-decisions > li:nth-child(n+3):nth-last-child(2)",
  ".col-decisions > li:nth-child(n+3):nth-last-child(3)",
  ".col-decisions > li:nth-child(n+3):nth-last-child(4)",
  ".col-decisions li:nth-child(2) .decision-roadmap",
  ".col-decisions li:nth-child(1) .decision-roadmap",
];

function acrossItem(entry, extra) {
  return h("li", {},
    h("span", { class: "across-text", dir: "auto", text: entry.text }),
    h("span", { class: "across-meta" }, h("bdi", { dir: "auto", text: entry.metanet }), ...(extra ? [" · ", ...extra] : [])));
}

/** Fill an across-the-event list (rebuilt only when it changed). */
function fillAcross(list, entries, extra) {
  const key = JSON.stringify(entries);
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...entries.map((e) => acrossItem(e, extra(e))));
}

/** The across-the-event box keeps to its share of the screen: the longer list loses its last items first, then says how many more. */
function fitAcross() {
  const box = $(".across");
  const lists = [$("#common"), $("#single")];
  for (const list of lists) {
    for (const li of list.querySelectorAll(".dropped")) li.classList.remove("dropped");
  }
  const shown = (list) => [...list.children].filter((li) => !li.classList.contains("dropped"));
  const more = () => {
    for (const list of lists) {
      const hidden = list.children.length - shown(list).length;
      const note = list.parentElement.querySelector(".more");
      setText(note, hidden ? t("event.more_in_report", { count: hidden }) : "");
      show(note, hidden > 0);
    }
  };
  more();
  while (box.scrollHeight > box.clientHeight + 1) {
    const longer = lists.map(shown).sort((a, b) => b.length - a.length)[0];
    if (longer.length <= 1) break;
    longer[longer.length - 1].classList.add("dropped");
    more();
  }
}

/** A column whose outcome shows whole: it fits, and none of its parts is cut by its lines. */
function whole(column) {
  return fits(column) && [...column.querySelectorAll(".col-title, .col-reporters, .decision-text, .decision-roadmap, .item-dots, .top-line")].every(fits);
}

function render(session) {
  const gathering = session.gathering;
  document.title = t("event.plenary_doc_named", { title: gathering.title });
  setText($("#title"), gathering.title);
  setText($("#message"), session.message);
  show($("#message"), Boolean(session.message));
  scaleToScreen();
  const metanets = session.metanets;
  const open = Boolean(gathering.plenary_open);
  show($("#waiting"), !open);
  show($(".plenary-main"), open);
  const working = metanets.filter((s) => !s.archived).length;
  setText($("#waiting-groups"), t("event.still_at_work", { count: working }));
  if (!open) return;
  const columns = $("#columns");
  const layout = plenaryLayout(metanets.length);
  columns.style.setProperty("--cols", String(layout.cols));
  columns.style.setProperty("--rows", String(layout.rows));
  reconcile(columns, metanets, (s) => s.board, createColumn, updateColumn);
  $(".across").classList.toggle("compact", layout.rows > 1);

  const { common, single } = acrossEvent(metanets);
  fillAcross($("#common"), common, () => null);
  fillAcross($("#single"), single, (e) => tn("event.only_group", { group: e.group }));
  show($("#common-empty"), common.length === 0);
  show($("#single-empty"), single.length === 0);
  fitAcross();
  // As large as every column's whole outcome allows (the same size in every column), then the fit.
  for (const scale of [...layout.grow, 1]) {
    for (const size of ["decision", "note", "label", "title"]) columns.style.setProperty(`--${size}`, `${Math.round(layout[size] * scale)}px`);
    for (const column of columns.children) fitBox(column, []); // undo the last fit
    if ([...columns.children].every(whole)) break;
  }
  for (const column of columns.children) fitBox(column, COLUMN_STEPS);
}

eventScreen({ role: "plenary", render, onReady: () => (document.title = t("event.plenary_doc")) });
