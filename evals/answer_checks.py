"""Checking one answer against its case: deterministic, exact, per metric (nothing judged by a model).

Facts are matched Korean-aware: exact after normalisation (NFKC, case, spacing, CJK punctuation), or else every
content morpheme of the fact (Kiwi) present among the answer's morphemes, so "3일이 소요" meets "약 3일의 시간이 소요".
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.extraction import extract_parameters
from assistant.grounding import check_grounding
from assistant.redaction import redact_secrets
from assistant.responses import ChatResponse
from evals.answer_cases import AnswerCase
from knowledge.text_analysis import detect_language, normalize_text

__all__ = ["CaseScore", "ndcg_at", "normalise_fact_text", "score_case", "tool_inputs_match"]

_CJK_PUNCTUATION = str.maketrans(
    {
        "「": '"', "」": '"', "『": '"', "』": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
        "，": ",", "。": ".", "：": ":", "（": "(", "）": ")", "·": " ", "・": " ",
    }
)  # fmt: skip


def normalise_fact_text(text: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(text).translate(_CJK_PUNCTUATION)).casefold().strip()


def ndcg_at(ranked: Sequence[str], gold: Sequence[str], k: int) -> float:
    """Binary-relevance nDCG@k (as ranx computes it)."""
    relevant = set(gold)
    dcg = sum(1.0 / math.log2(i + 2) for i, s in enumerate(ranked[:k]) if s in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def _network(value: str) -> str:
    try:  # "10.21.5.0 255.255.255.0" and "10.21.5.0/24" are the same network
        return str(ipaddress.ip_interface(re.sub(r"\s+", "/", value.strip())))
    except ValueError:
        return value.strip().casefold()


def _normalised(key: str, value: object) -> object:
    if key in ("source", "destination", "network", "contains", "overlaps", "gateway", "peer", "vm_ip", "public_ip"):
        return _network(str(value))
    if key in ("ports", "service"):
        return sorted(p.strip().casefold() for p in re.split(r"[,\s]+", str(value)) if p.strip())
    if key == "networks":
        return sorted(_network(str(v)) for v in value)  # type: ignore[union-attr]
    return str(value).casefold() if isinstance(value, str) else value


def tool_inputs_match(expected: dict, actual: dict) -> bool:
    """Every expected parameter equals the given one once normalised (10.21.5.0/24 = 10.21.5.0 255.255.255.0)."""
    return all(_normalised(k, v) == _normalised(k, actual.get(k, "")) for k, v in expected.items())


@dataclass
class CaseScore:
    """One case's outcome: each check that applies, the failures in words, timings and leaks."""

    case_id: str
    language: str
    category: str
    split: str
    answer_type: str | None
    answer: str
    checks: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    ranked: list[str] = field(default_factory=list)
    leaks: int = 0
    grounding_violations: int = 0
    invalid_quotes: int = 0
    error: str | None = None
    ms: float = 0.0

    @property
    def passed(self) -> bool:
        return self.error is None and not self.problems and not self.leaks and not self.grounding_violations


def _fact_found(fact: str, answer: str, terms_of: Callable[[str], list[str]]) -> bool:
    if normalise_fact_text(fact) in normalise_fact_text(answer):
        return True
    wanted = set(terms_of(fact))
    return bool(wanted) and wanted <= set(terms_of(answer))


def score_case(
    case: AnswerCase,
    responses: Sequence[ChatResponse],
    *,
    section_text: Callable[[str], str],
    terms_of: Callable[[str], list[str]],
    stored: str = "",
    logs: str = "",
    ms: float = 0.0,
) -> CaseScore:
    """All checks of the last response; `section_text(id)` gives a section's text in every language."""
    last = responses[-1]
    expect = case.expect
    score = CaseScore(case.id, case.language, case.category, case.split, last.answer_type, last.answer, ms=ms)
    checks, problems = score.checks, score.problems

    checks["answer_type"] = float(last.answer_type == expect.answer_type)
    if not checks["answer_type"]:
        problems.append(f"answer_type {last.answer_type} != {expect.answer_type}")
    checks["language"] = float(last.language == case.language and detect_language(last.answer) == case.language)
    if not checks["language"]:
        problems.append(f"answered in {detect_language(last.answer)} to a {case.language} question")

    cited = [c.section_id for c in last.citations]
    score.ranked = cited
    if expect.section_ids and expect.answer_type in ("knowledge", "tool", "clarification"):
        gold = set(expect.section_ids)
        checks["hit@1"] = float(bool(cited) and cited[0] in gold)
        checks["hit@3"] = float(bool(gold & set(cited[:3])))
        checks["mrr"] = next((1.0 / r for r, s in enumerate(cited, 1) if s in gold), 0.0)
        checks["ndcg@5"] = ndcg_at(cited, list(gold), 5)
        if cited:
            checks["citation_precision"] = len(gold & set(cited)) / len(set(cited))
        checks["citation_recall"] = len(gold & set(cited)) / len(gold)
        if not checks["hit@1"]:
            problems.append(f"first citation {cited[:1]} not in {sorted(gold)}")
    score.invalid_quotes = sum(c.quote not in section_text(c.section_id) for c in last.citations)
    if score.invalid_quotes:
        problems.append(f"{score.invalid_quotes} citation quote(s) not found in their section")

    if expect.facts:
        found = [f for f in expect.facts if _fact_found(f, last.answer, terms_of)]
        checks["fact_recall"] = len(found) / len(expect.facts)
        missing = [f for f in expect.facts if f not in found]
        if missing:
            problems.append(f"facts missing: {missing}")

    if expect.tool is not None:
        calls = [c for c in last.tool_calls if c.tool == expect.tool]
        ok = bool(calls) and "error" not in calls[-1].output
        if ok and expect.tool_input is not None:
            ok = tool_inputs_match(expect.tool_input, calls[-1].input)
        if ok and expect.commands:
            ok = all(command in last.commands for command in expect.commands)
        if ok and expect.form:
            form = calls[-1].output.get("form", {})
            ok = all(form.get(k) == v for k, v in expect.form.items())
        checks["tool"] = float(ok)
        if not ok:
            given = calls[-1].input if calls else None
            problems.append(f"tool {expect.tool} expected {expect.tool_input}, got {given}")
    if expect.missing is not None:
        checks["missing"] = float(tuple(last.missing) == expect.missing)
        if not checks["missing"]:
            problems.append(f"asked for {last.missing}, expected {list(expect.missing)}")

    everything = json.dumps([r.model_dump(mode="json") for r in responses], ensure_ascii=False) + stored + logs
    score.leaks = sum(canary in everything for canary in expect.canaries)
    pattern = redact_secrets(everything)  # a password or key the case did not plant, shown or kept anyway
    if pattern.found:
        score.leaks += 1
        problems.append(f"secret-like values ({', '.join(pattern.kinds)}) in the response, session or logs")
    if score.leaks:
        problems.append(f"{score.leaks} secret(s) leaked")

    said = " ".join([*case.turns, *(a.text for t in case.turns for a in extract_parameters(t).addresses)])
    sources: list[object] = [section_text(s) for s in dict.fromkeys(cited)]
    sources += [call.output for r in responses for call in r.tool_calls]
    said += " " + " ".join(str(v) for r in responses for call in r.tool_calls for v in call.input.values())
    report = check_grounding(last.answer, sources, said)
    score.grounding_violations = len(report.unsupported)
    if report.unsupported:
        problems.append(f"ungrounded: {list(report.unsupported)[:3]}")
    return score
