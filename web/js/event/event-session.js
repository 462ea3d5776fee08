// One page's session with an event (/e/CODE/ws): the connection, the event's own fields,
// one summary per metanet, the clock, and the organiser's commands with their acks.
// Event screens fold summaries only (docs/protocol.md, "Events of several metanets").

import { Clock } from "../clock.js";
import { CLOSE, Connection } from "../connection.js";
import { t } from "../i18n.js";
import { randomHex } from "../identity.js";

/** The event code in /e/{CODE}, /e/{CODE}/lounge, ... */
export function eventCodeFromPath(path = location.pathname) {
  const match = /^\/e\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]) : null;
}

export class EventSession {
  /**
   * @param {object} opts  code, role ("lounge" | "phone" | "organiser" | "plenary"), secret?, token?,
   *                       onChange(), onError(error: the ack or error message as sent), onStatus(status, detail)
   */
  constructor(opts) {
    this.code = opts.code;
    this.role = opts.role;
    this.secret = opts.secret || null;
    this.token = opts.token || null;
    this.onChange = opts.onChange || (() => {});
    this.onError = opts.onError || ((error) => console.error(error.message || error.code));
    this.onStatus = opts.onStatus || (() => {});
    this.gathering = null;
    this.summaries = new Map(); // board -> summary, in the order the metanets came
    this.links = new Map(); // board -> {participant_url, projector_url, join_url, facilitator_url (organiser)}
    this.exportKey = "";
    this.clock = new Clock();
    this.waiters = new Map(); // op -> resolve(ack)
    this.prefix = randomHex(4);
    this.counter = 0;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.conn = new Connection(`${scheme}://${location.host}/e/${encodeURIComponent(this.code)}/ws`, {
      onOpen: (_conn, sendNow) => sendNow(this.hello()),
      onMessages: (messages) => this.receive(messages),
      onStatus: (status, detail) => this.onStatus(status, detail),
    });
  }

  start() {
    this.conn.start();
    return this;
  }

  get loaded() {
    return this.gathering !== null;
  }

  /** The metanets' summaries in their order (the order the event lists them). */
  get metanets() {
    return [...this.summaries.values()];
  }

  /** The organiser's message to everyone now ("" when none). */
  get message() {
    return this.gathering?.message?.text || "";
  }

  hello() {
    const hello = { t: "hello", role: this.role };
    if (this.secret) hello.secret = this.secret;
    if (this.token) hello.token = this.token;
    return hello;
  }

  /** Send an organiser command now; resolves with its ack ({ok, result} or {ok: false, code, message}). */
  command(type, fields = {}) {
    this.counter += 1;
    const op = `${this.prefix}-${this.counter}`;
    if (!this.conn.send({ t: type, op, ...fields })) {
      return Promise.resolve({ ok: false, code: "unavailable", message: t("event.not_connected") });
    }
    return new Promise((resolve) => this.waiters.set(op, resolve));
  }

  receive(messages) {
    for (const msg of messages) this.handle(msg);
    this.onChange();
  }

  handle(msg) {
    switch (msg.t) {
      case "welcome":
        this.clock.fromWelcome(msg.time);
        this.gathering = msg.gathering;
        this.summaries = new Map((msg.metanets || []).filter(Boolean).map((s) => [s.board, s]));
        // Each metanet's links (the facilitator's for the organiser only) and the export key.
        for (const entry of msg.links || []) this.links.set(entry.board, entry);
        this.exportKey = msg.you?.export_key || "";
        this.conn.welcomed();
        break;
      case "summary": {
        // A summary older than the one shown (the board's seq went back) changes nothing.
        const shown = this.summaries.get(msg.summary.board);
        if (!shown || !(shown.seq > msg.summary.seq)) this.summaries.set(msg.summary.board, msg.summary);
        break;
      }
      case "gathering":
        this.gathering = { ...this.gathering, ...msg.gathering }; // join_url comes with the welcome only
        break;
      case "ack": {
        const resolve = this.waiters.get(msg.op);
        this.waiters.delete(msg.op);
        if (!msg.ok) this.onError(msg);
        if (resolve) resolve(msg);
        break;
      }
      case "pong": {
        const sentAt = this.conn.pingSentAt(msg.id);
        if (sentAt !== null) this.clock.fromPong(msg.time, sentAt);
        break;
      }
      case "error":
        this.onError(msg);
        break;
      default:
        console.warn("metanet: unknown message type", msg.t);
    }
  }
}

/** The connection's final words are about boards; on an event page they are about the event. */
export function eventFailure(closeCode, detail) {
  if (closeCode === CLOSE.NO_BOARD) return t("event.no_such_event");
  if (closeCode === CLOSE.UNAUTHORIZED) return t("event.link_not_valid");
  return detail;
}
