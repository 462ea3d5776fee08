// The facilitator's timer controls: start with a duration, pause, resume, ±1 minute, reset.

import { h, setText } from "./dom.js";
import { t } from "./i18n.js";
import { TimerView } from "./timer-view.js";

export function timerPanel(root, session) {
  const display = h("div", { class: "timer big-timer", role: "timer", "aria-label": t("console.time_left") },
    h("span", { class: "time", text: "–:––" }), " ", h("span", { class: "timer-state" }));
  const minutes = h("input", { id: "timer-minutes", type: "number", min: "0.05", max: "1440", step: "any", value: "5", inputmode: "decimal" });
  const send = (type, fields) => () => session.command(type, fields);
  const start = h("button", { type: "button", class: "primary", text: t("console.start") });
  start.addEventListener("click", () => {
    const value = Number(minutes.value);
    if (!(value > 0)) {
      minutes.focus();
      return;
    }
    session.command("start_timer", { duration: Math.round(value * 60) || 1 });
  });
  const pause = h("button", { type: "button", text: t("console.pause"), onclick: send("pause_timer") });
  const resume = h("button", { type: "button", text: t("console.resume"), onclick: send("resume_timer") });
  const less = h("button", { type: "button", text: t("console.minus_minute"), "aria-label": t("console.remove_minute"), onclick: send("adjust_timer", { seconds: -60 }) });
  const more = h("button", { type: "button", text: t("console.plus_minute"), "aria-label": t("console.add_minute"), onclick: send("adjust_timer", { seconds: 60 }) });
  const reset = h("button", { type: "button", text: t("console.reset"), onclick: send("reset_timer") });
  root.replaceChildren(
    h("h2", { text: t("console.timer") }),
    display,
    h("div", { class: "row timer-start" },
      h("label", { for: "timer-minutes", text: t("console.minutes") }), minutes, start),
    h("div", { class: "row" }, pause, resume, less, more, reset),
  );
  const view = new TimerView(display, session);
  let phaseShown = null;

  return function render(state) {
    const timer = state.board.timer;
    view.render();
    // Offer the phase's own duration whenever the phase changes.
    if (phaseShown !== state.board.phase_index) {
      phaseShown = state.board.phase_index;
      const seconds = state.phase?.duration || timer.duration;
      if (seconds && document.activeElement !== minutes) minutes.value = String(Math.round((seconds / 60) * 100) / 100);
    }
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    pause.disabled = timer.status !== "running";
    resume.disabled = timer.status !== "paused";
    less.disabled = more.disabled = !(timer.status === "running" || timer.status === "paused");
    reset.disabled = timer.status === "idle";
    setText(start, t(timer.status === "running" || timer.status === "paused" ? "console.restart" : "console.start"));
    // A keyboard user who pressed Pause (or Resume, or Reset) is not left with focus nowhere:
    // it moves to the button that undoes it.
    if (focused?.disabled) ({ running: pause, paused: resume }[timer.status] || start).focus();
  };
}
