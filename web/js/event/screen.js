// What every event page shares: the page's language, the event session, the connection
// indicator, rendering once per animation frame after changes, and timers counting down
// between summaries.

import { $ } from "../dom.js";
import { errorText } from "../error-text.js";
import { chooseLanguage, startLanguage } from "../i18n.js";
import { StatusView } from "../status-view.js";
import { EventSession, eventCodeFromPath, eventFailure } from "./event-session.js";

// Each page: the screen whose language choice it remembers, and the catalog sections it shows.
const SCREENS = {
  lounge: { screen: "lounge", sections: ["common", "event"] },
  phone: { screen: "event", sections: ["common", "event", "errors"] },
  organiser: { screen: "organiser", sections: ["common", "event", "console", "errors"] }, // console: the export panel
  plenary: { screen: "plenary", sections: ["common", "event"] },
};

/**
 * Start an event page. `render(session)` draws it (once loaded and its words are in);
 * `tick` ({list, update, every}) updates each metanet's element in `list` (a reconciled
 * container) with `update(el, summary, now)` between renders; `onReady(words)` runs once
 * the page's words have come (before the first render). Returns {session, schedule, ready}.
 */
export function eventScreen({ role, secret = null, onError = null, render, tick = null, onReady = null }) {
  const { screen, sections } = SCREENS[role];
  let languageReady = false;
  let statusView = null;
  let status = ["connecting", ""];
  let frame = 0;
  const draw = () => {
    frame = 0;
    if (!languageReady || !session.loaded) return;
    render(session);
    statusView.render();
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  // The session starts at once, in parallel with the catalog; nothing is drawn before both.
  const ready = startLanguage(chooseLanguage(screen), sections).then((words) => {
    languageReady = true;
    statusView = new StatusView($("#status"));
    showStatus(...status);
    if (onReady) onReady(words);
    schedule();
    return words;
  });
  // The connection's state, in the page's words (a failure said as the event's, not a board's).
  const showStatus = (state, detail) => statusView.update(state, state === "failed" ? eventFailure(session.conn.closeCode, detail) : detail);
  const session = new EventSession({
    code: eventCodeFromPath(),
    role,
    secret,
    onChange: schedule,
    // An error (a refused command, a wrong link) said in the page's words, once they have come.
    onError: (error) => ready.then(() => {
      const text = errorText(error.code, error.message, error.reason, error.params);
      if (onError) onError(text, error);
      else console.warn("metanet:", text);
    }),
    onStatus: (...args) => {
      status = args;
      if (statusView) showStatus(...args);
    },
  });
  addEventListener("resize", schedule);
  if (tick) {
    setInterval(() => {
      if (!languageReady) return;
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
  return { session, schedule, ready };
}
