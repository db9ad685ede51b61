// The onboarding checklist: the guide's steps in order (from /v1/onboarding, which quotes the guide for what each
// step needs first), each linking to its guide section with "ask about this step"; ticks are kept in this browser.
import { language, t } from "./i18n.js";
import { $, iconButton, make, readStoredList, writeStored } from "./dom.js";

const KEY = "onboardingDone";

function ticked() {
  return new Set(readStoredList(KEY).filter((id) => typeof id === "string"));
}

function keep(done) {
  writeStored("localStorage", KEY, JSON.stringify([...done]));
}

function progress(steps, done) {
  const main = steps.filter((step) => !step.optional);
  $("#checklist-progress").textContent = t("progress", { done: main.filter((s) => done.has(s.section_id)).length, total: main.length });
}

function stepItem(step, number, titles, done, steps, ask) {
  const item = make("li", "step");
  item.dataset.section = step.section_id;
  item.classList.toggle("done", done.has(step.section_id));
  const head = make("div", "step-head");
  const box = make("input");
  box.type = "checkbox";
  box.id = `tick-${step.section_id}`;
  box.checked = done.has(step.section_id);
  const label = make("label");
  label.htmlFor = box.id;
  if (number) label.append(make("span", "step-number", `${number}.`), " ");
  label.append(make("span", "step-title", step.title));
  head.append(box, label);
  item.append(head);
  if (step.requires.length || step.requirement) {
    const needs = make("p", "step-needs");
    needs.id = `needs-${step.section_id}`;
    if (step.requires.length) needs.append(`${t("needsFirst")}: ${step.requires.map((id) => titles.get(id) || id).join(", ")}`);
    if (step.requirement) needs.append(step.requires.length ? " — " : "", make("q", "", step.requirement));
    box.setAttribute("aria-describedby", needs.id);
    item.append(needs);
  }
  const actions = make("div", "step-actions");
  const guide = make("a", "icon-button", t("openGuide"));
  guide.href = step.url;
  const askButton = iconButton("message", t("askStep"), "ask-step");
  askButton.setAttribute("aria-label", `${t("askStep")}: ${step.title}`);
  askButton.addEventListener("click", () => ask(step.question));
  actions.append(guide, askButton);
  item.append(actions);
  box.addEventListener("change", () => {
    if (box.checked) done.add(step.section_id);
    else done.delete(step.section_id);
    keep(done);
    item.classList.toggle("done", box.checked);
    progress(steps, done);
  });
  return item;
}

function pathItem(step, ask) {
  const item = make("li");
  const button = make("button", "", step.title);
  button.type = "button";
  button.addEventListener("click", () => ask(step.question));
  item.append(button);
  return item;
}

// Loads the steps in the page's language and fills the checklist and the welcome screen's path.
export async function loadChecklist(ask) {
  const lang = language();
  let steps;
  try {
    const response = await fetch(`/v1/onboarding?lang=${lang}`);
    if (!response.ok) throw new Error(String(response.status));
    steps = await response.json();
  } catch (_) {
    $("#checklist-progress").textContent = t("stepsFailed");
    return;
  }
  if (lang !== language()) return;  // the language changed while loading: the newer call fills the lists
  const titles = new Map(steps.map((step) => [step.section_id, step.title]));
  const done = ticked();
  const main = steps.filter((step) => !step.optional);
  $("#step-list").replaceChildren(...main.map((step, i) => stepItem(step, i + 1, titles, done, steps, ask)));
  $("#optional-step-list").replaceChildren(
    ...steps.filter((step) => step.optional).map((step) => stepItem(step, 0, titles, done, steps, ask)),
  );
  $("#path-list").replaceChildren(...main.map((step) => pathItem(step, ask)));
  progress(steps, done);
}
