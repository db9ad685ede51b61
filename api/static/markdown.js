// A small Markdown renderer that builds DOM nodes and never parses HTML: whatever an answer or a user
// writes (<script>, <img onerror=...>) ends up as text. Supports what the assistant writes: paragraphs,
// headings, lists, block quotes, fenced code, tables, **bold**, `code` and [links](/guide#id).
"use strict";

(function (global) {
  const SAFE_URL = /^(\/(?![\/\\])|#|https?:\/\/)/i;
  const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+?\*\*)|(\[[^\]\n]+\]\([^)\s]+\))/g;

  function el(tag, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function inline(text, parent) {
    let last = 0;
    for (const match of text.matchAll(INLINE)) {
      if (match.index > last) parent.append(document.createTextNode(text.slice(last, match.index)));
      const token = match[0];
      if (match[1]) {
        const code = el("code");
        code.textContent = token.slice(1, -1);
        parent.append(code);
      } else if (match[2]) {
        const strong = el("strong");
        inline(token.slice(2, -2), strong);
        parent.append(strong);
      } else {
        const split = token.indexOf("](");
        const label = token.slice(1, split);
        const url = token.slice(split + 2, -1);
        if (SAFE_URL.test(url)) {
          const a = el("a");
          a.href = url;
          a.textContent = label;
          if (/^https?:/i.test(url)) {
            a.target = "_blank";
            a.rel = "noopener noreferrer";
          }
          parent.append(a);
        } else {
          parent.append(document.createTextNode(token));
        }
      }
      last = match.index + token.length;
    }
    if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
    return parent;
  }

  function cells(row) {
    const trimmed = row.trim().replace(/^\|/, "").replace(/\|$/, "");
    return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
  }

  const BLOCK_START = /^(```|#{1,6}\s|>\s?|\d+\.\s|[-*]\s|\|)/;

  function render(markdown) {
    const root = document.createDocumentFragment();
    const lines = String(markdown).replace(/\r\n?/g, "\n").split("\n");
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) {
        i += 1;
        continue;
      }
      if (line.startsWith("```")) {
        const language = line.slice(3).trim();
        const body = [];
        i += 1;
        while (i < lines.length && !lines[i].startsWith("```")) body.push(lines[i++]);
        i += 1;
        const pre = el("pre");
        const code = el("code");
        if (/^[\w-]+$/.test(language)) code.dataset.language = language;
        code.textContent = body.join("\n");
        pre.append(code);
        root.append(pre);
        continue;
      }
      if (line.trim().startsWith("|") && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
        const wrap = el("div", "table-wrap");
        wrap.tabIndex = 0;  // a wide table scrolls sideways: reachable from the keyboard
        const table = el("table");
        const head = el("thead");
        const headRow = el("tr");
        for (const cell of cells(line)) headRow.append(inline(cell, el("th")));
        head.append(headRow);
        table.append(head);
        const body = el("tbody");
        i += 2;
        while (i < lines.length && lines[i].trim().startsWith("|")) {
          const row = el("tr");
          for (const cell of cells(lines[i])) row.append(inline(cell, el("td")));
          body.append(row);
          i += 1;
        }
        table.append(body);
        wrap.append(table);
        root.append(wrap);
        continue;
      }
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) {
        root.append(inline(heading[2], el(`h${Math.min(6, heading[1].length + 2)}`)));
        i += 1;
        continue;
      }
      if (/^>\s?/.test(line)) {
        const quote = el("blockquote");
        while (i < lines.length && /^>\s?/.test(lines[i])) {
          quote.append(inline(lines[i].replace(/^>\s?/, ""), el("p")));
          i += 1;
        }
        root.append(quote);
        continue;
      }
      const listKind = /^\d+\.\s/.test(line) ? "ol" : /^[-*]\s/.test(line) ? "ul" : null;
      if (listKind) {
        const list = el(listKind);
        if (listKind === "ol") list.start = parseInt(line, 10);
        const item = listKind === "ol" ? /^\d+\.\s+/ : /^[-*]\s+/;
        while (i < lines.length && item.test(lines[i])) {
          list.append(inline(lines[i].replace(item, ""), el("li")));
          i += 1;
        }
        root.append(list);
        continue;
      }
      const paragraph = el("p");
      const parts = [];
      while (i < lines.length && lines[i].trim() && !(parts.length && BLOCK_START.test(lines[i]))) {
        parts.push(lines[i]);
        i += 1;
      }
      parts.forEach((part, index) => {
        if (index) paragraph.append(el("br"));
        inline(part, paragraph);
      });
      root.append(paragraph);
    }
    return root;
  }

  // isSafeUrl: the links any part of the page may open (a path on this site, an anchor, http or https)
  global.SafeMarkdown = { render, isSafeUrl: (url) => SAFE_URL.test(url) };
})(window);
