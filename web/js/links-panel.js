// Links to share (participant, join code, projector) and the facilitator's own link.

import { h } from "./dom.js";
import { joinAddress } from "./join-address.js";

async function copy(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // No clipboard permission (plain http on a LAN): select the field so Ctrl+C works.
    button.previousElementSibling?.select?.();
  }
  const label = button.textContent;
  button.textContent = ok ? "Copied" : "Press Ctrl+C";
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

function linkRow(id, label, url, note = "") {
  const input = h("input", { id, readonly: true, value: url, class: "link-field" });
  input.addEventListener("focus", () => input.select());
  const button = h("button", { type: "button", text: "Copy", "aria-label": `Copy the ${label.toLowerCase()}` });
  button.addEventListener("click", () => copy(input.value, button));
  return h("div", { class: "link-row" },
    h("label", { for: id, class: "label", text: label }),
    note ? h("p", { class: "hint", text: note }) : null,
    h("div", { class: "row nowrap" }, input, button));
}

export async function linksPanel(root, { board, code, secret, onWarning = () => {} }) {
  const here = location.origin;
  const { base, warning } = await joinAddress(); // phones' links: never localhost when the server knows better
  onWarning(warning);
  const id = encodeURIComponent(board);
  root.replaceChildren(
    h("h2", { text: "Share" }),
    warning ? h("p", { class: "address-warning", role: "alert", text: warning }) : null,
    linkRow("link-join", "Join link", `${base}/j/${code}`, `Or the code ${code} on the start page.`),
    linkRow("link-participant", "Participant link", `${base}/b/${id}`),
    linkRow("link-projector", "Projector link", `${here}/b/${id}/projector`),
    h("p", {}, h("a", { href: `/b/${id}/projector`, target: "_blank", rel: "noopener", id: "open-projector", text: "Open the projector view ↗" })),
    secret ? linkRow("link-facilitator", "Facilitator link", `${here}/b/${id}/facilitate#${secret}`, "Keep this one private: it controls the board.") : null,
  );
}
