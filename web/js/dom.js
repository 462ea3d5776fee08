// Building the DOM without HTML strings: every piece of user text goes in as a text node.

/**
 * h("button", {class: "big", onclick: fn, "aria-label": "Vote"}, "text", childEl)
 * Props: `class`, `text`, `on<event>` listeners, DOM properties for non-string values
 * (disabled, checked, value...), attributes otherwise. Children: nodes or strings (as text).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (typeof value !== "string" && key in el) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child); // strings become text nodes
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Set text only when it changed (keeps screen readers and layout quiet). */
export function setText(el, text) {
  const value = String(text ?? "");
  if (el.textContent !== value) el.textContent = value;
}

/** Put `nodes` (from tn() or listNodes()) in `el`, only when its text or its <bdi>s changed (keeps screen readers and focus quiet). */
export function setNodes(el, nodes) {
  const text = nodes.map((n) => (typeof n === "string" ? n : n.textContent)).join("");
  if (el.textContent !== text || el.childElementCount !== nodes.filter((n) => typeof n !== "string").length) {
    el.replaceChildren(...nodes);
  }
}

/** Toggle an element's `hidden` only when it changed. */
export function show(el, visible) {
  if (el.hidden === visible) el.hidden = !visible;
}

/**
 * Make `container`'s children match `items`, reusing the element of each key.
 * Existing elements are updated in place and moved only when out of order, so a
 * focused button keeps its focus while the list changes around it.
 */
export function reconcile(container, items, keyOf, create, update) {
  const cache = container._keyed || (container._keyed = new Map());
  const wanted = new Set();
  let cursor = container.firstChild;
  for (const item of items) {
    const key = keyOf(item);
    wanted.add(key);
    let el = cache.get(key);
    if (!el) {
      el = create(item);
      el.dataset.key = key;
      cache.set(key, el);
    }
    update(el, item);
    if (el === cursor) cursor = cursor.nextSibling;
    else container.insertBefore(el, cursor);
  }
  for (const [key, el] of cache) {
    if (!wanted.has(key)) {
      el.remove();
      cache.delete(key);
    }
  }
}
