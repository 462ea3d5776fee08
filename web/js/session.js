// One page's session with a board: the connection, the board state, the outbox of
// commands, and the clock. Every server message goes through `handle`.

import { announce } from "./announce.js";
import { Clock } from "./clock.js";
import { Connection } from "./connection.js";
import { errorText } from "./error-text.js";
import { t } from "./i18n.js";
import { Outbox } from "./outbox.js";
import { BoardState } from "./state.js";

const RETRY_CODES = new Set(["unavailable", "rate_limited"]); // transient: send again later
const BURST = 30; // commands sent at once when a queue is replayed (server burst is 40)
const PACE = 70; // ms between commands after the burst

export class Session {
  /**
   * @param {object} opts  board, role, token, secret?, onChange(), onError(message), onStatus(status, detail)
   */
  constructor(opts) {
    this.board = opts.board;
    this.role = opts.role;
    this.token = opts.token;
    this.secret = opts.secret || null;
    this.onChange = opts.onChange || (() => {});
    this.onError = opts.onError || ((message) => console.error(message));
    this.onStatus = opts.onStatus || (() => {});
    this.state = new BoardState();
    this.clock = new Clock();
    this.presence = { total: 0, by_group: {} };
    this.outbox = new Outbox(`metanet:outbox:${this.role}:${this.board}`);
    this.waiters = new Map(); // op -> resolve(ack)
    this.sentOn = new Map(); // op -> the connection it was last sent on
    this.connectionId = 0;
    this.flushTimer = 0;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.conn = new Connection(`${scheme}://${location.host}/b/${encodeURIComponent(this.board)}/ws`, {
      onOpen: (_conn, sendNow) => sendNow(this.hello()),
      onMessages: (messages) => this.receive(messages),
      onStatus: (status, detail) => this.onStatus(status, this.deleted && status === "failed" ? t("common.board_deleted") : detail),
    });
  }

  start() {
    this.conn.start();
    return this;
  }

  hello() {
    const hello = { t: "hello", role: this.role, token: this.token };
    if (this.secret) hello.secret = this.secret;
    if (this.state.loaded) hello.since = this.state.seq; // resume: only what was missed
    return hello;
  }

  /**
   * Queue a command and send it when connected. Resolves with its ack (ok or not);
   * a command queued offline resolves once it has been sent and answered.
   */
  command(type, fields = {}) {
    const command = this.outbox.add(type, fields);
    const acked = new Promise((resolve) => this.waiters.set(command.op, resolve));
    this.flush();
    this.onChange("queued");
    return acked;
  }

  /** Send queued commands, at a pace the server's rate limit accepts. */
  flush() {
    clearTimeout(this.flushTimer);
    if (!this.conn.live) return;
    const due = this.outbox.pending.filter((c) => this.sentOn.get(c.op) !== this.connectionId);
    due.slice(0, BURST).forEach((c) => this.transmit(c));
    if (due.length > BURST) this.flushTimer = setTimeout(() => this.flushPaced(), PACE);
  }

  flushPaced() {
    if (!this.conn.live) return;
    const next = this.outbox.pending.find((c) => this.sentOn.get(c.op) !== this.connectionId);
    if (!next) return;
    this.transmit(next);
    this.flushTimer = setTimeout(() => this.flushPaced(), PACE);
  }

  transmit(command) {
    if (this.conn.send(command)) this.sentOn.set(command.op, this.connectionId);
  }

  // -- messages in --------------------------------------------------------------

  receive(messages) {
    for (const msg of messages) this.handle(msg);
    this.outbox.caughtUp(this.state.seq);
    if (this.deleted && this.outbox.pending.length) {
      this.outbox.pending = []; // nothing will ever take them now
      this.outbox.persist();
    }
    this.onChange("messages");
  }

  /** The board got `board_deleted`: the server closes the socket next (4004), for good. */
  get deleted() {
    return Boolean(this.state.board?.deleted);
  }

  handle(msg) {
    switch (msg.t) {
      case "welcome":
        this.welcome(msg);
        break;
      case "events":
        this.state.events(msg);
        break;
      case "ack":
        this.ack(msg);
        break;
      case "presence":
        this.presence = { total: msg.total, by_group: msg.by_group };
        break;
      case "pong": {
        const sentAt = this.conn.pingSentAt(msg.id);
        if (sentAt !== null) this.clock.fromPong(msg.time, sentAt);
        break;
      }
      case "error":
        this.onError(errorText(msg.code, msg.message, msg.reason, msg.params));
        break;
      default:
        console.warn("metanet: unknown message type", msg.t);
    }
  }

  welcome(msg) {
    this.welcomeMode = msg.fresh ? "fresh snapshot" : msg.mode; // for debugging: did we resume?
    this.clock.fromWelcome(msg.time);
    this.state.welcome(msg);
    this.presence = msg.presence;
    this.connectionId += 1; // everything unacked goes out again
    this.conn.welcomed();
    this.flush();
  }

  ack(msg) {
    const command = this.outbox.take(msg.op);
    this.sentOn.delete(msg.op);
    const resolve = this.waiters.get(msg.op);
    if (!msg.ok && RETRY_CODES.has(msg.code) && command) {
      // Not applied: keep it first in line and try again shortly.
      this.outbox.pending.unshift(command);
      this.outbox.persist();
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), 1000);
      return;
    }
    this.waiters.delete(msg.op);
    if (msg.ok) {
      if (command && msg.result?.seq > this.state.seq) this.outbox.settle(command, msg.result.seq);
    } else {
      const text = errorText(msg.code, msg.message, msg.reason, msg.params);
      this.onError(text);
      announce(text);
    }
    if (resolve) resolve(msg);
  }

  /** Commands of a type the board does not reflect yet (for optimistic display). */
  unseen(type) {
    return this.outbox.unseen().filter((c) => c.t === type);
  }

  get queued() {
    return this.outbox.pending.length;
  }
}
