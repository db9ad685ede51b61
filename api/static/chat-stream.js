// The chat stream (/v1/chat/stream, Server-Sent Events): the answer's text shown in `bubble` as it arrives, then
// the whole response (the `done` event) returned; an error or a cut-off stream is shown in the bubble instead.
import { t } from "./i18n.js";
import { make } from "./dom.js";

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

export function failed(bubble, text) {
  bubble.textContent = `${t("error")}: ${text}`;
  bubble.classList.add("error");
}

export async function stream(bubble, body) {
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
