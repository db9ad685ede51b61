"""Which guide sentences answer the question: the one to lead with, a few that support it, the contact when the
question is about requesting or contacting, and the rest (folded under the answer).

Every sentence of the best sections competes, not only the best section's: a question on what to send the support
centre is answered by the sentence that lists it, wherever the search ranked its section. A sentence scores by the
question's terms it shares, its own dense similarity to the question, how well its section ranked, and what the
question asks for (a duration for "how long", a contact for "who do I call", ...).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.answer_types import ExpectedValue, expected_values, holds
from assistant.guide_entities import members_named, spans_of, subjects_named
from assistant.guide_sections import SectionLibrary, SectionText
from assistant.guide_units import GuideUnit, units_of
from assistant.intent_words import SYMPTOM
from assistant.question_kind import QuestionKind
from assistant.sentence_matching import TermScore
from assistant.yes_no import settles
from knowledge.hybrid_search import SearchHit

__all__ = ["ChosenSentences", "choose_sentences"]

CANDIDATE_SECTIONS = 3
FIRST_STEP_SECTIONS = 5
GUIDE_ORDER_WEIGHT = 0.8
""""Where do I start?": the guide is written in the order customers go, so earlier sections weigh more."""
MIN_SECTION_SHARE = 0.6
"""A section competes when its search score is at least this share of the best one's."""
SECTION_WEIGHT = 2.0
DENSE_WEIGHT = 0.5
MAX_SUPPORT = 2
MAX_STEPS = 3
SUPPORT_SHARE = 0.65
"""A sentence supports the lead when it scores at least this share of the lead's score."""

_ABOUT_GUIDE = re.compile(r"가이드|문서|챕터|장은|guide|chapter|document", re.I)
_REQUESTING = re.compile(r"신청|요청|연락|문의|request|apply|contact|get in touch", re.I)
_LISTS_NEEDS = re.compile(r"공유|필요|입력|기입|준비|share|provide|enter|need|required", re.I)


@dataclass(frozen=True, slots=True)
class ChosenSentences:
    section: SectionText
    """The section the lead comes from (cited first)."""
    lead: GuideUnit
    support: tuple[GuideUnit, ...]
    contact: GuideUnit | None
    rest: tuple[GuideUnit, ...]
    """The lead section's other sentences, in the guide's order: the folded details."""


ENTITY_BONUS = 0.5
ENTITY_PENALTY = 0.4
SUBJECT_PENALTY = 0.8
"""A sentence naming the family member the question names (the Inter-LB) gains; one naming only its siblings
(the Private-LB) loses."""
ATTRIBUTE_SHARE = 0.5
LOCAL_SPREAD = 1.0
"""How much a word shared by many of the competing sentences loses (0: none, 1: a word they all share counts
nothing)."""
VALUE_BONUS = 0.4
"""Per kind of value the question asks for that the sentence holds (a range for "어떤 대역?")."""
ABOUT_GUIDE_PENALTY = 1.0
EXAMPLE_WEIGHT = 3.0
EXAMPLE_NEAREST = 8
"""The sentences whose example questions are nearest the question (of all the guide's) gain this weight per unit
of cosine to their nearest example: a customer's question is more like another question than like its answer."""


def _value_bonus(unit: GuideUnit, wanted: frozenset[ExpectedValue], question: str) -> float:
    bonus = VALUE_BONUS * sum(holds(unit.text, value) for value in wanted)
    if unit.about_the_guide and ExpectedValue.DOCUMENT not in wanted and not _ABOUT_GUIDE.search(question):
        bonus -= ABOUT_GUIDE_PENALTY  # "이번 장은 … 설명합니다" answers only a question about the guide itself
    return bonus


def _entity_bonus(unit: GuideUnit, asked: dict[str, set[str]], subjects: set[str], first: str | None) -> float:
    """`first`: the family the question names first, its subject ("can the Inter-LB be in the public zone?" is
    about the Inter-LB; the zone is what it asks about it), which counts fully; the others count half."""
    named = members_named(unit.text)
    bonus = -SUBJECT_PENALTY * len(subjects_named(unit.text) - subjects)  # about something not asked about
    for family, members in asked.items():
        if family not in named:
            continue
        weight = 1.0 if first is None or family == first else ATTRIBUTE_SHARE
        if named[family] & members:  # a sentence about just that member beats one listing all of them
            bonus += weight * ENTITY_BONUS * len(named[family] & members) / len(named[family])
        else:
            bonus -= weight * ENTITY_PENALTY
    return bonus


_CAUSE = re.compile(r"차단|막고|막혀|필요|해야|불가|blocked|must|required|cannot|only", re.I)
CAUSE_BONUS = 0.3
"""A reported failure ("접속이 안 돼요") is answered by the sentence that says what blocks or is required."""


def _kind_bonus(unit: GuideUnit, kind: QuestionKind, question: str) -> float:
    cause = CAUSE_BONUS if SYMPTOM.search(question) and _CAUSE.search(unit.text) else 0.0
    return cause + _asked_bonus(unit, kind, question)


def _asked_bonus(unit: GuideUnit, kind: QuestionKind, question: str) -> float:
    if kind is QuestionKind.HOW_LONG:
        return 1.0 if unit.has_duration else 0.0
    if kind is QuestionKind.CONTACT:
        return 1.0 if unit.has_contact else 0.0
    if kind is QuestionKind.WHERE_TO_REQUEST:
        return 0.4 * bool(_REQUESTING.search(unit.text)) + 0.3 * unit.has_contact
    if kind is QuestionKind.WHAT_NEEDED:
        return 0.6 if _LISTS_NEEDS.search(unit.text) else 0.0
    if kind is QuestionKind.HOW_TO:
        return 0.3 * unit.procedural + 0.2 * (unit.block is not None)
    if kind is QuestionKind.YES_NO:
        return 0.5 if settles(question, unit.text) else 0.0
    return 0.0


def _dense_by_line(hit: SearchHit, section: SectionText) -> dict[str, float]:
    if len(hit.sentence_similarities) != len(section.sentences):
        return {}
    return dict(zip(section.sentences, hit.sentence_similarities, strict=True))


@dataclass(frozen=True, slots=True)
class _Scored:
    unit: GuideUnit
    section: SectionText
    score: float


def _competing_sections(
    hits: Sequence[SearchHit], library: SectionLibrary, language: str, first_step: bool
) -> list[tuple[SectionText, float, SearchHit]]:
    """The best-ranked sections, whose sentences compete, with their share of the best search score."""
    top = hits[0].score or 1.0
    competing = []
    for hit in hits[: FIRST_STEP_SECTIONS if first_step else CANDIDATE_SECTIONS]:
        section = library.get(hit.section_id, language)
        if section is not None and (first_step or hit.score >= MIN_SECTION_SHARE * top):
            competing.append((section, hit.score / top, hit))
    return competing


def _local_term_scores(units: Sequence[GuideUnit], term_score: TermScore) -> list[float]:
    """Each sentence's shared words, a word counting less the more of the competing sentences have it: in the
    group-account section every sentence says "그룹계정", only one says "이미지", which is what is asked."""
    shared = [term_score.shared(unit) for unit in units]
    spread = Counter(term for found in shared for term in found)
    count = len(units) or 1
    return [sum(w * (1 - LOCAL_SPREAD * (spread[t] - 1) / count) for t, w in found.items()) for found in shared]


def _score_all(
    question: str,
    hits: Sequence[SearchHit],
    library: SectionLibrary,
    language: str,
    term_score: TermScore,
    kind: QuestionKind,
    context: str = "",
    likeness: Mapping[tuple[str, int], float] | None = None,
) -> list[_Scored]:
    first_step = kind is QuestionKind.FIRST_STEP
    order = {section_id: i for i, section_id in enumerate(library.section_ids())}
    nearest = sorted((likeness or {}).items(), key=lambda item: -item[1])[:EXAMPLE_NEAREST]
    likeness = dict(nearest)
    candidates: list[tuple[GuideUnit, SectionText, float, float]] = []
    for section, share, hit in _competing_sections(hits, library, language, first_step):
        dense = _dense_by_line(hit, section)
        if first_step:
            share += GUIDE_ORDER_WEIGHT * (1 - order.get(section.section_id, len(order)) / max(len(order), 1))
        for unit in units_of(section):
            if unit.figure_only or unit.caption:
                continue
            similarity = max((dense.get(line, 0.0) for line in unit.lines), default=0.0)
            candidates.append((unit, section, share, similarity))
    term_scores = _local_term_scores([c[0] for c in candidates], term_score)
    most_terms = max(term_scores, default=0.0) or 1.0
    wanted = expected_values(question)
    asked = members_named(question) or members_named(context)
    mentions = spans_of(question) or spans_of(context)
    first = mentions[0][0] if mentions else None
    subjects = subjects_named(f"{context} {question}")
    return [
        _Scored(
            unit,
            section,
            SECTION_WEIGHT * share
            + terms / most_terms
            + DENSE_WEIGHT * similarity
            + _kind_bonus(unit, kind, question)
            + _value_bonus(unit, wanted, question)
            + _entity_bonus(unit, asked, subjects, first)
            + EXAMPLE_WEIGHT * likeness.get((unit.section_id, unit.position), 0.0),
        )
        for (unit, section, share, similarity), terms in zip(candidates, term_scores, strict=True)
    ]


def choose_sentences(
    question: str,
    hits: Sequence[SearchHit],
    library: SectionLibrary,
    language: str,
    term_score: TermScore,
    kind: QuestionKind,
    context: str = "",
    likeness: Mapping[tuple[str, int], float] | None = None,
) -> ChosenSentences | None:
    """The sentences to answer with; None when the sections have no sentence to offer. "Where do I start" is
    answered in the guide's order: the earliest of the chosen sentences leads."""
    scored = _score_all(question, hits, library, language, term_score, kind, context, likeness)
    if not scored:
        return None
    best = max(scored, key=lambda s: s.score)
    same_section = sorted((s for s in scored if s.section is best.section), key=lambda s: s.unit.position)
    limit = MAX_STEPS if kind is QuestionKind.HOW_TO else MAX_SUPPORT
    supporting = sorted(
        (s for s in same_section if s.unit is not best.unit and s.score >= SUPPORT_SHARE * best.score),
        key=lambda s: -s.score,
    )[:limit]
    support = tuple(sorted((s.unit for s in supporting), key=lambda u: u.position))
    lead = best.unit
    if kind is QuestionKind.FIRST_STEP and support and support[0].position < lead.position:
        lead, support = support[0], tuple(sorted((*support[1:], best.unit), key=lambda u: u.position))
    contact = None
    asks_to_request = kind in (QuestionKind.CONTACT, QuestionKind.WHERE_TO_REQUEST) or _REQUESTING.search(question)
    # "you must request the opening from WINS Technet" is only usable with how to reach them
    wants_contact = bool(asks_to_request or any(_REQUESTING.search(u.text) for u in (lead, *support)))
    if wants_contact and not lead.has_contact and not any(u.has_contact for u in support):
        contact = next((s.unit for s in same_section if s.unit.has_contact), None)
    shown = {lead.position, *(u.position for u in support), *([contact.position] if contact else [])}
    rest = tuple(u for u in units_of(best.section) if u.position not in shown)
    return ChosenSentences(best.section, lead, support, contact, rest)
