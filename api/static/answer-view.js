// One answer as the page shows it, live or restored after a reload: the short answer first, the guide passage
// folded under it, each source once, the agent's internal note apart from the draft, form downloads, follow-up
// questions and the rating.
import { language, otherLanguage, t } from "./i18n.js";
import { copyText, icon, iconButton, make, postJson, saveFile } from "./dom.js";

function addCopyButtons(container) {
  for (const pre of container.querySelectorAll("pre")) {
    const button = iconButton("copy", t("copy"), "copy");
    button.addEventListener("click", async () => {
      await copyText(pre.querySelector("code").textContent);
      button.lastChild.textContent = t("copied");
      setTimeout(() => (button.lastChild.textContent = t("copy")), 1500);
    });
    pre.append(button);
  }
}

function markdown(text) {
  const body = make("div");
  body.append(SafeMarkdown.render(text));
  addCopyButtons(body);
  return body;
}

// The answer's own closing "Sources: [title](/guide#…), …" paragraph, when every link in it is a citation the
// page shows as a chip below: removed, so each source appears once.
function dropSourcesParagraph(body, citations) {
  const urls = new Set(citations.map((citation) => citation.url));
  const last = body.lastElementChild;
  if (!last || last.tagName !== "P") return;
  const links = [...last.querySelectorAll("a")];
  if (!links.length || !links.every((link) => urls.has(link.getAttribute("href")))) return;
  const words = [...last.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent);
  if (/^[^,:]*:\s*(?:,\s*)*$/.test(words.join("").trim())) last.remove();
}

function absolute(url) {
  try {
    return new URL(url, location.origin).href;
  } catch (_) {
    return url;
  }
}

// A draft in plain text for an e-mail or a ticket: links as "title (absolute address)", no Markdown marks.
export function plainText(source) {
  const lines = [];
  let fenced = false;
  for (const line of source.split("\n")) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      lines.push(line);
      continue;
    }
    lines.push(
      line
        .replace(/^\s*>\s?/, "")
        .replace(/^#{1,6}\s+/, "")
        .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, label, url) => `${label} (${absolute(url)})`)
        .replace(/\*\*([^*\n]+?)\*\*/g, "$1")
        .replace(/`([^`\n]+)`/g, "$1"),
    );
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

// A firewall request in a tool's output: the form tool's own, or one inside another tool's plan.
function firewallRequest(call) {
  if (!call.output || call.output.error) return null;
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
  const response = await postJson(`/v1/tools/firewall-form?format=${format}`, { ...input, language: language() });
  if (!response.ok) {
    status.textContent = t("downloadFailed");
    return;
  }
  status.textContent = "";
  saveFile(await response.blob(), `firewall-policy-request.${format}`);
}

function downloads(request) {
  const actions = make("div", "actions");
  const status = make("span", "status");
  status.setAttribute("role", "status");
  for (const format of ["csv", "xlsx"]) {
    const button = iconButton("download", t(format), "download");
    button.addEventListener("click", () => download(formInput(request), format, status));
    actions.append(button);
  }
  actions.append(status);
  return actions;
}

function citationLinks(citations) {
  const sources = make("nav", "citations");
  sources.setAttribute("aria-label", t("sources"));
  sources.append(make("span", "hint", `${t("sources")}:`));
  for (const citation of citations) {
    const link = make("a", "citation");
    link.append(icon("book"), make("span", "", citation.title));
    link.href = SafeMarkdown.isSafeUrl(citation.url) ? citation.url : "#";
    link.title = citation.quote;
    sources.append(link);
  }
  return sources;
}

function feedbackButtons(sessionId, turn, rating) {
  const box = make("div", "feedback");
  const status = make("span", "thanks");
  status.setAttribute("role", "status");
  const buttons = [];
  for (const [value, name, label] of [["up", "thumbs-up", t("helpful")], ["down", "thumbs-down", t("notHelpful")]]) {
    const button = iconButton(name, label, "rate");
    button.setAttribute("aria-pressed", String(rating === value));
    button.addEventListener("click", async () => {
      const response = await postJson("/v1/feedback", { session_id: sessionId(), turn, rating: value });
      if (response.ok) for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
      status.textContent = response.ok ? t("thanks") : t("feedbackFailed");
    });
    buttons.push(button);
  }
  box.append(...buttons, status);
  return box;
}

function agentActions(response, regenerate) {
  const actions = make("div", "actions agent-actions");
  const status = make("span", "status");
  status.setAttribute("role", "status");
  const copy = iconButton("copy", t("copyDraft"), "copy-draft");
  copy.addEventListener("click", async () => {
    await copyText(plainText(response.answer));
    status.textContent = t("draftCopied");
  });
  const other = otherLanguage(response.language);
  const again = iconButton("refresh", t("regenerate", { name: t(`name_${other}`) }), "regenerate");
  again.addEventListener("click", () => regenerate(other));
  actions.append(copy, again, status);
  return actions;
}

function internalNote(text) {
  const note = make("aside", "internal-note");  // the note opens with its own title ("Internal note (do not send…)")
  note.setAttribute("aria-label", t("internal"));
  note.append(markdown(text));
  return note;
}

// Fills `bubble` with `response` (the API's ChatResponse, or a stored turn of the same shape). `options`: turn
// (its index in the session), rating, sessionId() and the actions ask(question) and regenerate(language).
export function showAnswer(bubble, response, options) {
  const agent = response.mode === "agent";
  const body = markdown(response.answer);
  body.className = "answer";
  if (!agent) dropSourcesParagraph(body, response.citations);  // an agent's draft keeps its links: it is sent as is
  bubble.replaceChildren();
  if (options.label) bubble.append(make("span", "label", options.label));
  bubble.append(body);
  if (response.details) {
    const more = make("details", "more");
    more.append(make("summary", "", t("fromGuide")));
    const inner = markdown(response.details);
    inner.className = "details-body";
    more.append(inner);
    bubble.append(more);
  }
  if (agent) bubble.append(agentActions(response, options.regenerate));
  if (response.internal_note) bubble.append(internalNote(response.internal_note));
  const request = response.tool_calls.map(firewallRequest).find(Boolean);
  if (request) bubble.append(downloads(request));
  if (response.citations.length && !agent) bubble.append(citationLinks(response.citations));
  if (response.follow_ups.length) {
    const chips = make("div", "chips");
    for (const question of response.follow_ups) {
      const chip = make("button", "chip", question);
      chip.type = "button";
      chip.addEventListener("click", () => options.ask(question));
      chips.append(chip);
    }
    bubble.append(chips);
  }
  bubble.append(feedbackButtons(options.sessionId, options.turn, options.rating));
}
