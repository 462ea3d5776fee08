// The facilitator's agenda: the phases, where we are, how many are done, and the
// buttons that move on. "Edit the agenda" opens the editor (agenda-editor.js).

import { agendaEditor } from "./agenda-editor.js";
import { formatSeconds } from "./clock.js";
import { h, reconcile, setText } from "./dom.js";

export function agendaPanel(root, session, { onPeek = () => {} } = {}) {
  const editor = agendaEditor(session);
  const edit = h("button", { type: "button", class: "link-button", text: "Edit the agenda", onclick: () => editor.open() });
  const hint = h("p", { class: "phase-hint", id: "phase-hint" });
  const done = h("p", { class: "done-line", id: "done-count", "aria-live": "polite" });
  const list = h("ol", { class: "phases" });
  const button = (text, type, fields) =>
    h("button", { type: "button", text, onclick: () => session.command(type, fields) });
  const prev = button("◀ Previous", "previous_phase");
  const next = button("Next phase ▶", "next_phase");
  next.classList.add("primary");
  const revealNotes = button("Reveal notes", "reveal_notes");
  const revealVotes = button("Reveal votes", "reveal_votes");
  const close = h("button", { type: "button", text: "Close phase" });
  close.addEventListener("click", () => session.command("close_phase", { closed: !session.state.board.phase_closed }));
  const summary = h("p", { class: "hint" });
  // A blind vote is blind here too, unless the facilitator chooses to peek (this screen only).
  const peek = h("button", { type: "button", class: "peek", "aria-pressed": "false", text: "Peek at the tallies" });
  const blindHint = h("p", { class: "blind-hint", id: "blind-hint" });
  let peeking = false;
  peek.addEventListener("click", () => {
    peeking = !peeking;
    onPeek(peeking);
  });
  root.replaceChildren(
    h("div", { class: "panel-head" }, h("h2", { id: "agenda-heading", text: "Agenda" }), edit),
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
    setText(peek, peeking ? "Hide the tallies again" : "Peek at the tallies");
    blindHint.hidden = !blind;
    setText(blindHint, peeking
      ? "Blind vote: you are peeking. The tallies show on this console only; phones and the projector see none."
      : "Blind vote: nobody sees the tallies until you reveal them, this console neither. Peek to see them here only.");
    reconcile(
      list,
      board.phases.map((phase, index) => ({ phase, index })),
      (item) => item.phase.id,
      (item) => {
        const go = h("button", { type: "button", class: "link-button", text: "Go" });
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
        li.title = phase.hint || "";
        const duration = phase.duration ? ` · ${formatSeconds(phase.duration)}` : "";
        setText(li.children[0], `${index + 1}. ${phase.title} (${phase.kind}${duration})${isCurrent && board.phase_closed ? " · closed" : ""}`);
        li.children[1].hidden = isCurrent;
        li.children[1].setAttribute("aria-label", `Go to phase ${index + 1}: ${phase.title}`);
      },
    );
    const phase = board.phases[current];
    setText(hint, phase?.hint ? `Hint: ${phase.hint}` : "");
    hint.hidden = !phase?.hint;
    const count = state.done.count;
    setText(done, `✓ ${count === 1 ? "1 person is" : `${count} people are`} done with this phase`);
    done.classList.toggle("some", count > 0);
    edit.disabled = Boolean(board.archived);
    prev.disabled = current <= 0;
    next.disabled = current >= board.phases.length - 1;
    const privateNotes = [...state.notes.values()].filter((n) => n.private).length;
    revealNotes.disabled = privateNotes === 0;
    revealNotes.textContent = privateNotes ? `Reveal ${privateNotes} notes` : "Reveal notes";
    revealVotes.disabled = board.votes_revealed;
    close.textContent = board.phase_closed ? "Reopen phase" : "Close phase";
    setText(summary, `${state.notes.size} notes · ${board.dots_placed} dots placed${board.votes_revealed ? " · votes revealed" : ""}`);
  };
}
