// Links to share (participant, join code, projector) and the facilitator's own link.

import { h } from "./dom.js";
import { t, tn } from "./i18n.js";
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
  button.textContent = t(ok ? "console.copied" : "console.press_ctrl_c");
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

/** A link to copy; `name` picks its words: console.<name> (its label) and console.copy_<name>. */
function linkRow(id, name, url, note = "") {
  const label = t(`console.${name}`);
  // An address reads left to right in every language.
  const input = h("input", { id, readonly: true, value: url, class: "link-field", dir: "ltr" });
  input.addEventListener("focus", () => input.select());
  const button = h("button", { type: "button", text: t("console.copy"), "aria-label": t(`console.copy_${name}`) });
  button.addEventListener("click", () => copy(input.value, button));
  return h("div", { class: "link-row" },
    h("label", { for: id, class: "label", text: label }),
    note ? h("p", { class: "hint" }, note) : null,
    h("div", { class: "row nowrap" }, input, button));
}

export async function linksPanel(root, { board, code, secret, onWarning = () => {} }) {
  const here = location.origin;
  const found = await joinAddress(); // phones' links: never localhost when the server knows better
  const { base } = found;
  const warning = found.warning ? t("console.address_unreachable") : "";
  onWarning(warning);
  const id = encodeURIComponent(board);
  root.replaceChildren(
    h("h2", { text: t("console.share") }),
    warning ? h("p", { class: "address-warning", role: "alert", text: warning }) : null,
    linkRow("link-join", "join_link", `${base}/j/${code}`, tn("console.or_the_code", { code })),
    linkRow("link-participant", "participant_link", `${base}/b/${id}`),
    linkRow("link-projector", "projector_link", `${here}/b/${id}/projector`),
    h("p", {}, h("a", { href: `/b/${id}/projector`, target: "_blank", rel: "noopener", id: "open-projector", text: t("console.open_projector_view") })),
    secret ? linkRow("link-facilitator", "facilitator_link", `${here}/b/${id}/facilitate#${secret}`, t("console.keep_private")) : null,
  );
}
