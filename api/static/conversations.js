// This browser's recent conversations: only their ids (and when they were last used) are kept here, in local
// storage; what they are about is read from the server, which stays the source of truth, each time the list opens.
import { language, t } from "./i18n.js";
import { $, iconButton, make, postJson, readStoredList, writeStored } from "./dom.js";

const KEY = "recentConversations";
const KEPT = 20;

function read() {
  return readStoredList(KEY).filter((item) => item && typeof item.id === "string");
}

function write(list) {
  writeStored("localStorage", KEY, JSON.stringify(list.slice(0, KEPT)));
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

function row(item, summary, current, actions) {
  const entry = make("li");
  const button = make("button", "open");
  button.type = "button";
  const title = make("span", "", summary.first_message.length > 70 ? `${summary.first_message.slice(0, 70)}…` : summary.first_message);
  title.id = `recent-${item.id}`;
  button.append(title, make("span", "when", `${when(item.at)} · ${t("turns", { count: summary.turns })}`));
  if (item.id === current) button.setAttribute("aria-current", "true");
  button.addEventListener("click", () => actions.open(item.id));
  const remove = iconButton("trash", t("deleteConversation"), "icon-only delete", true);
  remove.setAttribute("aria-describedby", title.id);  // "Delete conversation: <its first message>"
  remove.addEventListener("click", async () => {
    const deleted = await fetch(`/v1/sessions/${encodeURIComponent(item.id)}`, { method: "DELETE" }).catch(() => null);
    if (!deleted || !(deleted.ok || deleted.status === 404)) {
      $("#recent-status").textContent = t("deleteFailed");
      return;
    }
    forget(item.id);
    const next = entry.nextElementSibling || entry.previousElementSibling;
    entry.remove();
    actions.removed(item.id);
    $("#recent-status").textContent = t("deleted");
    (next ? next.querySelector("button.open") : $("#recent-close")).focus();  // focus stays in the dialog
  });
  entry.append(button, remove);
  return entry;
}

// Fills and opens the dialog. `actions.open(id)` shows a conversation; `actions.removed(id)` hears of a deletion.
export async function showRecent(current, actions) {
  const dialog = $("#recent-dialog");
  const list = $("#recent-list");
  const status = $("#recent-status");
  list.replaceChildren();
  status.textContent = t("loading");
  if (!dialog.open) dialog.showModal();
  const items = read();
  let summaries = [];
  if (items.length) {
    const response = await postJson("/v1/session-summaries", { session_ids: items.map((item) => item.id) }).catch(() => null);
    if (!response || !response.ok) {
      status.textContent = t("restoreFailed");  // kept as they are: the server may answer next time
      return;
    }
    summaries = await response.json();
  }
  const known = new Map(summaries.map((summary) => [summary.session_id, summary]));
  const gone = items.filter((item) => !known.has(item.id));  // the server no longer has them
  for (const item of gone) forget(item.id);
  list.append(...items.filter((item) => known.has(item.id)).map((item) => row(item, known.get(item.id), current, actions)));
  status.textContent = !list.children.length ? t("noRecent") : gone.length ? t("recentGone") : "";
}
