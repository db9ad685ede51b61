// The chat page: sends messages to /v1/chat/stream and shows the answer as it streams; keeps the conversation
// (restored from the server after a reload), the recent conversations, the onboarding checklist, the theme and
// the language. Rendering an answer is answer-view.js; nothing here uses innerHTML.
import { TEXT, applyLanguage, language, setLanguage, t } from "./i18n.js";
import { $, make } from "./dom.js";
import { showAnswer } from "./answer-view.js";
import { remember, showRecent } from "./conversations.js";
import { loadChecklist } from "./checklist.js";

const NARROW = window.matchMedia("(max-width: 900px)");

function storedSession() {
  try {
    return sessionStorage.getItem("sessionId");
  } catch (_) {
    return null;
  }
}

const state = { sessionId: storedSession(), answers: 0, busy: false };

function setSession(id) {
  state.sessionId = id;
  try {
    if (id) sessionStorage.setItem("sessionId", id);
    else sessionStorage.removeItem("sessionId");
  } catch (_) {
    // storage blocked: the conversation lasts for this page only
  }
  if (id) remember(id);
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

function answerOptions(turn, rating, question) {
  return {
    turn,
    rating,
    sessionId: () => state.sessionId,
    ask,
    regenerate: (other) => send(question, { answerLanguage: other }),
  };
}

function userBubble(text) {
  const bubble = make("li", "message user", text);
  $("#messages").append(bubble);
  return bubble;
}

// The conversation as the server keeps it: every turn with its citations, chips, forms, notes and rating.
async function restoreHistory() {
  if (!state.sessionId) return;
  const response = await fetch(`/v1/sessions/${encodeURIComponent(state.sessionId)}`).catch(() => null);
  if (!response || !response.ok) {
    if (response && response.status === 404) setSession(null);
    else $("#messages").append(make("li", "message bot error", t("restoreFailed")));
    return;
  }
  const history = await response.json();
  state.answers = 0;
  for (const turn of history.turns) {
    userBubble(turn.message);
    const bubble = make("li", "message bot");
    $("#messages").append(bubble);
    showAnswer(bubble, turn, answerOptions(state.answers, turn.rating, turn.message));
    state.answers += 1;
  }
  showWelcome();
  const last = $("#messages").lastElementChild;
  if (last) last.scrollIntoView({ block: "end" });
}

function parseEvents(buffer, onEvent) {
  const blocks = buffer.split("\n\n");
  const rest = blocks.pop();
  for (const block of blocks) {
    let name = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    if (data) onEvent(name, JSON.parse(data));
  }
  return rest;
}

function failed(bubble, text) {
  bubble.textContent = `${t("error")}: ${text}`;
  bubble.classList.add("error");
}

async function stream(bubble, body) {
  const response = await fetch("/v1/chat/stream", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    failed(bubble, problem.error ? problem.error.message : response.status);
    return null;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let streamed = "";
  let done = null;
  bubble.textContent = "";
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    buffer = parseEvents(buffer + decoder.decode(value, { stream: true }), (name, data) => {
      if (name === "token") {
        streamed += data.text;
        bubble.textContent = streamed;
      } else if (name === "done") {
        done = data;
      }
    });
  }
  if (!done) {
    bubble.append(make("p", "error", t("incomplete")));
    bubble.classList.add("error");
  }
  return done;
}

// Sends `text`; `answerLanguage` asks for the answer in that language whatever the message's (an agent's
// "regenerate in English").
async function send(text, { answerLanguage = null } = {}) {
  const message = text.trim();
  if (!message || state.busy) return;
  state.busy = true;
  $("#send").disabled = true;
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
      mode: $("#agent-mode").checked ? "agent" : "customer",
      language: language(),
      answer_language: answerLanguage,
    });
    if (done) {
      setSession(done.session_id);
      const label = answerLanguage ? t("regenerated", { name: t(`name_${answerLanguage}`) }) : "";
      showAnswer(bubble, done, { ...answerOptions(state.answers, null, message), label });
      state.answers += 1;
    }
  } catch (error) {
    failed(bubble, error.message);
  } finally {
    bubble.removeAttribute("aria-busy");
    state.busy = false;
    $("#send").disabled = false;
    bubble.scrollIntoView({ block: bubble.offsetHeight > window.innerHeight * 0.6 ? "start" : "end" });
  }
}

function ask(question) {
  if (NARROW.matches) setChecklist(false);
  send(question);
}

function newConversation() {
  setSession(null);
  state.answers = 0;
  $("#messages").replaceChildren();
  showWelcome();
  $("#message").focus();
}

async function openConversation(id) {
  $("#recent-dialog").close();
  if (id === state.sessionId) return;
  $("#messages").replaceChildren();
  setSession(id);
  await restoreHistory();
}

function setChecklist(open) {
  $("#checklist").hidden = !open;
  $("#checklist-toggle").setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("drawer-open", open && NARROW.matches);
  if (open && NARROW.matches) $("#checklist-close").focus();
}

function currentTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen) return chosen;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function renderTheme() {
  $("#theme-toggle").setAttribute("aria-pressed", String(currentTheme() === "dark"));
}

function toggleTheme() {
  const theme = currentTheme() === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem("theme", theme);
  } catch (_) {
    // storage blocked: the theme lasts for this page only
  }
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
    showRecent(state.sessionId, openConversation, (id) => id === state.sessionId && newConversation()),
  );
  $("#recent-close").addEventListener("click", () => $("#recent-dialog").close());
  $("#checklist-toggle").addEventListener("click", () => setChecklist($("#checklist").hidden));
  $("#checklist-close").addEventListener("click", () => {
    setChecklist(false);
    $("#checklist-toggle").focus();
  });
  const backdrop = make("div", "backdrop");
  backdrop.addEventListener("click", () => setChecklist(false));
  document.body.append(backdrop);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && NARROW.matches && !$("#checklist").hidden) setChecklist(false);
  });
  NARROW.addEventListener("change", () => setChecklist(!NARROW.matches));  // a drawer on phones, a column beside
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
setChecklist(!NARROW.matches);
restoreHistory().then(showWelcome);
