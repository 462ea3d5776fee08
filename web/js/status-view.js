// The connection indicator: "Connecting…", "Reconnecting…", "Offline", "Back online".

import { announce } from "./announce.js";
import { setText, show } from "./dom.js";
import { t, words } from "./i18n.js";

const STATUSES = new Set(["connecting", "reconnecting", "offline", "live", "failed"]);
const statusText = (status) => t(`common.status_${STATUSES.has(status) ? status : "connecting"}`);

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
      if (this.wasDown) announce(t("common.back_online_said"));
      // "Back online" shows for a moment after an outage, then the indicator goes away.
      this.hideTimer = setTimeout(() => {
        this.wasDown = false;
        this.render();
      }, this.wasDown ? 2500 : 0);
    } else if (status === "reconnecting" || status === "offline") {
      if (!this.wasDown && previous === "live") announce(t(status === "offline" ? "common.offline_said" : "common.reconnecting_said"));
      this.wasDown = true;
    } else if (status === "failed") {
      announce(detail || statusText("failed"));
    }
    this.render();
  }

  /** Shows nothing until the page's words have arrived (pages render it again then). */
  render() {
    const { el, status } = this;
    if (!words.has("common.status_connecting")) return;
    const visible = status !== "live" || this.wasDown;
    show(el, visible);
    el.dataset.status = status;
    let text = status === "failed" && this.detail ? this.detail : statusText(status);
    const queued = this.queued();
    if (queued && status !== "live") text = t("common.status_queued", { status: text, count: queued });
    setText(el, text);
  }
}
