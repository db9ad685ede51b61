"""`eval validate`: every problem of a dataset or a thresholds file, each with its line and field, before a run.

A typo must not look like a product fault: section ids, tool names and tool-input keys are checked against the
product's own registries (the guide's sections, the tool registry), canaries must appear in the case's turns, an
empty dataset is an error, and a threshold must name a slice and a metric that exist.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from assistant.toolkit import REGISTRY, run_tool, tool_by_name
from evals.answer_cases import (
    ANSWER_DATASETS,
    CATEGORIES,
    AnswerCase,
    ContainsAssertion,
    Expect,
    JsonPathAssertion,
    NotContainsAssertion,
    RegexAssertion,
)
from evals.fact_checks import normalise_fact_text
from evals.tool_checks import find_form
from knowledge.guide import load_guide, section_titles

__all__ = [
    "DatasetInvalid",
    "Problem",
    "dataset_path",
    "known_section_ids",
    "known_tools",
    "load_answer_cases",
    "metric_names",
    "validate_dataset",
    "validate_thresholds",
]

SLICE = re.compile(
    r"^(?:all|language=(?:ko|en)|split=(?:dev|holdout)|category=(?P<category>[a-z_]+)|tag=(?P<tag>[a-z0-9_-]+))"
    r"(?:&language=(?:ko|en))?$"
)
COUNTS = ("cases", "invalid_quotes", "secret_leaks", "grounding_violations", "errors", "timeouts")
RATES = ("pass_rate", "answer_type", "language", "hit@1", "hit@3", "mrr", "ndcg@5", "citation_precision",
         "citation_recall", "fact_recall", "answer_lead", "tool", "missing", "assertions")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, where it is: `file:line: field: message` (line 0 for the file as a whole)."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class DatasetInvalid(ValueError):
    """The dataset or the thresholds have problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def metric_names() -> tuple[str, ...]:
    return (*RATES, *(f"{rate}_n" for rate in RATES if rate != "pass_rate"), *COUNTS, "latency_p50_ms",
            "latency_p95_ms", "knowledge_chars_p50", "knowledge_chars_n")  # fmt: skip


@cache
def known_section_ids() -> tuple[str, ...]:
    """The guide's section ids, in the guide's order."""
    return tuple(section_titles())


def known_tools() -> dict[str, tuple[str, ...]]:
    """Each registered tool's public name and its input keys."""
    return {tool.name: tuple(tool.input_model.model_fields) for tool in REGISTRY}


def dataset_path(dataset: str | Path) -> Path:
    return ANSWER_DATASETS.get(str(dataset), Path(dataset))


def _field(location: Iterable[object]) -> str:
    return ".".join(str(part) for part in location if not str(part).startswith("function-"))


def _known_keys() -> set[str]:
    keys = set(AnswerCase.model_fields) | set(Expect.model_fields)
    for model in (ContainsAssertion, NotContainsAssertion, RegexAssertion, JsonPathAssertion):
        keys |= set(model.model_fields)
    return keys


def _schema_message(error: dict) -> str:
    """Pydantic's finding, in the dataset's terms: a misspelt key gets the closest valid one."""
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        closest = difflib.get_close_matches(key, _known_keys(), n=1)
        return f"unknown key {key!r}" + (f" (did you mean {closest[0]!r}?)" if closest else "")
    if error["type"] in ("tuple_type", "list_type"):
        return f"should be a list, not {type(error['input']).__name__} {error['input']!r}"
    return error["msg"]


@cache
def _guide_texts() -> dict[tuple[str, str], str]:
    """(section id, language) → the section's normalised text, for checking facts."""
    return {(s.section_id, s.language): normalise_fact_text(f"{s.heading}\n{s.body}") for s in load_guide()}


def _fact_problems(expect: dict, language: str, path: Path, line: int) -> list[Problem]:
    """Each fact must be copied from the guide: from one of the listed sections, in the case's language."""
    texts, problems = _guide_texts(), []
    sections = [s for s in expect.get("section_ids") or [] if isinstance(s, str)]
    where = [t for (sid, lang), t in texts.items() if lang == language and (sid in sections or not sections)]
    for i, fact in enumerate(expect.get("facts") or []):
        if isinstance(fact, str) and not any(normalise_fact_text(fact) in text for text in where):
            place = f"the {', '.join(sections)} section(s)" if sections else "the guide"
            problems.append(Problem(path, line, f"expect.facts.{i}", f"{fact!r} is not in {place} ({language})"))
    return problems


def _run_problems(expect: dict, language: str, path: Path, line: int) -> list[Problem]:
    """Expected commands and form fields must be what the tool itself gives for the expected inputs."""
    tool = tool_by_name(str(expect.get("tool")))
    inputs = expect.get("tool_input")
    if tool is None or not isinstance(inputs, dict) or not (expect.get("commands") or expect.get("form")):
        return []
    run = run_tool(tool, {k: v for k, v in inputs.items() if k != "language"}, language)
    if run.call is None or run.error is not None:
        reason = run.error or f"the inputs miss {', '.join(run.missing)}"
        return [Problem(path, line, "expect.tool_input", f"{tool.name} does not run with these inputs: {reason}")]
    output = json.dumps(run.call.output, ensure_ascii=False)
    problems = []
    for i, command in enumerate(expect.get("commands") or []):
        if json.dumps(command, ensure_ascii=False) not in output:
            problems.append(Problem(path, line, f"expect.commands.{i}", f"{tool.name} gives no command {command!r}"))
    form = find_form(run.call.output)
    for name, value in (expect.get("form") or {}).items():
        if form.get(name) != value:
            got = repr(form[name]) if name in form else f"no field {name!r} (fields: {', '.join(form)})"
            problems.append(Problem(path, line, f"expect.form.{name}", f"expected {value!r}, the tool gives {got}"))
    return problems


def _product_problems(data: dict, path: Path, line: int) -> list[Problem]:
    """What the schema cannot know, read from the raw line so a schema error elsewhere hides none of it: names of
    the product's sections and tools, facts and commands the guide and tools really give, keys that only apply to
    some answer types, planted canaries."""
    problems = []
    expect = data.get("expect") if isinstance(data.get("expect"), dict) else {}
    answer_type, language = expect.get("answer_type"), data.get("language")
    sections, tools = known_section_ids(), known_tools()
    for i, section_id in enumerate(expect.get("section_ids") or []):
        if section_id not in sections:
            closest = difflib.get_close_matches(str(section_id), sections, n=1, cutoff=0.4)
            hint = f" (did you mean {closest[0]!r}?)" if closest else " (see: python -m assistant eval reference)"
            problems.append(Problem(path, line, f"expect.section_ids.{i}", f"unknown section id {section_id!r}{hint}"))
    tool = expect.get("tool")
    if tool is not None and tool not in tools:
        closest = difflib.get_close_matches(str(tool), list(tools), n=1, cutoff=0.6)
        known = f"did you mean {closest[0]!r}?" if closest else f"tools: {', '.join(sorted(tools))}"
        message = f"unknown tool {tool!r} ({known})"
        problems.append(Problem(path, line, "expect.tool", message))
    inputs = expect.get("tool_input")
    if isinstance(inputs, dict) and tool in tools:
        for key in inputs:
            if key not in tools[tool]:
                message = f"{tool} has no input {key!r} (inputs: {', '.join(tools[tool])})"
                problems.append(Problem(path, line, f"expect.tool_input.{key}", message))
    for key in ("tool", "tool_input", "commands", "form"):
        if expect.get(key) and answer_type != "tool":
            message = f"only for answer_type 'tool' (this case expects {answer_type!r})"
            problems.append(Problem(path, line, f"expect.{key}", message))
    if expect.get("missing") is not None and answer_type != "clarification":
        problems.append(Problem(path, line, "expect.missing", "only for answer_type 'clarification'"))
    names = {name for tool_inputs in tools.values() for name in tool_inputs}
    for i, name in enumerate(expect.get("missing") or []):
        if name not in names:
            problems.append(Problem(path, line, f"expect.missing.{i}", f"no tool asks for {name!r}"))
    if language in ("ko", "en"):
        problems += _fact_problems(expect, language, path, line)
        if not problems:
            problems += _run_problems(expect, language, path, line)
    turns = data.get("turns") if isinstance(data.get("turns"), list) else []
    said = "\n".join(t for t in turns if isinstance(t, str))
    for i, canary in enumerate(expect.get("canaries") or []):
        if str(canary) not in said:
            message = f"canary {canary!r} is not in the case's turns, so it tests nothing"
            problems.append(Problem(path, line, f"expect.canaries.{i}", message))
    return problems


def validate_dataset(dataset: str | Path) -> tuple[list[AnswerCase], list[Problem]]:
    """The valid cases and every problem (a line with problems gives no case)."""
    path = dataset_path(dataset)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(path, 0, "", f"cannot be read: {exc}")]
    cases: list[AnswerCase] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            problems.append(Problem(path, number, "", f"not JSON: {exc}"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(path, number, "", "a case is a JSON object"))
            continue
        found = _product_problems(data, path, number)
        try:
            case = AnswerCase.model_validate(data)
        except ValidationError as exc:
            found = [Problem(path, number, _field(e["loc"]), _schema_message(e)) for e in exc.errors()] + found
            case = None
        case_id = data.get("id")
        if isinstance(case_id, str) and case_id in first_line:
            found.append(Problem(path, number, "id", f"{case_id!r} is already the id of line {first_line[case_id]}"))
        elif isinstance(case_id, str):
            first_line[case_id] = number
        problems += found
        if case is not None and not found:
            cases.append(case)
    if not cases and not problems:
        problems.append(Problem(path, 0, "", "the dataset has no cases"))
    return cases, problems


def load_answer_cases(dataset: str | Path = "answers") -> list[AnswerCase]:
    """The cases of a dataset name or path; raises `DatasetInvalid` listing every problem."""
    cases, problems = validate_dataset(dataset)
    if problems:
        raise DatasetInvalid(problems)
    return cases


def validate_thresholds(path: Path, cases: Iterable[AnswerCase] = ()) -> list[Problem]:
    """Every gate names `<slice>.<metric>` with a slice the dataset can have and a metric the runner computes."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [Problem(path, 0, "", f"cannot be read: {exc}")]
    problems = [Problem(path, 0, table, "unknown table (use [min] and [max])") for table in config
                if table not in ("min", "max")]  # fmt: skip
    tags = {tag for case in cases for tag in case.tags}
    metrics = set(metric_names())
    for table in ("min", "max"):
        for key, limit in config.get(table, {}).items():
            slice_name, _, metric = key.rpartition(".")
            match = SLICE.match(slice_name)
            if match is None:
                problems.append(Problem(path, 0, f"{table}.{key}", f"unknown slice {slice_name!r}"))
            elif match["category"] and match["category"] not in CATEGORIES:
                problems.append(Problem(path, 0, f"{table}.{key}", f"unknown category {match['category']!r}"))
            elif match["tag"] and tags and match["tag"] not in tags:
                problems.append(Problem(path, 0, f"{table}.{key}", f"no case has the tag {match['tag']!r}"))
            if metric not in metrics:
                problems.append(Problem(path, 0, f"{table}.{key}", f"unknown metric {metric!r}"))
            if not isinstance(limit, int | float):
                problems.append(Problem(path, 0, f"{table}.{key}", f"the limit {limit!r} is not a number"))
    return problems
