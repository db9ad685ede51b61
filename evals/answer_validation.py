"""`eval validate`: every problem of a dataset or a thresholds file, each with its line and field, before a run.

A typo must not look like a product fault: section ids, tool names and tool-input keys are checked against the
product's own registries (the guide's sections, the tool registry), canaries must appear in the case's turns, an
empty dataset is an error, and a threshold must name a slice and a metric that exist.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from assistant.toolkit import REGISTRY
from evals.answer_cases import ANSWER_DATASETS, CATEGORIES, AnswerCase
from knowledge.guide import section_titles

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
         "citation_recall", "fact_recall", "tool", "missing", "assertions")  # fmt: skip


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
            "latency_p95_ms")  # fmt: skip


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


def _product_problems(case: AnswerCase, path: Path, line: int) -> list[Problem]:
    """What the schema cannot know: names of the product's sections and tools, and planted canaries."""
    problems = []
    expect, sections, tools = case.expect, set(known_section_ids()), known_tools()
    for i, section_id in enumerate(expect.section_ids):
        if section_id not in sections:
            problems.append(Problem(path, line, f"expect.section_ids.{i}", f"unknown section id {section_id!r}"))
    if expect.tool is not None and expect.tool not in tools:
        message = f"unknown tool {expect.tool!r} (tools: {', '.join(tools)})"
        problems.append(Problem(path, line, "expect.tool", message))
    if expect.tool_input is not None:
        if expect.tool is None:
            problems.append(Problem(path, line, "expect.tool_input", "tool_input needs `tool`"))
        elif expect.tool in tools:
            for key in expect.tool_input:
                if key not in tools[expect.tool]:
                    keys = ", ".join(tools[expect.tool])
                    message = f"{expect.tool} has no input {key!r} (inputs: {keys})"
                    problems.append(Problem(path, line, f"expect.tool_input.{key}", message))
    for field_name in ("commands", "form"):
        if getattr(expect, field_name) and expect.tool is None:
            problems.append(Problem(path, line, f"expect.{field_name}", f"{field_name} needs `tool`"))
    said = "\n".join(case.turns)
    for i, canary in enumerate(expect.canaries):
        if canary not in said:
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
        try:
            case = AnswerCase.model_validate(data)
        except ValidationError as exc:
            problems += [Problem(path, number, _field(e["loc"]), e["msg"]) for e in exc.errors()]
            continue
        if case.id in first_line:
            problems.append(Problem(path, number, "id", f"{case.id!r} is already the id of line {first_line[case.id]}"))
            continue
        first_line[case.id] = number
        found = _product_problems(case, path, number)
        problems += found
        if not found:
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
