// A client's picture of the board, built from `welcome` and `events` only.
// The same folding as testkit/view.py::BoardView (the reference): an event
// whose seq is not beyond the current seq was applied already and is skipped.

export class BoardState {
  constructor() {
    this.seq = 0;
    this.role = "";
    this.me = null; // my participant id
    this.you = null; // welcome.you: {id, role, joined, name, group}
    this.joined = false;
    this.board = null; // the snapshot minus the collections below
    this.notes = new Map();
    this.clusters = new Map(); // id -> name
    this.tallies = null; // {note: {total, by_group}} or null while votes are blind
    this.myVotes = {}; // note -> dots I placed
    this.dotsLeft = 0;
    this.onUnknown = (event) => console.warn("metanet: unknown event type", event.type);
  }

  get loaded() {
    return this.board !== null;
  }

  // -- messages ---------------------------------------------------------------

  welcome(msg) {
    this.role = msg.you.role;
    this.me = msg.you.id;
    this.you = msg.you;
    this.joined = Boolean(msg.you.joined);
    if (msg.mode === "snapshot") {
      const snap = msg.snapshot;
      this.notes = new Map(snap.notes.map((n) => [n.id, n]));
      this.clusters = new Map(snap.clusters.map((c) => [c.id, c.name]));
      this.tallies = snap.tallies;
      this.myVotes = snap.my_votes || {};
      for (const key of ["notes", "clusters", "tallies", "my_votes"]) delete snap[key];
      this.board = snap;
      this.seq = msg.seq;
    } else {
      for (const event of msg.events) this.event(event);
      this.seq = Math.max(this.seq, msg.seq);
    }
    // welcome.dots_left is the budget now, after every event above: set it last so a
    // resumed vote of mine is not subtracted twice.
    this.dotsLeft = msg.dots_left;
  }

  events(msg) {
    for (const event of msg.events) this.event(event);
    this.seq = Math.max(this.seq, msg.seq);
  }

  event(ev) {
    if (ev.seq <= this.seq) return; // applied already (a resume overlapping the stream)
    this.seq = ev.seq;
    switch (ev.type) {
      case "settings_changed":
        this.board.settings = ev.settings;
        // Blind voting switched: the tallies I may see from now on (null: blind again).
        if ("tallies" in ev && this.role !== "facilitator") this.tallies = ev.tallies;
        this.recountDots();
        break;
      case "participant_joined":
        this.participantJoined(ev);
        break;
      case "participant_left":
        this.participantLeft(ev);
        break;
      case "note_added":
        this.notes.set(ev.note.id, ev.note);
        break;
      case "note_unhidden":
        this.notes.set(ev.note.id, { ...ev.note, hidden: false });
        break;
      case "note_edited":
        this.patchNote(ev.id, { text: ev.text });
        break;
      case "note_moved":
        this.patchNote(ev.id, { x: ev.x, y: ev.y });
        break;
      case "note_recolored":
        this.patchNote(ev.id, { color: ev.color });
        break;
      case "note_deleted":
        this.forgetNote(ev.id);
        this.board.dots_placed = ev.dots_placed;
        break;
      case "note_hidden":
        if (this.role === "facilitator") this.patchNote(ev.id, { hidden: true });
        else this.notes.delete(ev.id); // its tally stays: the dots on it still count
        break;
      case "note_merged":
        this.noteMerged(ev);
        break;
      case "notes_revealed":
        for (const note of ev.notes) this.patchNote(note.id, { text: note.text, private: false });
        for (const id of ev.ids) this.patchNote(id, { private: false });
        break;
      case "cluster_created":
      case "cluster_renamed":
        this.clusters.set(ev.id, ev.name);
        break;
      case "cluster_deleted":
        this.clusters.delete(ev.id);
        this.dropDecision(ev.id);
        for (const note of this.notes.values()) if (note.cluster === ev.id) note.cluster = null;
        break;
      case "note_clustered":
        this.patchNote(ev.id, { cluster: ev.cluster });
        break;
      case "vote_placed":
        this.count(ev, +1);
        break;
      case "vote_removed":
        this.count(ev, -1);
        break;
      case "votes_revealed":
        this.tallies = ev.tallies;
        this.board.votes_revealed = true;
        break;
      case "phase_changed":
        this.phaseChanged(ev);
        break;
      case "phase_closed":
        this.board.phase_closed = true;
        break;
      case "phase_reopened":
        this.board.phase_closed = false;
        break;
      case "timer_started":
      case "timer_paused":
      case "timer_resumed":
      case "timer_adjusted":
      case "timer_reset":
      case "timer_expired":
        this.board.timer = ev.timer;
        break;
      // -- running a sprint: agenda, "I'm done", decisions, lifecycle
      case "agenda_changed":
        this.board.phases = ev.phases;
        this.board.phase_index = ev.index;
        break;
      case "participant_done":
        this.board.done = { ...this.board.done, count: ev.count };
        if (ev.participant != null && ev.participant === this.me) this.board.done.mine = ev.done;
        break;
      case "decision_marked":
        this.dropDecision(ev.target);
        if (ev.decided) this.board.decisions.push({ target: ev.target, kind: ev.kind, owner: "", next_step: "", due: "" });
        break;
      case "roadmap_set":
        for (const d of this.board.decisions) {
          if (d.target === ev.target) Object.assign(d, { owner: ev.owner, next_step: ev.next_step, due: ev.due });
        }
        break;
      case "board_archived":
        this.board.archived = ev.archived;
        break;
      case "groups_changed":
        this.groupsChanged(ev);
        break;
      case "projector_changed":
        this.board.projector = ev.projector;
        break;
      case "board_deleted":
        this.board.deleted = true; // the server closes the socket next (4004)
        break;
      // A metanet of an event (docs/protocol.md, "Events of several metanets").
      case "gathering_linked":
        this.board.gathering = { id: ev.gathering, code: ev.code, title: ev.title };
        break;
      case "announcement":
        this.board.announcement = ev.text ? { text: ev.text, at: ev.at } : null;
        break;
      case "reporters_set":
        this.board.reporters = [...ev.names];
        break;
      default:
        this.onUnknown(ev);
    }
  }

  // -- events -----------------------------------------------------------------

  patchNote(id, fields) {
    const note = this.notes.get(id);
    if (note) this.notes.set(id, { ...note, ...fields });
  }

  forgetNote(id) {
    this.notes.delete(id);
    this.dropDecision(id);
    if (this.myVotes[id]) {
      delete this.myVotes[id];
      this.recountDots();
    }
    if (this.tallies) delete this.tallies[id];
  }

  dropDecision(target) {
    if (this.board.decisions) this.board.decisions = this.board.decisions.filter((d) => d.target !== target);
  }

  /** My budget from my dots: after a budget change, or dots given back by a delete or merge. */
  recountDots() {
    const used = Object.values(this.myVotes).reduce((a, b) => a + b, 0);
    this.dotsLeft = Math.max(0, this.board.settings.dots_per_person - used);
  }

  participantJoined(ev) {
    const person = { ...ev.participant, present: true };
    if (person.id === this.me) {
      this.board.me = { ...person };
      this.joined = true;
    }
    const people = this.board.participants;
    if (people) this.board.participants = [...people.filter((p) => p.id !== person.id), person];
  }

  participantLeft(ev) {
    if (ev.id === this.me) {
      if (this.board.me) this.board.me.present = false;
      if (this.role !== "facilitator") this.joined = false;
    }
    for (const person of this.board.participants || []) if (person.id === ev.id) person.present = false;
  }

  noteMerged(ev) {
    // My dots beyond the per-note cap came back to me: `moved` says how many followed.
    const had = this.myVotes[ev.source] || 0;
    delete this.myVotes[ev.source];
    const mine = this.me != null ? ev.moved[this.me] || 0 : 0;
    if (mine) this.myVotes[ev.target] = (this.myVotes[ev.target] || 0) + mine;
    if (had !== mine) this.recountDots();
    this.board.dots_placed = ev.dots_placed;
    this.notes.delete(ev.source);
    this.dropDecision(ev.source);
    if (this.tallies) {
      delete this.tallies[ev.source];
      if (ev.target_tally && ev.target_tally.total) this.tallies[ev.target] = ev.target_tally;
    }
  }

  count(ev, delta) {
    this.board.dots_placed = ev.dots_placed;
    if (ev.mine) {
      const mine = (this.myVotes[ev.note] || 0) + delta;
      if (mine > 0) this.myVotes[ev.note] = mine;
      else delete this.myVotes[ev.note];
      this.dotsLeft -= delta;
    }
    if (ev.note == null || !this.tallies) return;
    const tally = this.tallies[ev.note] || (this.tallies[ev.note] = { total: 0, by_group: {} });
    tally.total += delta;
    tally.by_group[ev.group] = (tally.by_group[ev.group] || 0) + delta;
    if (tally.by_group[ev.group] <= 0) delete tally.by_group[ev.group];
    if (tally.total <= 0) delete this.tallies[ev.note];
  }

  phaseChanged(ev) {
    const board = this.board;
    board.phase_index = ev.index;
    board.phase_closed = false;
    board.phase_started_at = ev.at;
    board.history.push({ phase: board.phases[ev.index].id, started: ev.at });
    board.done = { count: 0, mine: false }; // "I'm done" counts per visit of a phase
    if (board.phases[ev.index].kind === "vote") {
      board.votes_revealed = false;
      if (board.settings.blind_votes && this.role !== "facilitator") this.tallies = null;
    }
  }

  /** New stakeholder groups; a renamed one keeps its people, their notes and their dots. */
  groupsChanged(ev) {
    const board = this.board;
    board.settings = { ...board.settings, groups: ev.groups, group_colors: ev.colors };
    const renamed = ev.renamed || {};
    const rename = (group) => (group in renamed ? renamed[group] : group);
    for (const [id, note] of this.notes) if (note.group in renamed) this.notes.set(id, { ...note, group: rename(note.group) });
    for (const person of [...(board.participants || []), ...(board.me ? [board.me] : [])]) person.group = rename(person.group);
    if (this.you) this.you = { ...this.you, group: rename(this.you.group) };
    if (board.projector) board.projector = { ...board.projector, group: rename(board.projector.group) };
    for (const tally of Object.values(this.tallies || {})) {
      tally.by_group = Object.fromEntries(Object.entries(tally.by_group).map(([g, n]) => [rename(g), n]));
    }
  }

  // -- questions the views ask -------------------------------------------------

  get phase() {
    return this.board?.phases[this.board.phase_index] ?? null;
  }

  get phaseKind() {
    return this.phase?.kind ?? "discuss";
  }

  get settings() {
    return this.board?.settings ?? {};
  }

  get groups() {
    return this.settings.groups || [];
  }

  /** [{target, kind, owner, next_step, due}] in the order they were marked. */
  get decisions() {
    return this.board?.decisions || [];
  }

  isDecision(target) {
    return this.decisions.some((d) => d.target === target);
  }

  /** {count, mine}: "I'm done" in this visit of the current phase. */
  get done() {
    return this.board?.done || { count: 0, mine: false };
  }

  /** Dots on a note (optionally from one stakeholder group); null while tallies are hidden. */
  dots(noteId, group = "") {
    if (!this.tallies) return null;
    const tally = this.tallies[noteId];
    if (!tally) return 0;
    return group ? tally.by_group[group] || 0 : tally.total;
  }
}
