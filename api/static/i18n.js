// Every fixed word of the chat page in Korean and English, and the page's current language.
import { readStored, writeStored } from "./dom.js";

export const TEXT = {
  ko: {
    title: "Enterprise Cloud 온보딩 도우미", pageTitle: "KT Cloud Enterprise Cloud 온보딩 도우미",
    agentMode: "상담원 모드", guide: "가이드", send: "보내기", toolbar: "도구", skipToMessage: "메시지 입력으로 건너뛰기",
    steps: "온보딩 단계", stepsTitle: "온보딩 단계", optionalSteps: "필요할 때", newConversation: "새 대화", recent: "최근 대화",
    close: "닫기", darkTheme: "어두운 테마", welcomeTitle: "무엇을 도와드릴까요?",
    intro: "Enterprise Cloud 이용 가이드에 대해 묻거나, 라우팅 명령어·외부 공개(포트포워딩) 계획·방화벽 신청서·서브넷 계산을 요청하세요.",
    abilityGuide: "가이드에서 찾은 짧은 답과 출처", abilityCommands: "정확한 라우팅 명령어와 서브넷 계산",
    abilityForms: "방화벽 신청서 (CSV·XLSX)와 외부 공개 계획", tryAsking: "이렇게 물어보세요",
    placeholder: "질문을 입력하세요 (Enter: 보내기, Shift+Enter: 줄바꿈)", messageLabel: "메시지",
    secretNotice: "비밀번호·키는 채팅에 입력하지 마세요.", copy: "복사", copied: "복사됨", sources: "출처",
    helpful: "도움이 됐어요", notHelpful: "아쉬워요", thanks: "의견 감사합니다", csv: "CSV 다운로드",
    xlsx: "XLSX 다운로드", internal: "내부 메모 (고객에게 보내지 마세요)", error: "오류", thinking: "답변 작성 중…",
    fromGuide: "가이드 원문", copyDraft: "답변 초안 복사", draftCopied: "초안을 복사했습니다",
    regenerate: "{name}로 다시 작성", regenerated: "{name}로 다시 작성한 초안", name_ko: "한국어", name_en: "영어", languageButton: "English", conversation: "대화",
    downloadFailed: "파일을 만들지 못했습니다", feedbackFailed: "의견을 저장하지 못했습니다",
    incomplete: "답변이 끝까지 오지 않았습니다. 다시 시도해 주세요.", restoreFailed: "이전 대화를 불러오지 못했습니다",
    askStep: "이 단계 질문하기", openGuide: "가이드 보기", needsFirst: "먼저 필요한 단계", progress: "{done}/{total} 단계 완료",
    noRecent: "이 브라우저에서 나눈 대화가 아직 없습니다.", deleteConversation: "대화 삭제",
    turns: "{count}개 질문", loading: "불러오는 중…", recentGone: "서버에 없는 대화는 목록에서 뺐습니다.",
    deleted: "대화를 삭제했습니다", deleteFailed: "대화를 삭제하지 못했습니다", stepsFailed: "온보딩 단계를 불러오지 못했습니다",
    starters: ["방화벽 오픈 요청은 어디로 하나요?", "Public 서버(10.20.5.2)에서 Private 존 10.21.5.0/24로 가는 라우팅 명령어",
               "any에서 14.63.2.9로 SSH 22번 포트 방화벽 신청서 만들어줘", "10.21.7.0/24를 /26으로 나눠줘"],
  },
  en: {
    title: "Enterprise Cloud onboarding assistant", pageTitle: "KT Cloud Enterprise Cloud onboarding assistant",
    agentMode: "Agent mode", guide: "Guide", send: "Send", toolbar: "Tools", skipToMessage: "Skip to the message box",
    steps: "Onboarding steps", stepsTitle: "Onboarding steps", optionalSteps: "When you need them",
    newConversation: "New conversation", recent: "Recent conversations", close: "Close", darkTheme: "Dark theme",
    welcomeTitle: "How can I help?",
    intro: "Ask about the Enterprise Cloud guide, or for route commands, a port-forwarding plan, a firewall request form or subnet figures.",
    abilityGuide: "Short answers from the guide, with sources", abilityCommands: "Exact route commands and subnet figures",
    abilityForms: "Firewall request forms (CSV, XLSX) and exposure plans", tryAsking: "Try asking",
    placeholder: "Type a question (Enter: send, Shift+Enter: new line)", messageLabel: "Message",
    secretNotice: "Never type passwords or keys into the chat.", copy: "Copy", copied: "Copied", sources: "Sources",
    helpful: "Helpful", notHelpful: "Not helpful", thanks: "Thanks for the feedback", csv: "Download CSV",
    xlsx: "Download XLSX", internal: "Internal note (do not send to the customer)", error: "Error",
    thinking: "Writing the answer…", fromGuide: "From the guide", copyDraft: "Copy draft", draftCopied: "Draft copied",
    regenerate: "Regenerate in {name}", regenerated: "Draft regenerated in {name}", name_ko: "Korean", name_en: "English", languageButton: "한국어", conversation: "Conversation",
    downloadFailed: "The file could not be made", feedbackFailed: "The feedback could not be saved",
    incomplete: "The answer did not arrive in full. Please try again.", restoreFailed: "The earlier conversation could not be loaded",
    askStep: "Ask about this step", openGuide: "Open in the guide", needsFirst: "Needs first", progress: "{done} of {total} steps done",
    noRecent: "No conversations in this browser yet.", deleteConversation: "Delete conversation",
    turns: "{count} questions", loading: "Loading…", recentGone: "Conversations the server no longer has were removed from the list.",
    deleted: "Conversation deleted", deleteFailed: "The conversation could not be deleted", stepsFailed: "The onboarding steps could not be loaded",
    starters: ["Where do I request a firewall opening?", "Route commands from 10.20.5.2 to 10.21.5.0/24",
               "open RDP 3389 from any to 14.63.2.9", "split 10.21.7.0/24 into /26 subnets"],
  },
};

let current = readStored("localStorage", "language") === "en" ? "en" : "ko";

export function language() {
  return current;
}

export function setLanguage(value) {
  current = value === "en" ? "en" : "ko";
  writeStored("localStorage", "language", current);
}

export function otherLanguage(value = current) {
  return value === "ko" ? "en" : "ko";
}

// A fixed text in `lang` (the page's language by default), with {placeholders} filled.
export function t(key, values = {}, lang = current) {
  const text = TEXT[lang][key];
  return typeof text === "string" ? text.replace(/\{(\w+)\}/g, (_, name) => String(values[name])) : text;
}

// The page's fixed texts in its language: text, labels and placeholders marked with data-i18n attributes.
export function applyLanguage() {
  document.documentElement.lang = current;
  document.title = t("pageTitle");
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
}
