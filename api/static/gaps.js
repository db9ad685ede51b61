// The content-gap report page: asks the admin key, fetches /v1/admin/gaps with it (the key stays in this page's
// memory only), and draws tables and SVG bar charts with DOM calls only (no HTML from the data is interpreted).

import { saveFile } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
let lastQuery = null;

function cell(row, text, header = false) {
  const element = document.createElement(header ? "th" : "td");
  element.textContent = text;
  row.appendChild(element);
}

function fillTable(table, header, rows, empty) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  header.forEach((name) => cell(head, name, true));
  const body = table.createTBody();
  if (!rows.length) {
    const row = body.insertRow();
    cell(row, empty);
    row.cells[0].colSpan = header.length;
  }
  rows.forEach((values) => {
    const row = body.insertRow();
    values.forEach((value) => cell(row, String(value)));
  });
}

// Horizontal stacked bars: rows of {label, parts: [{value, cls, name}]}.
function barChart(container, rows, label) {
  container.replaceChildren();
  const width = 420, rowHeight = 22, labelWidth = 170;
  const widest = Math.max(1, ...rows.map((r) => r.parts.reduce((sum, p) => sum + p.value, 0)));
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("viewBox", `0 0 ${width} ${Math.max(1, rows.length) * rowHeight + 4}`);
  const summary = rows.map((r) => `${r.label}: ${r.parts.map((p) => (p.name ? `${p.name} ${p.value}` : p.value)).join(", ")}`);
  svg.setAttribute("aria-label", `${label}. ${summary.join("; ") || "no data"}`);
  rows.forEach((row, i) => {
    const y = i * rowHeight + 2;
    const name = document.createElementNS(SVG, "text");
    name.setAttribute("x", 0);
    name.setAttribute("y", y + 14);
    name.textContent = row.label.length > 26 ? `${row.label.slice(0, 25)}…` : row.label;
    svg.appendChild(name);
    let x = labelWidth;
    row.parts.forEach((part) => {
      const length = (part.value / widest) * (width - labelWidth - 40);
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", x);
      rect.setAttribute("y", y + 3);
      rect.setAttribute("width", Math.max(part.value ? 2 : 0, length));
      rect.setAttribute("height", rowHeight - 8);
      rect.setAttribute("class", part.cls);
      svg.appendChild(rect);
      x += length;
    });
    const total = document.createElementNS(SVG, "text");
    total.setAttribute("x", x + 4);
    total.setAttribute("y", y + 14);
    total.textContent = row.parts.map((p) => p.value).join(" / ");
    svg.appendChild(total);
  });
  container.appendChild(svg);
}

function show(report) {
  const language = report.language ? { ko: "Korean", en: "English" }[report.language] : "Korean and English";
  document.getElementById("summary").textContent =
    `${report.questions} questions in ${report.conversations} conversations (${language}), ` +
    `${report.since.slice(0, 16).replace("T", " ")} – ${report.until.slice(0, 16).replace("T", " ")} UTC.`;
  fillTable(
    document.getElementById("gaps"),
    ["Times asked", "Why", "Question", "Also asked as", "Languages", "Last asked"],
    report.gaps.map((g) => [
      g.count,
      g.reason === "not_covered" ? "guide does not cover it" : "no clear answer",
      g.example,
      g.questions.filter((q) => q !== g.example).join(" · "),
      Object.entries(g.languages).map(([k, v]) => `${k} ${v}`).join(", "),
      g.last_asked.slice(0, 10),
    ]),
    "No unanswered questions in this period.",
  );
  fillTable(
    document.getElementById("down-votes"),
    ["Rated", "Language", "Question", "Answer given", "Comment"],
    report.down_votes.map((v) => [v.rated_at.slice(0, 10), v.language, v.question, v.answer, v.comment || "—"]),
    "No answers were voted down in this period.",
  );
  barChart(document.getElementById("chart-days"), report.per_day.map((d) => ({
    label: d.day,
    parts: [{ value: d.questions.ko || 0, cls: "bar-ko", name: "Korean" }, { value: d.questions.en || 0, cls: "bar-en", name: "English" }],
  })), "Questions per day, Korean then English");
  barChart(document.getElementById("chart-types"), Object.entries(report.answer_types).map(([type, count]) => ({
    label: type, parts: [{ value: count, cls: "bar-one" }],
  })), "Answer types");
  barChart(document.getElementById("chart-sections"), report.top_sections.map((s) => ({
    label: s.title, parts: [{ value: s.count, cls: "bar-one" }],
  })), "Most asked sections");
  barChart(document.getElementById("chart-tools"), report.tools.map((t) => ({
    label: t.tool,
    parts: [{ value: t.uses - t.failures, cls: "bar-one", name: "worked" }, { value: t.failures, cls: "bar-fail", name: "failed" }],
  })), "Tool uses, worked then failed");
  document.getElementById("report").hidden = false;
}

async function fetchReport(query, format = "json", table = "gaps") {
  const params = new URLSearchParams({ since: query.since, format, table });
  if (query.language) params.set("language", query.language);
  return fetch(`/v1/admin/gaps?${params}`, { headers: { Authorization: `Bearer ${query.key}` } });
}

async function load(event) {
  event.preventDefault();
  const status = document.getElementById("status");
  const query = {
    key: document.getElementById("key").value,
    since: document.getElementById("since").value,
    language: document.getElementById("language").value,
  };
  status.textContent = "Loading…";
  const reply = await fetchReport(query).catch(() => null);
  if (!reply || !reply.ok) {
    const problem = reply ? (await reply.json().catch(() => ({}))).error : null;
    status.textContent = problem ? `Could not load the report: ${problem.message}` : "The server could not be reached.";
    document.getElementById("report").hidden = true;
    return;
  }
  lastQuery = query;
  show(await reply.json());
  status.textContent = "Report loaded.";
}

async function download(event) {
  if (!lastQuery) return;
  const table = event.currentTarget.dataset.table;
  const reply = await fetchReport(lastQuery, "csv", table);
  if (!reply.ok) return;
  saveFile(await reply.blob(), `gaps-${table}.csv`);
}

document.getElementById("query").addEventListener("submit", load);
document.querySelectorAll(".download").forEach((button) => button.addEventListener("click", download));
