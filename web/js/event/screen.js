// What every event page shares: the event session, the connection indicator, rendering
// once per animation frame after changes, and timers counting down between summaries.

import { $ } from "../dom.js";
import { StatusView } from "../status-view.js";
import { EventSession, eventCodeFromPath } from "./event-session.js";

/**
 * Start an event page. `render(session)` draws it (once loaded); `tick` ({list, update,
 * every}) updates each metanet's element in `list` (a reconciled container) with
 * `update(el, summary, now)` between renders. Returns {session, schedule}.
 */
export function eventScreen({ role, secret = null, onError = null, render, tick = null }) {
  const statusView = new StatusView($("#status"));
  let frame = 0;
  const draw = () => {
    frame = 0;
    if (!session.loaded) return;
    render(session);
    statusView.render();
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  const session = new EventSession({
    code: eventCodeFromPath(),
    role,
    secret,
    onChange: schedule,
    onError: onError || ((message) => console.warn("metanet:", message)),
    onStatus: (status, detail) => statusView.update(status, detail),
  });
  addEventListener("resize", schedule);
  if (tick) {
    setInterval(() => {
      const now = session.clock.now();
      const keyed = tick.list._keyed;
      for (const summary of session.metanets) {
        const el = keyed?.get(summary.board);
        if (el) tick.update(el, summary, now);
      }
    }, tick.every || 500);
  }
  // A handle for debugging from the console, and for the browser tests.
  globalThis.metanetEvent = session;
  session.start();
  return { session, schedule };
}
