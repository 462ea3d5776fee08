// Server time in the browser: the offset between this clock and the server's, and the timer.

export class Clock {
  constructor() {
    this.offset = 0; // server seconds minus local seconds
    this.bestRtt = Infinity;
  }

  /** A rough offset from welcome.time (no round trip known). */
  fromWelcome(serverTime) {
    this.offset = serverTime - Date.now() / 1000;
    this.bestRtt = Infinity;
  }

  /** A better one from a pong: assume the server answered half-way through the round trip. */
  fromPong(serverTime, sentAt) {
    const now = Date.now() / 1000;
    const rtt = Math.max(0, now - sentAt);
    // Keep the sample with the shortest round trip; let it age so a drifting clock is followed.
    if (rtt <= this.bestRtt) {
      this.bestRtt = rtt;
      this.offset = serverTime - (sentAt + now) / 2;
    } else {
      this.bestRtt *= 1.2;
    }
  }

  /** The server's time now, in epoch seconds. */
  now() {
    return Date.now() / 1000 + this.offset;
  }
}

/** Seconds left on a timer ({status, duration, deadline, remaining}), as the server counts them. */
export function timeLeft(timer, serverNow) {
  if (!timer) return 0;
  if (timer.status === "running" && timer.deadline != null) return Math.max(0, timer.deadline - serverNow);
  if (timer.status === "paused" && timer.remaining != null) return timer.remaining;
  if (timer.status === "expired") return 0;
  return timer.duration || 0;
}

const digitFormats = new Map();
/** Digits as `locale` writes them ("٠٥" in Arabic), at least `width` of them. */
function digits(n, width, locale) {
  if (!locale) return String(n).padStart(width, "0");
  const key = `${locale}:${width}`;
  if (!digitFormats.has(key)) digitFormats.set(key, new Intl.NumberFormat(locale, { minimumIntegerDigits: width, useGrouping: false }));
  return digitFormats.get(key).format(n);
}

/**
 * 75 -> "1:15", 3725 -> "1:02:05". Rounds up, so "0:00" means time is up. With a `locale`, the
 * digits are that language's (the order of hours, minutes and seconds never changes).
 */
export function formatSeconds(seconds, locale = "") {
  const total = Math.max(0, Math.ceil(seconds - 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = digits(total % 60, 2, locale);
  return h ? `${digits(h, 1, locale)}:${digits(m, 2, locale)}:${s}` : `${digits(m, 1, locale)}:${s}`;
}
