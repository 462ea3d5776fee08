// Announcements for screen readers through the page's aria-live region.

let region = null;
let timer = 0;
let pending = [];

/**
 * Say `text` through the live region. Messages that come together (a phase closing as its
 * time runs out, in one render) are read together instead of the last one hiding the others.
 */
export function announce(text) {
  region = region || document.getElementById("announce");
  if (!region) return;
  if (!pending.includes(text)) pending.push(text);
  // Clearing first makes a repeated message be read again.
  region.textContent = "";
  clearTimeout(timer);
  timer = setTimeout(() => {
    region.textContent = pending.join(" ");
    pending = [];
  }, 50);
}
