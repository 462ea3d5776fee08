// Commands not yet acknowledged, kept in localStorage so neither a dropped connection
// nor a reload loses them. Each carries its op id: re-sending one is safe, the server
// applies an op once and answers a repeat with the first result.

import { randomHex } from "./identity.js";
import { load, save } from "./storage.js";

export class Outbox {
  constructor(key) {
    this.key = key;
    this.prefix = randomHex(4); // op ids are unique across reloads of this page
    this.counter = 0;
    const stored = load(key, []);
    this.pending = Array.isArray(stored) ? stored.filter((c) => c && typeof c.op === "string") : [];
    this.settling = []; // acked commands whose events have not arrived yet: {command, seq}
  }

  /** Queue a command; returns it (with its op id). */
  add(type, fields = {}) {
    this.counter += 1;
    const command = { t: type, op: `${this.prefix}-${this.counter}`, ...fields };
    this.pending.push(command);
    this.persist();
    return command;
  }

  /** The command an ack answers, taken out of the queue (null if unknown). */
  take(op) {
    const i = this.pending.findIndex((c) => c.op === op);
    if (i < 0) return null;
    const [command] = this.pending.splice(i, 1);
    this.persist();
    return command;
  }

  /** An acked command stays visible (optimistically) until the board reaches `seq`. */
  settle(command, seq) {
    this.settling.push({ command, seq });
  }

  /** Drop settled commands once the board has caught up with them. */
  caughtUp(seq) {
    if (this.settling.length) this.settling = this.settling.filter((s) => s.seq > seq);
  }

  /** Commands the board does not show yet: queued, sent, or acked but not yet seen. */
  unseen() {
    return [...this.pending, ...this.settling.map((s) => s.command)];
  }

  persist() {
    save(this.key, this.pending);
  }
}
