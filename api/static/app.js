// The chat page: sends messages to /v1/chat/stream, shows the answer as it streams, then renders it with
// SafeMarkdown (DOM only, never innerHTML), with copy buttons, citations, downloads and feedback.
"use strict";

const TEXT = {
  ko: {
    title: "Enterprise Cloud 온보딩 도우미", agentMode: "상담원 모드", guide: "가이드", send: "보내기",
    intro: "Enterprise Cloud 이용 가이드에 대해 묻거나, 라우팅 명령어·외부 공개(포트포워딩) 계획·방화벽 신청서·서브넷 계산을 요청하세요.",
    placeholder: "질문을 입력하세요 (Enter: 보내기, Shift+Enter: 줄바꿈)", messageLabel: "메시지",
    secretNotice: "비밀번호·키는 채팅에 입력하지 마세요.", copy: "복사", copied: "복사됨", sources: "출처",
    helpful: "👍 도움이 됐어요", notHelpful: "👎 아쉬워요", thanks: "의견 감사합니다", csv: "CSV 다운로드",
    xlsx: "XLSX 다운로드", internal: "내부 메모 (고객에게 보내지 마세요)", error: "오류", thinking: "답변 작성 중…",
    moreFromGuide: "가이드 내용 더 보기",
    languageButton: "English", conversation: "대화", pageTitle: "KT Cloud Enterprise Cloud 온보딩 도우미",
    downloadFailed: "파일을 만들지 못했습니다", feedbackFailed: "의견을 저장하지 못했습니다", incomplete: "답변이 끝까지 오지 않았습니다. 다시 시도해 주세요.",
    starters: ["방화벽 오픈 요청은 어디로 하나요?", "Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어",
               "any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘", "10.21.7.0/24를 /26으로 나눠줘"],
  },
  en: {
    title: "Enterprise Cloud onboarding assistant", agentMode: "Agent mode", guide: "Guide", send: "Send",
    intro: "Ask about the Enterprise Cloud guide, or for route commands, a port-forwarding plan, a firewall request form or subnet figures.",
    placeholder: "Type a question (Enter: send, Shift+Enter: new line)", messageLabel: "Message",
    secretNotice: "Never type passwords or keys into the chat.", copy: "Copy", copied: "Copied", sources: "Sources",
    helpful: "👍 Helpful", notHelpful: "👎 Not helpful", thanks: "Thanks for the feedback", csv: "Download CSV",
    xlsx: "Download XLSX", internal: "Internal note (do not send to the customer)", error: "Error",
    moreFromGuide: "More from the guide",
    thinking: "Writing the answer…", languageButton: "한국어", conversation: "Conversation",
    pageTitle: "KT Cloud Enterprise Cloud onboarding assistant", downloadFailed: "The file could not be made",
    feedbackFailed: "The feedback could not be saved", incomplete: "The answer did not arrive in full. Please try again.",
    starters: ["Where do I request a firewall opening?", "Route commands from 10.20.5.2 to 10.21.5.0/24",
               "open RDP 3389 from any to 14.63.2.9", "split 10.21.7.0/24 into /26 subnets"],
  },
};

const state = {
  language: localStorage.getItem("language") === "en" ? "en" : "ko",
  sessionId: sessionStorage.getItem("sessionId"),
  answers: 0,
  busy: false,
};

const $ = (selector) => document.querySelector(selector);

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function t(key) {
  return TEXT[state.language][key];
}

function applyLanguage() {
  document.documentElement.lang = state.language;
  document.title = t("pageTitle");
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  const toggle = $("#language-toggle");
  toggle.textContent = t("languageButton");
  toggle.lang = state.language === "ko" ? "en" : "ko";
  $("#guide-link").href = state.language === "en" ? "/guide?lang=en" : "/guide";
  const list = $("#starter-list");
  list.replaceChildren();
  for (const question of t("starters")) {
    const chip = make("button", "chip", question);
    chip.type = "button";
    chip.addEventListener("click", () => send(question));
    list.append(chip);
  }
}

function addCopyButtons(container) {
  for (const pre of container.querySelectorAll("pre")) {
    const button = make("button", "copy", t("copy"));
    button.type = "button";
    button.addEventListener("click", async () => {
      const text = pre.querySelector("code").textContent;
      if (navigator.clipboard) {
        await navigator.clipboard.writeText(text);
      } else {  // plain http on a LAN address has no clipboard API
        const scratch = make("textarea");
        scratch.value = text;
        document.body.append(scratch);
        scratch.select();
        document.execCommand("copy");
        scratch.remove();
      }
      button.textContent = t("copied");
      setTimeout(() => (button.textContent = t("copy")), 1500);
    });
    pre.append(button);
  }
}

// A firewall request in a tool's output: the form tool's own, or one inside another tool's plan.
function firewallRequest(call) {
  if (call.output.error) return null;
  const request = call.output.firewall_request || call.output;
  return request && request.form && request.csv ? request : null;
}

// The form's inputs, read back from the filled request, for the CSV/XLSX download of the same form.
function formInput(request) {
  const ports = request.ports.length ? request.ports : request.services;
  return {
    source: request.source, destination: request.destination, ports: ports.join(","), protocol: request.protocol,
    firewall: request.firewall, action: request.action, direction: request.direction, reason: request.reason,
    period: request.period, requester: request.requester,
  };
}

async function download(input, format, status) {
  const response = await fetch(`/v1/tools/firewall-form?format=${format}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...input, language: state.language }),
  });
  if (!response.ok) {
    status.textContent = t("downloadFailed");
    return;
  }
  status.textContent = "";
  const url = URL.createObjectURL(await response.blob());
  const link = make("a");
  link.href = url;
  link.download = `firewall-policy-request.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function feedbackButtons(turn) {
  const box = make("div", "feedback");
  for (const [rating, label] of [["up", t("helpful")], ["down", t("notHelpful")]]) {
    const button = make("button", "rate", label);
    button.type = "button";
    button.addEventListener("click", async () => {
      const response = await fetch("/v1/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: state.sessionId, turn, rating }),
      });
      box.replaceChildren(make("span", "thanks", response.ok ? t("thanks") : t("feedbackFailed")));
    });
    box.append(button);
  }
  return box;
}

function showAnswer(bubble, response) {
  const body = make("div", "answer");
  body.append(SafeMarkdown.render(response.answer));
  addCopyButtons(body);
  bubble.replaceChildren(body);
  if (response.details) {
    const more = make("details", "more");
    more.append(make("summary", "", t("moreFromGuide")));
    const inner = make("div", "details-body");
    inner.append(SafeMarkdown.render(response.details));
    addCopyButtons(inner);
    more.append(inner);
    bubble.append(more);
  }
  if (response.internal_note) {
    const note = make("aside", "internal-note");
    note.setAttribute("aria-label", t("internal"));
    note.append(SafeMarkdown.render(response.internal_note));
    bubble.append(note);
  }
  const request = response.tool_calls.map(firewallRequest).find(Boolean);
  if (request) {
    const actions = make("div", "actions");
    const status = make("span", "status");
    status.setAttribute("role", "status");
    for (const format of ["csv", "xlsx"]) {
      const button = make("button", "download", t(format));
      button.type = "button";
      button.addEventListener("click", () => download(formInput(request), format, status));
      actions.append(button);
    }
    actions.append(status);
    bubble.append(actions);
  }
  if (response.citations.length) {
    const sources = make("nav", "citations");
    sources.setAttribute("aria-label", t("sources"));
    for (const citation of response.citations) {
      const link = make("a", "citation", citation.title);
      link.href = citation.url.startsWith("/") ? citation.url : "#";
      link.title = citation.quote;
      sources.append(link);
    }
    bubble.append(sources);
  }
  if (response.follow_ups.length) {
    const chips = make("div", "chips");
    for (const question of response.follow_ups) {
      const chip = make("button", "chip", question);
      chip.type = "button";
      chip.addEventListener("click", () => send(question));
      chips.append(chip);
    }
    bubble.append(chips);
  }
  bubble.append(feedbackButtons(state.answers));
  state.answers += 1;
}

// After a reload the session goes on: show its earlier turns, so what is rated and continued is what is seen.
async function restoreHistory() {
  if (!state.sessionId) return;
  const response = await fetch(`/v1/sessions/${encodeURIComponent(state.sessionId)}`);
  if (!response.ok) {
    state.sessionId = null;
    sessionStorage.removeItem("sessionId");
    return;
  }
  const history = await response.json();
  const messages = $("#messages");
  for (const turn of history.turns) {
    messages.append(make("li", "message user", turn.message));
    const bubble = make("li", "message bot");
    const body = make("div", "answer");
    body.append(SafeMarkdown.render(turn.answer));
    addCopyButtons(body);
    bubble.append(body, feedbackButtons(state.answers));
    state.answers += 1;
    messages.append(bubble);
  }
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

async function send(text) {
  const message = text.trim();
  if (!message || state.busy) return;
  state.busy = true;
  $("#send").disabled = true;
  const messages = $("#messages");
  messages.append(make("li", "message user", message));
  const bubble = make("li", "message bot", t("thinking"));
  bubble.setAttribute("aria-busy", "true");  // read out once complete, not at every streamed piece
  messages.append(bubble);
  bubble.scrollIntoView({ block: "end" });
  try {
    const response = await fetch("/v1/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message, session_id: state.sessionId, mode: $("#agent-mode").checked ? "agent" : "customer" }),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      bubble.textContent = `${t("error")}: ${problem.error ? problem.error.message : response.status}`;
      bubble.classList.add("error");
      return;
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
    if (done) {
      state.sessionId = done.session_id;
      sessionStorage.setItem("sessionId", done.session_id);
      showAnswer(bubble, done);
    } else {
      bubble.append(make("p", "error", t("incomplete")));
      bubble.classList.add("error");
    }
  } catch (error) {
    bubble.textContent = `${t("error")}: ${error.message}`;
    bubble.classList.add("error");
  } finally {
    bubble.removeAttribute("aria-busy");
    state.busy = false;
    $("#send").disabled = false;
    bubble.scrollIntoView({ block: "end" });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  applyLanguage();
  restoreHistory();
  $("#language-toggle").addEventListener("click", () => {
    state.language = state.language === "ko" ? "en" : "ko";
    localStorage.setItem("language", state.language);
    applyLanguage();
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
});
