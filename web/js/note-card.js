// One note on the phone: its text, whose it is, dots, and the actions allowed now.

import { h, setText, show } from "./dom.js";
import { t, tn } from "./i18n.js";
import { dotsWord, groupName, isFacilitatorGroup } from "./phase-text.js";

/**
 * A card for the notes list. `actions` has vote(id), unvote(id), edit(id, text), remove(id).
 * Update it with `updateCard(el, view)` where view = {note, mine, pending, myDots, dots,
 * canVote, canAddDot, canEdit, clusterName, rank, decision (its label, or ""), groups (the board's)}.
 */
export function createCard(actions) {
  const text = h("p", { class: "note-text", dir: "auto" });
  const meta = h("p", { class: "note-meta" });
  const tally = h("p", { class: "note-tally" });
  const minus = h("button", { type: "button", class: "dot-button", text: "−" });
  const mine = h("span", { class: "my-dots" });
  const plus = h("button", { type: "button", class: "dot-button", text: "+" });
  const voting = h("div", { class: "voting" }, minus, mine, plus);
  const edit = h("button", { type: "button", class: "link-button", text: t("phone.edit") });
  const remove = h("button", { type: "button", class: "link-button danger", text: t("phone.delete") });
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
    remove.textContent = t("phone.really_delete");
    setTimeout(() => {
      delete remove.dataset.confirm;
      remove.textContent = t("phone.delete");
    }, 4000);
  });
  edit.addEventListener("click", () => openEditor(card, actions));
  return card;
}

function openEditor(card, actions) {
  const editor = card.querySelector(".editor");
  const id = `edit-${card.note.id}`;
  const area = h("textarea", { id, rows: "3", required: true, maxlength: "280", dir: "auto" });
  area.value = card.note.text || "";
  editor.replaceChildren(
    h("label", { for: id, class: "sr-only", text: t("phone.edit_your_note") }),
    area,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "primary", text: t("phone.save") }),
      h("button", { type: "button", class: "secondary", text: t("phone.cancel"), onclick: () => closeEditor(card) })),
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
  // People's words (a group's or a cluster's name) go in as <bdi>, so another script keeps its order.
  const who = view.mine ? t("phone.your_note")
    : note.group == null ? t("phone.another_group") // null: too few of that group to name it
      : isFacilitatorGroup(note.group, view.groups) ? groupName(note.group, view.groups) : bdi(note.group);
  const parts = [view.decision, who];
  if (view.clusterName) parts.push(tn("phone.note_cluster", { name: view.clusterName }));
  if (view.pending) parts.push(t("phone.sending"));
  else if (note.private) parts.push(t("phone.private_until_revealed"));
  const meta = card.querySelector(".note-meta");
  const metaKey = JSON.stringify([view.decision, view.mine, note.group, view.clusterName, view.pending, note.private]);
  if (meta.dataset.key !== metaKey) {
    meta.dataset.key = metaKey;
    meta.replaceChildren(...parts.filter(Boolean).flatMap((part, i) => [i ? " · " : "", part].flat()).filter((part) => part !== ""));
  }

  const tally = card.querySelector(".note-tally");
  show(tally, view.dots !== null && view.dots !== undefined);
  if (view.dots !== null && view.dots !== undefined) {
    setText(tally, view.rank ? t("phone.rank_dots", { rank: view.rank, count: view.dots }) : dotsWord(view.dots));
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
    minus.setAttribute("aria-label", t("phone.dot_take_back_from", { note: label }));
    plus.setAttribute("aria-label", t("phone.dot_put_on", { note: label }));
    setText(mine, view.myDots ? t("phone.my_dots", { count: view.myDots }) : t("phone.no_my_dots"));
  }

  show(card.querySelector(".own-actions"), view.mine && view.canDelete && !view.pending && !card.editing);
  const edit = card.querySelector(".own-actions button");
  show(edit, view.canEdit);
}

function shorten(text) {
  const value = text ?? "";
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}

function bdi(text) {
  return h("bdi", { dir: "auto", text });
}
