// A short chime through Web Audio when time is up (the projector; muted from the console).
// Browsers let a page make sound only after someone has clicked or pressed a key on it:
// `needsGesture()` says when the screen must ask for that one click.

let context = null;
let chimed = 0;

function audio() {
  if (!context && typeof AudioContext === "function") context = new AudioContext();
  return context;
}

/** True while the browser holds sound back until someone clicks the page. */
export function needsGesture() {
  const ctx = audio();
  return Boolean(ctx) && ctx.state === "suspended";
}

/** Call `callback` whenever the browser starts or stops holding sound back (to show or hide the note). */
export function onSoundChange(callback) {
  const ctx = audio();
  if (ctx) ctx.addEventListener("statechange", callback);
}

/** Let sound play after a click (call from a pointer or key handler). */
export function allowSound() {
  const ctx = audio();
  return ctx ? ctx.resume() : Promise.resolve();
}

/** Two soft notes, about a second in all. */
export function chime() {
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime + 0.02;
  [[880, 0], [660, 0.28]].forEach(([frequency, offset]) => {
    const tone = ctx.createOscillator();
    const gain = ctx.createGain();
    tone.type = "sine";
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.35, start + offset + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.7);
    tone.connect(gain).connect(ctx.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.75);
  });
  chimed += 1;
  globalThis.metanetChimes = chimed; // for the browser tests: how many times it chimed
}
