// Announcements for screen readers through the page's aria-live region.

let region = null;
let timer = 0;

export function announce(text) {
  region = region || document.getElementById("announce");
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = "";
  clearTimeout(timer);
  timer = setTimeout(() => {
    region.textContent = text;
  }, 50);
}
