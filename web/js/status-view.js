// The connection indicator: "Connecting…", "Reconnecting…", "Offline", "Back online".

import { announce } from "./announce.js";
import { setText, show } from "./dom.js";

const TEXT = {
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  live: "Back online",
  failed: "Not connected",
};

export class StatusView {
  /** `el` is an element with role="status"; `queued()` counts commands waiting to be sent. */
  constructor(el, queued = () => 0) {
    this.el = el;
    this.queued = queued;
    this.status = "connecting";
    this.detail = "";
    this.hideTimer = 0;
    this.wasDown = false;
    this.render();
  }

  update(status, detail = "") {
    const previous = this.status;
    this.status = status;
    this.detail = detail;
    clearTimeout(this.hideTimer);
    if (status === "live") {
      if (this.wasDown) announce("Back online.");
      // "Back online" shows for a moment after an outage, then the indicator goes away.
      this.hideTimer = setTimeout(() => {
        this.wasDown = false;
        this.render();
      }, this.wasDown ? 2500 : 0);
    } else if (status === "reconnecting" || status === "offline") {
      if (!this.wasDown && previous === "live") announce(status === "offline" ? "You are offline." : "Connection lost, reconnecting.");
      this.wasDown = true;
    } else if (status === "failed") {
      announce(detail || TEXT.failed);
    }
    this.render();
  }

  render() {
    const { el, status } = this;
    const visible = status !== "live" || this.wasDown;
    show(el, visible);
    el.dataset.status = status;
    let text = status === "failed" && this.detail ? this.detail : TEXT[status];
    const queued = this.queued();
    if (queued && status !== "live") text += ` — ${queued} waiting to send`;
    setText(el, text);
  }
}
