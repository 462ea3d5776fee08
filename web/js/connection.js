// One WebSocket to the board that keeps itself alive: reconnects with exponential
// backoff, stays down while the browser says it is offline, and drops a connection
// that has gone silent. The session decides what to send and what the frames mean.

import { t } from "./i18n.js";
import { pack, unpack } from "./wire.js";

const PING_EVERY = 15000; // ms; also refreshes the clock offset
const SILENT_LIMIT = 40000; // ms without any frame: the connection is dead
const BACKOFF_FIRST = 500;
const BACKOFF_MAX = 15000;
// The server's close codes (docs/protocol.md, "Close codes"; server/protocol/close.py, checked by tests/test_docs.py).
export const CLOSE = Object.freeze({
  POLICY: 1008,
  TOO_BIG: 1009,
  UNAVAILABLE: 1011,
  RESTART: 1012,
  UNAUTHORIZED: 4001,
  NO_BOARD: 4004,
  TOO_SLOW: 4008,
});
// Close codes after which retrying cannot help (and the catalog key of what the person reads).
// Every other close -- restart, too slow, storage down, a venue's connection limit -- is retried.
const FINAL_CODES = new Map([
  [CLOSE.NO_BOARD, "common.board_missing"],
  [CLOSE.UNAUTHORIZED, "common.link_not_valid"],
]);

export class Connection {
  /**
   * @param {string} url  ws:// or wss:// address of the board
   * @param {object} handlers  onOpen(conn) -> sends hello; onMessages(list); onStatus(status, detail)
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.ws = null;
    this.status = "connecting"; // connecting | live | reconnecting | offline | failed
    this.attempt = 0;
    this.retryTimer = 0;
    this.pingTimer = 0;
    this.lastFrame = 0;
    this.pings = new Map(); // ping id -> local send time (s)
    this.pingCounter = 0;
    this.everLive = false;
    addEventListener("offline", () => this.goOffline());
    addEventListener("online", () => this.retryNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.checkAlive();
    });
  }

  start() {
    if (navigator.onLine === false) this.goOffline();
    else this.open();
  }

  get live() {
    return this.status === "live";
  }

  /** Send a message now; false when there is no open, welcomed connection. */
  send(message) {
    if (!this.live || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(pack(message));
    return true;
  }

  /** The session calls this once the welcome has been applied. */
  welcomed() {
    this.attempt = 0;
    this.everLive = true;
    this.setStatus("live");
    this.ping();
  }

  // -- internals ----------------------------------------------------------------

  open() {
    clearTimeout(this.retryTimer);
    const ws = new WebSocket(this.url);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastFrame = Date.now();
      this.handlers.onOpen(this, (message) => ws.send(pack(message)));
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.heartbeat(), PING_EVERY);
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.lastFrame = Date.now();
      let messages;
      try {
        messages = unpack(event.data);
      } catch (err) {
        console.error("metanet: undecodable frame", err);
        return;
      }
      this.handlers.onMessages(messages);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      const final = FINAL_CODES.get(event.code);
      this.closeCode = event.code; // which final words these are (an event page says them its own way)
      if (final) {
        this.setStatus("failed", t(final));
        return;
      }
      if (this.status !== "offline") this.scheduleRetry();
    };
  }

  scheduleRetry() {
    if (navigator.onLine === false) {
      this.goOffline();
      return;
    }
    this.setStatus(this.everLive ? "reconnecting" : "connecting");
    const base = Math.min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** this.attempt);
    this.attempt += 1;
    const delay = base / 2 + Math.random() * (base / 2); // jitter: a room of phones does not reconnect in step
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  goOffline() {
    if (this.status === "failed") return;
    clearTimeout(this.retryTimer);
    this.setStatus("offline");
    this.drop();
  }

  retryNow() {
    if (this.status === "failed" || this.ws) return;
    this.attempt = 0;
    this.setStatus(this.everLive ? "reconnecting" : "connecting");
    this.open();
  }

  drop() {
    const ws = this.ws;
    this.ws = null;
    clearInterval(this.pingTimer);
    if (ws) ws.close();
  }

  heartbeat() {
    if (Date.now() - this.lastFrame > SILENT_LIMIT) {
      this.drop();
      this.scheduleRetry();
      return;
    }
    this.ping();
  }

  checkAlive() {
    if (this.status === "failed" || this.status === "offline") return;
    if (!this.ws) this.retryNow();
    else if (Date.now() - this.lastFrame > PING_EVERY + 5000) this.heartbeat();
  }

  ping() {
    this.pingCounter += 1;
    this.pings.set(this.pingCounter, Date.now() / 1000);
    if (this.pings.size > 8) this.pings.delete(this.pings.keys().next().value);
    this.send({ t: "ping", id: this.pingCounter });
  }

  /** The local time a ping was sent (for the clock offset), or null. */
  pingSentAt(id) {
    const sent = this.pings.get(id);
    this.pings.delete(id);
    return sent ?? null;
  }

  setStatus(status, detail = "") {
    if (this.status === status && !detail) return;
    this.status = status;
    this.handlers.onStatus(status, detail);
  }
}
