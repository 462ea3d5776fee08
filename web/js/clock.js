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

/** 75 -> "1:15", 3725 -> "1:02:05". Rounds up, so "0:00" means time is up. */
export function formatSeconds(seconds) {
  const total = Math.max(0, Math.ceil(seconds - 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
