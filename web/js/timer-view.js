// The phase timer: counts down from the server's deadline (corrected for clock offset),
// and announces the last minute (or, for a shorter timer, how long it runs) and the end.

import { announce } from "./announce.js";
import { formatSeconds, timeLeft } from "./clock.js";
import { setText } from "./dom.js";
import { t, words } from "./i18n.js";

const LAST_MINUTE = 60; // seconds

/**
 * What a screen reader hears as the last minute starts (a shorter timer: how short it is).
 * Rounded, not rounded up like the display: a clock estimate a few ms behind the server's
 * must not turn a 30-second timer into "31 seconds".
 */
export function lastMinuteText(left) {
  const seconds = Math.max(1, Math.round(left));
  if (seconds >= 55) return t("common.one_minute_left");
  return t("common.seconds_left", { count: seconds });
}

const LABELS = { idle: "common.timer_idle", paused: "common.timer_paused", expired: "common.timer_expired" };

export class TimerView {
  /** `el` shows the time; `session` gives the timer state and the server clock. */
  constructor(el, session) {
    this.el = el;
    this.session = session;
    this.tick = 0;
    this.generation = null;
    this.warned = false;
    this.lastStatus = null;
  }

  render() {
    const timer = this.session.state.board?.timer;
    if (!timer || this.session.deleted) return; // a deleted board has no time left to show
    if (!words.has("common.timer_paused")) return; // the page's words have not arrived yet
    if (timer.generation !== this.generation) {
      this.generation = timer.generation;
      this.warned = false;
    }
    const left = timeLeft(timer, this.session.clock.now());
    // Time added back: the last minute is announced again when it comes (5 s of slack for clock jitter).
    if (left > LAST_MINUTE + 5) this.warned = false;
    if (timer.status === "running" && left > 0 && left <= LAST_MINUTE && !this.warned) {
      this.warned = true;
      announce(lastMinuteText(left));
    }
    if (timer.status !== this.lastStatus) {
      if (timer.status === "expired" && this.lastStatus !== null) announce(t("common.time_is_up_said"));
      this.lastStatus = timer.status;
    }
    const label = LABELS[timer.status] ? t(LABELS[timer.status]) : "";
    setText(this.el.querySelector(".time") || this.el, formatSeconds(timer.status === "expired" ? 0 : left, words.locale));
    const state = this.el.querySelector(".timer-state");
    if (state) setText(state, label);
    this.el.dataset.status = timer.status;
    this.el.hidden = timer.status === "idle" && !timer.duration; // no timer in this phase
    this.el.classList.toggle("last-minute", timer.status === "running" && left <= 60);
    clearTimeout(this.tick);
    if (timer.status === "running") this.tick = setTimeout(() => this.render(), 250);
  }
}
