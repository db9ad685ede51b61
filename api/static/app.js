// The chat page: sends messages to /v1/chat/stream and shows the answer as it streams; keeps the conversation
// (restored from the server after a reload), the recent conversations, the onboarding checklist, the theme and
// the language. Rendering an answer is answer-view.js; nothing here uses innerHTML.
import { TEXT, applyLanguage, language, setLanguage, t } from "./i18n.js";
import { $, make, readStored, writeStored } from "./dom.js";
import { showAnswer } from "./answer-view.js";
import { remember, showRecent } from "./conversations.js";
import { loadChecklist } from "./checklist.js";
import { failed, stream } from "./chat-stream.js";

const NARROW = window.matchMedia("(max-width: 900px)");

// `shown` counts the conversations put on screen: an answer or a restore that finishes after another conversation
// was opened (or a new one started) belongs to the old one and is dropped.
const state = { sessionId: readStored("sessionStorage", "sessionId"), shown: 0, busy: false };

function setSession(id) {
  state.sessionId = id;
  writeStored("sessionStorage", "sessionId", id);
  if (id) remember(id);
}

function setBusy(busy) {
  state.busy = busy;
  $("#send").disabled = busy;
}

function showWelcome() {
  $("#welcome").hidden = $("#messages").children.length > 0;
}

function starters() {
  const list = $("#starter-list");
  list.replaceChildren();
  for (const question of TEXT[language()].starters) {
    const chip = make("button", "chip", question);
    chip.type = "button";
    chip.addEventListener("click", () => send(question));
    list.append(chip);
  }
}

function renderLanguage() {
  applyLanguage();
  const toggle = $("#language-toggle");
  toggle.textContent = t("languageButton");
  toggle.lang = language() === "ko" ? "en" : "ko";
  $("#guide-link").href = language() === "en" ? "/guide?lang=en" : "/guide";
  starters();
  loadChecklist(ask);
}

function answerOptions(turn, rating) {
  return { turn, rating, sessionId: () => state.sessionId, ask, regenerate: (other) => regenerate(turn, other) };
}

// The draft of turn `turn` again, in `other` language: from the message as the server stored it (redacted, so a
// password typed by mistake is never sent or shown again), always as an agent's draft.
async function regenerate(turn, other) {
  const response = await fetch(`/v1/sessions/${encodeURIComponent(state.sessionId)}`).catch(() => null);
  const history = response && response.ok ? await response.json() : null;
  const stored = history && history.turns[turn];
  if (!stored) {
    $("#messages").append(make("li", "message bot error", t("restoreFailed")));
    return;
  }
  send(stored.message, { answerLanguage: other, mode: "agent" });
}

function userBubble(text) {
  const bubble = make("li", "message user", text);
  $("#messages").append(bubble);
  return bubble;
}

// The conversation as the server keeps it: every turn with its citations, chips, forms, notes and rating. Nothing
// is sent while it loads, and the log is marked busy so a screen reader does not read the whole history out.
async function restoreHistory() {
  if (!state.sessionId) return;
  const shown = state.shown;
  const log = $("#messages").parentElement;
  setBusy(true);
  log.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(`/v1/sessions/${encodeURIComponent(state.sessionId)}`).catch(() => null);
    if (shown !== state.shown) return;
    if (!response || !response.ok) {
      if (response && response.status === 404) setSession(null);
      else $("#messages").append(make("li", "message bot error", t("restoreFailed")));
      return;
    }
    const history = await response.json();
    if (shown !== state.shown) return;
    history.turns.forEach((turn, index) => {
      userBubble(turn.message);
      const bubble = make("li", "message bot");
      $("#messages").append(bubble);
      showAnswer(bubble, turn, answerOptions(index, turn.rating));
    });
  } finally {
    if (shown === state.shown) {
      log.removeAttribute("aria-busy");
      setBusy(false);
      showWelcome();
      const last = $("#messages").lastElementChild;
      if (last) last.scrollIntoView({ block: "end" });
    }
  }
}

// Sends `text`. `answerLanguage` asks for the answer in that language whatever the message's, and `mode` overrides
// the switch (an agent's "regenerate in English" is an agent's draft whatever the switch says now).
async function send(text, { answerLanguage = null, mode = null } = {}) {
  const message = text.trim();
  if (!message || state.busy) return;
  setBusy(true);
  const shown = state.shown;
  userBubble(message);
  showWelcome();
  const bubble = make("li", "message bot", t("thinking"));
  bubble.setAttribute("aria-busy", "true");  // read out once complete, not at every streamed piece
  $("#messages").append(bubble);
  bubble.scrollIntoView({ block: "end" });
  try {
    const done = await stream(bubble, {
      message,
      session_id: state.sessionId,
      mode: mode || ($("#agent-mode").checked ? "agent" : "customer"),
      language: language(),
      answer_language: answerLanguage,
    });
    if (done && shown === state.shown) {
      setSession(done.session_id);
      const label = answerLanguage ? t("regenerated", { name: t(`name_${answerLanguage}`) }) : "";
      showAnswer(bubble, done, { ...answerOptions(done.turn, null), label });
    }
  } catch (error) {
    failed(bubble, error.message);
  } finally {
    bubble.removeAttribute("aria-busy");
    if (shown === state.shown) setBusy(false);  // else the conversation now shown decides
    if (bubble.isConnected) bubble.scrollIntoView({ block: bubble.offsetHeight > window.innerHeight * 0.6 ? "start" : "end" });
  }
}

function ask(question) {
  if (NARROW.matches) setChecklist(false);
  $("#message").focus();
  send(question);
}

// Another conversation on screen (`id`, or a new one when null): an answer still streaming for the old one is
// dropped when it arrives (the server keeps it in the old conversation).
function showConversation(id) {
  state.shown += 1;
  setBusy(false);
  setSession(id);
  $("#messages").replaceChildren();
  showWelcome();
  return restoreHistory();
}

function newConversation() {
  showConversation(null);
  $("#message").focus();
}

async function openConversation(id) {
  $("#recent-dialog").close();
  if (id !== state.sessionId) await showConversation(id);
  $("#message").focus();
}

// The checklist: a column beside the chat (closed with body.checklist-closed), or on a phone a drawer over it
// (opened with body.drawer-open, the rest of the page inert meanwhile).
function checklistOpen() {
  return NARROW.matches ? document.body.classList.contains("drawer-open") : !document.body.classList.contains("checklist-closed");
}

function setChecklist(open, { returnFocus = false } = {}) {
  const drawer = open && NARROW.matches;
  if (NARROW.matches) document.body.classList.toggle("drawer-open", open);
  else document.body.classList.toggle("checklist-closed", !open);
  $("#checklist-toggle").setAttribute("aria-expanded", String(open));
  for (const part of document.querySelectorAll(".bar, .chat-column")) part.inert = drawer;
  if (drawer) $("#checklist-close").focus();
  else if (returnFocus) $("#checklist-toggle").focus();
}

function currentTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen) return chosen;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function renderTheme() {
  const dark = currentTheme() === "dark";
  $("#theme-toggle").setAttribute("aria-pressed", String(dark));
  $("#theme-toggle .when-light").toggleAttribute("hidden", dark);  // a moon to go dark, a sun to go light
  $("#theme-toggle .when-dark").toggleAttribute("hidden", !dark);
}

function toggleTheme() {
  const theme = currentTheme() === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = theme;
  writeStored("localStorage", "theme", theme);
  renderTheme();
}

function wire() {
  const params = new URLSearchParams(location.search);
  if (params.get("mode") === "agent") $("#agent-mode").checked = true;
  $("#language-toggle").addEventListener("click", () => {
    setLanguage(language() === "ko" ? "en" : "ko");
    renderLanguage();
  });
  $("#theme-toggle").addEventListener("click", toggleTheme);
  $("#new-conversation").addEventListener("click", newConversation);
  $("#recent-toggle").addEventListener("click", () =>
    showRecent(state.sessionId, {
      open: openConversation,
      removed: (id) => id === state.sessionId && showConversation(null),
    }),
  );
  $("#recent-close").addEventListener("click", () => $("#recent-dialog").close());
  $("#checklist-toggle").addEventListener("click", () => setChecklist(!checklistOpen()));
  $("#checklist-close").addEventListener("click", () => setChecklist(false, { returnFocus: true }));
  const backdrop = make("div", "backdrop");
  backdrop.addEventListener("click", () => setChecklist(false, { returnFocus: true }));
  document.body.append(backdrop);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && NARROW.matches && checklistOpen()) setChecklist(false, { returnFocus: true });
  });
  NARROW.addEventListener("change", () => {  // a drawer on phones (closed when the screen narrows), a column beside
    document.body.classList.remove("drawer-open");
    setChecklist(checklistOpen());
  });
  const input = $("#message");
  $("#composer").addEventListener("submit", (event) => {
    event.preventDefault();
    if (state.busy) return;  // keep what was typed until the current answer has arrived
    const text = input.value;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("#composer").requestSubmit();
    }
  });
}

wire();
renderLanguage();
renderTheme();
setChecklist(checklistOpen());
restoreHistory();
