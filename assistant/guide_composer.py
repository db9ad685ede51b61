"""Guide answers, extractive and answer-first: the guide sentence that answers what was asked leads, a few
supporting sentences and the contact follow, the rest of the section is folded into `details`.

Nothing here writes a command, range or contact of its own; citations quote a sentence of their section.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence

from assistant import wording
from assistant.answer_draft import AnswerDraft, Cite, CodeBlock, Note
from assistant.guide_sections import SectionLibrary, SectionText
from assistant.guide_units import GuideUnit
from assistant.lead_choice import choose_sentences
from assistant.question_kind import QuestionKind, question_kind
from assistant.responses import Citation
from assistant.sentence_matching import SentenceMatcher
from assistant.sentence_questions import SentenceQuestions
from assistant.yes_no import polarity
from knowledge.hybrid_search import SearchHit

__all__ = ["GuideComposer", "Relevance", "relevance_for"]

Relevance = Callable[[str], float]
"""How well a sentence matches the question (shared terms): picks the sentence that answers."""

_CODE_QUESTION = re.compile(
    r"명령|커맨드|설정\s*방법|어떻게|방법|스크립트|command|\bhow\b|configure|set up|script|예시|example", re.I
)
_PLACEHOLDER = re.compile(r"\bX\b|\bXX\b|\.X\b")
MAX_OTHER_QUESTIONS = 3
"""Questions of one message answered each by its own sentence ("Is it blocked? Who opens it?")."""


def relevance_for(question: str, terms_of: Callable[[str], list[str]]) -> Relevance:
    """Scores a sentence by the analysed terms it shares with `question` (terms cached for the turn)."""
    cached = functools.lru_cache(maxsize=512)(terms_of)
    wanted = set(cached(question))
    return lambda sentence: float(len(wanted.intersection(cached(sentence))))


def _best_sentence(section: SectionText, relevance: Relevance) -> str:
    if not section.sentences:
        return section.text.split("\n", 1)[-1].strip()[:300]
    return max(section.sentences, key=relevance)


class GuideComposer:
    """Drafts from retrieved sections, and the citations every answer carries."""

    def __init__(
        self, library: SectionLibrary, matcher: SentenceMatcher, examples: SentenceQuestions | None = None
    ) -> None:
        self.library = library
        self.matcher = matcher
        self.examples = examples

    def citation(self, section_id: str, language: str, relevance: Relevance, quote: str = "") -> Citation | None:
        section = self.library.get(section_id, language)
        if section is None:
            return None
        if not quote or quote not in section.text:
            quote = _best_sentence(section, relevance)
        return Citation(section_id=section_id, title=section.title, url=section.url, quote=quote)

    def citations(self, section_ids: Sequence[str | None], language: str, relevance: Relevance) -> list[Citation]:
        found = [self.citation(s, language, relevance) for s in dict.fromkeys(section_ids) if s]
        return [c for c in found if c is not None]

    def cite(self, language: str, relevance: Relevance) -> Cite:
        """`citations` bound to one answer's language and question, for the tool modules."""
        return lambda section_ids: self.citations(section_ids, language, relevance)

    def knowledge(
        self,
        question: str,
        hits: Sequence[SearchHit],
        language: str,
        relevance: Relevance,
        *,
        context: str = "",
        likeness: Mapping[tuple[str, int], float] | None = None,
        other_questions: Sequence[tuple[str, Sequence[SearchHit]]] = (),
    ) -> AnswerDraft:
        """The answer first: the sentence that answers (with yes or no when the question asks and the sentence
        settles it), a few supporting sentences and the contact when needed; the rest folded into details.
        `context` is the question a follow-up continues (its words count, less than the follow-up's own);
        `likeness` is the question's nearness to each sentence's example questions (`SentenceQuestions`);
        `other_questions` are the questions of a message asking several, with their own search hits, each
        answered by its own sentence unless what is shown holds it."""
        kind = question_kind(question, language)
        term_score = self.matcher.scorer(question, language, context=context)
        chosen = choose_sentences(question, hits, self.library, language, term_score, kind, context, likeness)
        if chosen is None:
            return self.low_confidence(hits, language, relevance)
        section, lead = chosen.section, chosen.lead
        opening = lead.shown(leading=True)
        if kind is QuestionKind.YES_NO and (answer := polarity(question, lead.text)) is not None:
            opening = wording.YES_NO_OPENING(language, answer=wording.YES(language) if answer == "yes" else
                                             wording.NO(language), sentence=opening)  # fmt: skip
        shown_units = [lead, *chosen.support]
        code_wanted = _wants_code(question, kind)
        blocks = [_code_block(u) for u in shown_units if u.block and (u.introduces_block or code_wanted)]
        placeholders = any(_PLACEHOLDER.search(b.code) for b in blocks)
        notes = [Note(wording.PLACEHOLDER_VALUES(language))] if placeholders else []
        shown = [*shown_units, *([chosen.contact] if chosen.contact is not None else [])]
        also = self._answers_to_the_other_questions(question, other_questions, language, shown)
        steps = [u.shown() for u in chosen.support]
        if chosen.contact is not None:
            steps.append(chosen.contact.shown())
        steps += [u.shown() for u in also]
        shown_units += also
        citations = [Citation(section_id=section.section_id, title=section.title, url=section.url, quote=lead.quote)]
        for unit in also:
            cited = {c.section_id for c in citations}
            if unit.section_id not in cited and (c := self.citation(unit.section_id, language, relevance, unit.quote)):
                citations.append(c)
        for hit in hits[1:2]:
            close = hit.section_id != section.section_id and hit.score >= 0.9 * hits[0].score
            if close and (c := self.citation(hit.section_id, language, relevance, hit.best_sentence)):
                citations.append(c)
        internal = [wording.SOURCE_SECTION_NOTE(language, title=c.title, url=c.url) for c in citations]
        internal.append(wording.CHECK_QUOTED_STEPS_NOTE(language))
        return AnswerDraft(
            language,
            opening,
            steps=steps,
            blocks=blocks,
            notes=notes,
            citations=citations,
            internal=internal,
            numbered=kind is QuestionKind.HOW_TO and len(steps) > 1,
            details=_details(chosen.rest, shown_units, language),
        )

    def _answers_to_the_other_questions(
        self,
        message: str,
        others: Sequence[tuple[str, Sequence[SearchHit]]],
        language: str,
        shown: Sequence[GuideUnit],
    ) -> list[GuideUnit]:
        """The sentence answering each question of a message that asks several ("Is it blocked? Who can open it?"),
        when what is shown does not hold it already (the lead answers the message as a whole)."""
        seen = {(u.section_id, u.position) for u in shown}
        found: list[GuideUnit] = []
        for other, hits in others[:MAX_OTHER_QUESTIONS]:
            if not hits:
                continue
            kind = question_kind(other, language)
            term_score = self.matcher.scorer(other, language, context=message)
            likeness = self.examples.likeness(other) if self.examples is not None else None
            chosen = choose_sentences(other, hits, self.library, language, term_score, kind, message, likeness)
            if chosen is not None and (chosen.lead.section_id, chosen.lead.position) not in seen:
                seen.add((chosen.lead.section_id, chosen.lead.position))
                found.append(chosen.lead)
        return found

    def low_confidence(self, hits: Sequence[SearchHit], language: str, relevance: Relevance) -> AnswerDraft:
        """ "The guide does not say", with the closest sections: for a guide-like question nothing answers."""
        citations = [c for h in hits[:3] if (c := self.citation(h.section_id, language, relevance, h.best_sentence))]
        return AnswerDraft(
            language,
            wording.GUIDE_DOES_NOT_SAY(language),
            steps=[f"[{c.title}]({c.url}): {c.quote}" for c in citations],
            after=[wording.ASK_FOR_DEFINITE_ANSWER(language)],
            citations=citations,
            internal=[wording.LOW_RETRIEVAL_NOTE(language)],
            confidence="low",
        )


def _wants_code(question: str, kind: QuestionKind) -> bool:
    return kind is QuestionKind.HOW_TO or bool(_CODE_QUESTION.search(question))


def _code_block(unit: GuideUnit) -> CodeBlock:
    code = unit.block or ""
    return CodeBlock("", code, "text" if "→" in code and "#" not in code else "console")


def _details(rest: Sequence[GuideUnit], shown: Sequence[GuideUnit], language: str) -> str:
    """The rest of the section as Markdown, for the reader who wants it (folded under the answer)."""
    lines = [f"{i}. {unit.shown()}" for i, unit in enumerate(rest, start=1)]
    blocks = [unit.block for unit in rest if unit.block]
    blocks += [unit.block for unit in shown if unit.block and unit not in rest]
    parts = ["\n".join(lines), *(f"```text\n{b}\n```" for b in dict.fromkeys(blocks))]
    body = "\n\n".join(p for p in parts if p)
    return f"{wording.MORE_FROM_GUIDE(language)}\n\n{body}" if body else ""


def _quote(hit: SearchHit, section: SectionText, relevance: Relevance) -> str:
    return (
        hit.best_sentence
        if hit.best_sentence and hit.best_sentence in section.text
        else _best_sentence(section, relevance)
    )
