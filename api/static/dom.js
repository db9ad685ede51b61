// Small DOM helpers the pages' modules share: elements, sprite icons, the clipboard, storage, downloads and JSON
// requests.
const SVG = "http://www.w3.org/2000/svg";

export const $ = (selector, root = document) => root.querySelector(selector);

export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// An icon from the sprite (/static/icons.svg), hidden from screen readers: the button's text names it.
export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS(SVG, "use");
  use.setAttribute("href", `/static/icons.svg#${name}`);
  svg.append(use);
  return svg;
}

// A button with an icon and a text (the text may be visually hidden for icon-only buttons).
export function iconButton(name, label, className = "", hiddenLabel = false) {
  const button = make("button", className);
  button.type = "button";
  button.append(icon(name), make("span", hiddenLabel ? "visually-hidden" : "", label));
  return button;
}

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const scratch = make("textarea");  // plain http on a LAN address has no clipboard API
  scratch.value = text;
  document.body.append(scratch);
  scratch.select();
  document.execCommand("copy");
  scratch.remove();
}

// Browser storage that may be blocked (privacy settings, sandboxed frames): reads give null, writes are dropped
// and what they kept lasts for this page only. `area` is "localStorage" or "sessionStorage".
export function readStored(area, key) {
  try {
    return window[area].getItem(key);
  } catch (_) {
    return null;
  }
}

export function writeStored(area, key, value) {
  try {
    if (value === null) window[area].removeItem(key);
    else window[area].setItem(key, value);
  } catch (_) {
    // blocked or full: nothing else to do
  }
}

// A list kept as JSON in local storage (an empty list when missing or unreadable).
export function readStoredList(key) {
  try {
    const list = JSON.parse(readStored("localStorage", key) || "[]");
    return Array.isArray(list) ? list : [];
  } catch (_) {
    return [];
  }
}

// Saves `blob` as a download named `filename` (a form, a report table).
export function saveFile(blob, filename) {
  const link = make("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function postJson(url, body) {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}
