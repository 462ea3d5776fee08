// The facilitator's agenda: the phases, where we are, how many are done, and the
// buttons that move on. "Edit the agenda" opens the editor (agenda-editor.js).

import { agendaEditor } from "./agenda-editor.js";
import { formatSeconds } from "./clock.js";
import { kindName } from "./console-text.js";
import { h, reconcile, setNodes, setText } from "./dom.js";
import { t, tn } from "./i18n.js";
import { phaseHint, phaseTitle } from "./phase-text.js";

export function agendaPanel(root, session, { onPeek = () => {} } = {}) {
  const editor = agendaEditor(session);
  const edit = h("button", { type: "button", class: "link-button", text: t("console.edit_agenda"), onclick: () => editor.open() });
  const hint = h("p", { class: "phase-hint", id: "phase-hint" });
  const done = h("p", { class: "done-line", id: "done-count", "aria-live": "polite" });
  const list = h("ol", { class: "phases" });
  const button = (text, type, fields) =>
    h("button", { type: "button", text, onclick: () => session.command(type, fields) });
  const prev = button(t("console.previous_phase"), "previous_phase");
  const next = button(t("console.next_phase"), "next_phase");
  next.classList.add("primary");
  const revealNotes = button(t("console.reveal_notes"), "reveal_notes");
  const revealVotes = button(t("console.reveal_votes"), "reveal_votes");
  const close = h("button", { type: "button", text: t("console.close_phase") });
  close.addEventListener("click", () => session.command("close_phase", { closed: !session.state.board.phase_closed }));
  const summary = h("p", { class: "hint" });
  // A blind vote is blind here too, unless the facilitator chooses to peek (this screen only).
  const peek = h("button", { type: "button", class: "peek", "aria-pressed": "false", text: t("console.peek") });
  const blindHint = h("p", { class: "blind-hint", id: "blind-hint" });
  let peeking = false;
  peek.addEventListener("click", () => {
    peeking = !peeking;
    onPeek(peeking);
  });
  root.replaceChildren(
    h("div", { class: "panel-head" }, h("h2", { id: "agenda-heading", text: t("console.agenda") }), edit),
    h("div", { class: "row phase-moves" }, prev, next),
    list,
    hint,
    done,
    h("div", { class: "row" }, revealNotes, revealVotes, close),
    blindHint,
    peek,
    summary,
  );

  return function render(state, { blind = false, peeking: peek_ = false } = {}) {
    const board = state.board;
    const current = board.phase_index;
    peeking = peek_;
    peek.hidden = !blind;
    peek.setAttribute("aria-pressed", String(peeking));
    setText(peek, t(peeking ? "console.unpeek" : "console.peek"));
    blindHint.hidden = !blind;
    setText(blindHint, t(peeking ? "console.blind_peeking" : "console.blind_hint"));
    reconcile(
      list,
      board.phases.map((phase, index) => ({ phase, index })),
      (item) => item.phase.id,
      (item) => {
        const go = h("button", { type: "button", class: "link-button", text: t("console.go") });
        go.addEventListener("click", () => session.command("set_phase", { index: Number(li.dataset.index) }));
        const li = h("li", {}, h("span", { class: "phase-name" }), go);
        return li;
      },
      (li, { phase, index }) => {
        li.dataset.index = String(index);
        const isCurrent = index === current;
        li.classList.toggle("current", isCurrent);
        if (isCurrent) li.setAttribute("aria-current", "step");
        else li.removeAttribute("aria-current");
        li.dataset.phase = phase.id;
        if (isCurrent && !li.dataset.shown) li.scrollIntoView?.({ block: "nearest" });
        li.dataset.shown = isCurrent ? "1" : "";
        const title = phaseTitle(phase);
        const about = [kindName(phase.kind), phase.duration ? formatSeconds(phase.duration) : ""].filter(Boolean).join(" · ");
        const closed = isCurrent && board.phase_closed ? [" · ", t("console.closed_mark")] : [];
        setNodes(li.children[0], [...tn("console.phase_item", { number: index + 1, title, about }), ...closed]);
        // The title is the facilitator's words (or the template's): its own direction, its hint as a tooltip.
        const own = [...li.children[0].querySelectorAll("bdi")].find((bdi) => bdi.textContent === title);
        if (own) {
          own.dir = "auto";
          own.title = phaseHint(phase);
        }
        li.children[1].hidden = isCurrent;
        li.children[1].setAttribute("aria-label", t("console.go_to_phase", { number: index + 1, title: phaseTitle(phase) }));
      },
    );
    const phase = board.phases[current];
    setNodes(hint, phaseHint(phase) ? tn("console.hint", { hint: phaseHint(phase) }) : []);
    hint.hidden = !phaseHint(phase);
    setText(done, t("console.done_count", { count: state.done.count }));
    done.classList.toggle("some", state.done.count > 0);
    edit.disabled = Boolean(board.archived);
    prev.disabled = current <= 0;
    next.disabled = current >= board.phases.length - 1;
    const privateNotes = [...state.notes.values()].filter((n) => n.private).length;
    revealNotes.disabled = privateNotes === 0;
    setText(revealNotes, privateNotes ? t("console.reveal_n_notes", { count: privateNotes }) : t("console.reveal_notes"));
    revealVotes.disabled = board.votes_revealed;
    setText(close, t(board.phase_closed ? "console.reopen_phase" : "console.close_phase"));
    const facts = [t("console.notes_count", { count: state.notes.size }), t("console.dots_placed", { count: board.dots_placed })];
    if (board.votes_revealed) facts.push(t("console.votes_revealed"));
    setText(summary, facts.join(" · "));
  };
}
