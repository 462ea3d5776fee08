// The phase timer: counts down from the server's deadline (corrected for clock offset),
// and announces the last minute and the end.

import { announce } from "./announce.js";
import { formatSeconds, timeLeft } from "./clock.js";
import { setText } from "./dom.js";

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
    if (timer.generation !== this.generation) {
      this.generation = timer.generation;
      this.warned = false;
    }
    const left = timeLeft(timer, this.session.clock.now());
    if (timer.status === "running" && left <= 60 && !this.warned && timer.duration > 60) {
      this.warned = true;
      announce("One minute left.");
    }
    if (timer.status !== this.lastStatus) {
      if (timer.status === "expired" && this.lastStatus !== null) announce("Time is up.");
      this.lastStatus = timer.status;
    }
    const label = { idle: "not started", running: "", paused: "paused", expired: "time is up" }[timer.status] ?? "";
    setText(this.el.querySelector(".time") || this.el, timer.status === "expired" ? "0:00" : formatSeconds(left));
    const state = this.el.querySelector(".timer-state");
    if (state) setText(state, label);
    this.el.dataset.status = timer.status;
    this.el.hidden = timer.status === "idle" && !timer.duration; // no timer in this phase
    this.el.classList.toggle("last-minute", timer.status === "running" && left <= 60);
    clearTimeout(this.tick);
    if (timer.status === "running") this.tick = setTimeout(() => this.render(), 250);
  }
}
