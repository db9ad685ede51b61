"""Checking one answer against its case: deterministic, exact, per metric (nothing judged by a model).

Each check says what failed in words (`problems`) and keeps what it saw (`details`: how each fact matched, each
tool sub-check, each assertion), so a report explains a failure without rerunning the case. Facts: `fact_checks`;
tools: `tool_checks`; generic assertions: `assertion_checks`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.extraction import extract_parameters
from assistant.grounding import check_grounding
from assistant.redaction import redact_secrets
from assistant.responses import ChatResponse
from evals.answer_cases import AnswerCase
from evals.assertion_checks import check_assertion
from evals.fact_checks import lead_sentence, match_fact, normalise_fact_text
from evals.tool_checks import check_tool, tool_inputs_match
from knowledge.text_analysis import detect_language

__all__ = ["CaseScore", "ndcg_at", "normalise_fact_text", "score_case", "tool_inputs_match"]


def ndcg_at(ranked: Sequence[str], gold: Sequence[str], k: int) -> float:
    """Binary-relevance nDCG@k (as ranx computes it)."""
    relevant = set(gold)
    dcg = sum(1.0 / math.log2(i + 2) for i, s in enumerate(ranked[:k]) if s in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


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
    details: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    knowledge_chars: int | None = None
    """Length of a knowledge answer (without its folded details): answers should be short."""

    @property
    def passed(self) -> bool:
        return self.error is None and not self.problems and not self.leaks and not self.grounding_violations


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
    score = CaseScore(
        case.id, case.language, case.category, case.split, last.answer_type, last.answer, ms=ms, tags=case.tags
    )
    checks, problems = score.checks, score.problems

    checks["answer_type"] = float(last.answer_type == expect.answer_type)
    if not checks["answer_type"]:
        problems.append(f"answer_type {last.answer_type} != {expect.answer_type}")
    if last.answer_type == "knowledge":
        score.knowledge_chars = len(last.answer)
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
        how = {
            f: match_fact(f, last.answer, terms_of, morphemes=expect.fact_match == "morphemes") for f in expect.facts
        }
        score.details["facts"] = [{"fact": f, "matched": m} for f, m in how.items()]
        checks["fact_recall"] = sum(m is not None for m in how.values()) / len(expect.facts)
        missing = [f for f, m in how.items() if m is None]
        if missing:
            problems.append(f"facts missing ({expect.fact_match} match): {missing}")
        if expect.answer_type == "knowledge":  # form, not correctness: a metric of its own, not a failed case
            lead = lead_sentence(last.answer, after_salutation=case.mode == "agent")
            leads = match_fact(expect.facts[0], lead, terms_of, morphemes=expect.fact_match == "morphemes")
            checks["answer_lead"] = float(leads is not None)
            score.details["lead"] = {"fact": expect.facts[0], "first_sentence": lead, "leads": leads is not None}

    if expect.tool is not None:
        tool_problems = check_tool(expect, last)
        checks["tool"] = float(not tool_problems)
        score.details["tool"] = tool_problems
        problems += tool_problems
    if expect.missing is not None:
        checks["missing"] = float(tuple(last.missing) == expect.missing)
        if not checks["missing"]:
            problems.append(f"asked for {last.missing}, expected {list(expect.missing)}")
    if expect.assertions:
        failed = [f for a in expect.assertions if (f := check_assertion(a, last)) is not None]
        checks["assertions"] = 1 - len(failed) / len(expect.assertions)
        score.details["assertions"] = failed
        problems += failed

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
