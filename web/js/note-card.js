// One note on the phone: its text, whose it is, dots, and the actions allowed now.

import { h, setText, show } from "./dom.js";
import { dotsWord } from "./phase-text.js";

/**
 * A card for the notes list. `actions` has vote(id), unvote(id), edit(id, text), remove(id).
 * Update it with `updateCard(el, view)` where view = {note, mine, pending, myDots, dots,
 * canVote, canAddDot, canEdit, clusterName, rank, decision (its label, or "")}.
 */
export function createCard(actions) {
  const text = h("p", { class: "note-text" });
  const meta = h("p", { class: "note-meta" });
  const tally = h("p", { class: "note-tally" });
  const minus = h("button", { type: "button", class: "dot-button", text: "−" });
  const mine = h("span", { class: "my-dots" });
  const plus = h("button", { type: "button", class: "dot-button", text: "+" });
  const voting = h("div", { class: "voting" }, minus, mine, plus);
  const edit = h("button", { type: "button", class: "link-button", text: "Edit" });
  const remove = h("button", { type: "button", class: "link-button danger", text: "Delete" });
  const own = h("div", { class: "own-actions" }, edit, remove);
  const editor = h("form", { class: "editor", hidden: true });
  const card = h("li", { class: "note" }, text, meta, tally, voting, own, editor);

  plus.addEventListener("click", () => actions.vote(card.note.id));
  minus.addEventListener("click", () => actions.unvote(card.note.id));
  remove.addEventListener("click", () => {
    if (remove.dataset.confirm) {
      actions.remove(card.note.id);
      return;
    }
    remove.dataset.confirm = "1";
    remove.textContent = "Really delete?";
    setTimeout(() => {
      delete remove.dataset.confirm;
      remove.textContent = "Delete";
    }, 4000);
  });
  edit.addEventListener("click", () => openEditor(card, actions));
  return card;
}

function openEditor(card, actions) {
  const editor = card.querySelector(".editor");
  const id = `edit-${card.note.id}`;
  const area = h("textarea", { id, rows: "3", required: true, maxlength: "280" });
  area.value = card.note.text || "";
  editor.replaceChildren(
    h("label", { for: id, class: "sr-only", text: "Edit your note" }),
    area,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "primary", text: "Save" }),
      h("button", { type: "button", class: "secondary", text: "Cancel", onclick: () => closeEditor(card) })),
  );
  editor.onsubmit = (event) => {
    event.preventDefault();
    const value = area.value.trim();
    if (value && value !== card.note.text) actions.edit(card.note.id, value);
    closeEditor(card);
  };
  card.editing = true;
  editor.hidden = false;
  card.querySelector(".note-text").hidden = true;
  area.focus();
}

function closeEditor(card) {
  card.editing = false;
  const editor = card.querySelector(".editor");
  editor.hidden = true;
  editor.replaceChildren();
  card.querySelector(".note-text").hidden = false;
  card.querySelector(".own-actions button")?.focus();
}

export function updateCard(card, view) {
  const { note } = view;
  card.note = note;
  card.className = `note color-${note.color || "yellow"}${view.pending ? " pending" : ""}${view.mine ? " mine" : ""}${view.decision ? " decided" : ""}`;
  card.dataset.note = note.id;
  const text = card.querySelector(".note-text");
  setText(text, note.text ?? "");
  const who = view.mine ? "Your note" : note.group ?? "another group"; // null: too few of that group to name it
  const parts = [view.decision, who];
  if (view.clusterName) parts.push(`Group: ${view.clusterName}`);
  if (view.pending) parts.push("sending…");
  else if (note.private) parts.push("private until revealed");
  setText(card.querySelector(".note-meta"), parts.filter(Boolean).join(" · "));

  const tally = card.querySelector(".note-tally");
  show(tally, view.dots !== null && view.dots !== undefined);
  if (view.dots !== null && view.dots !== undefined) {
    setText(tally, view.rank ? `#${view.rank} · ${dotsWord(view.dots)}` : dotsWord(view.dots));
  }

  const voting = card.querySelector(".voting");
  show(voting, view.canVote);
  if (view.canVote) {
    const [minus, mine, plus] = voting.children;
    const label = shorten(note.text);
    const focused = document.activeElement;
    minus.disabled = view.myDots <= 0;
    plus.disabled = !view.canAddDot;
    // The last dot placed (or taken back) disables the button that has the focus: keep it on the card.
    if (focused === plus && plus.disabled && !minus.disabled) minus.focus();
    else if (focused === minus && minus.disabled && !plus.disabled) plus.focus();
    minus.setAttribute("aria-label", `Take a dot back from: ${label}`);
    plus.setAttribute("aria-label", `Put a dot on: ${label}`);
    setText(mine, view.myDots ? `${dotsWord(view.myDots)} from you` : "no dots from you");
  }

  show(card.querySelector(".own-actions"), view.mine && view.canDelete && !view.pending && !card.editing);
  const edit = card.querySelector(".own-actions button");
  show(edit, view.canEdit);
}

function shorten(text) {
  const value = text ?? "";
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
