// This browser's recent conversations: only their ids (and when they were last used) are kept here, in local
// storage; what they say is read from the server, which stays the source of truth, each time the list is opened.
import { language, t } from "./i18n.js";
import { $, iconButton, make } from "./dom.js";

const KEY = "recentConversations";
const KEPT = 20;
const GONE = "gone";

function read() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(list) ? list.filter((item) => item && typeof item.id === "string") : [];
  } catch (_) {
    return [];
  }
}

function write(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, KEPT)));
  } catch (_) {
    // storage blocked or full: the list is not kept, the conversations themselves are on the server
  }
}

export function remember(id) {
  write([{ id, at: Date.now() }, ...read().filter((item) => item.id !== id)]);
}

export function forget(id) {
  write(read().filter((item) => item.id !== id));
}

function when(at) {
  return new Date(at).toLocaleString(language() === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

async function entry(item, current, open, removed) {
  const response = await fetch(`/v1/sessions/${encodeURIComponent(item.id)}`);
  if (response.status === 404) return GONE;
  const row = make("li");
  const button = make("button", "open");
  button.type = "button";
  if (response.ok) {
    const session = await response.json();
    const first = session.turns.length ? session.turns[0].message : "…";
    button.append(make("span", "", first.length > 70 ? `${first.slice(0, 70)}…` : first));
    button.append(make("span", "when", `${when(item.at)} · ${t("turns", { count: session.turns.length })}`));
  } else {
    button.append(make("span", "", item.id.slice(0, 8)), make("span", "when", when(item.at)));
  }
  if (item.id === current) button.setAttribute("aria-current", "true");
  button.addEventListener("click", () => open(item.id));
  const remove = iconButton("trash", t("deleteConversation"), "icon-only delete", true);
  remove.addEventListener("click", async () => {
    const deleted = await fetch(`/v1/sessions/${encodeURIComponent(item.id)}`, { method: "DELETE" });
    if (deleted.ok || deleted.status === 404) {
      forget(item.id);
      row.remove();
      removed(item.id);
      $("#recent-status").textContent = t("deleted");
    } else {
      $("#recent-status").textContent = t("deleteFailed");
    }
  });
  row.append(button, remove);
  return row;
}

// Fills and opens the dialog. `open(id)` shows a conversation; `removed(id)` is told of a deleted one.
export async function showRecent(current, open, removed) {
  const dialog = $("#recent-dialog");
  const list = $("#recent-list");
  const status = $("#recent-status");
  list.replaceChildren();
  status.textContent = t("loading");
  if (!dialog.open) dialog.showModal();
  const items = read();
  // a conversation the server no longer has is dropped from the list; one that could not be read now is kept
  const rows = await Promise.all(items.map((item) => entry(item, current, open, removed).catch(() => null)));
  const gone = items.filter((_, index) => rows[index] === GONE);
  for (const item of gone) forget(item.id);
  list.append(...rows.filter((row) => row instanceof Node));
  status.textContent = !list.children.length ? t("noRecent") : gone.length ? t("recentGone") : "";
}
