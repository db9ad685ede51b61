"""Guide answers, extractive: the answering section's own sentences, in the guide's order, with its code.

Nothing here writes a command, range or contact of its own; citations quote a sentence of their section.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from assistant import wording
from assistant.answer_draft import AnswerDraft, Cite, CodeBlock, Note
from assistant.guide_sections import SectionLibrary, SectionText
from assistant.responses import Citation
from knowledge.hybrid_search import SearchHit

__all__ = ["GuideComposer", "Relevance", "relevance_for"]

Relevance = Callable[[str], float]
"""How well a sentence matches the question (shared terms): picks the sentence that answers."""

MAX_SENTENCES = 8
_CODE_QUESTION = re.compile(
    r"명령|커맨드|설정\s*방법|어떻게|방법|스크립트|command|\bhow\b|configure|set up|script|예시|example", re.I
)
_ENDS_SENTENCE = re.compile(r"(?:[.!?)]|다|요)\s*$")
_PLACEHOLDER = re.compile(r"\bX\b|\bXX\b|\.X\b")


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

    def __init__(self, library: SectionLibrary) -> None:
        self.library = library

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

    def knowledge(self, question: str, hits: Sequence[SearchHit], language: str, relevance: Relevance) -> AnswerDraft:
        top = hits[0]
        section = self.library.get(top.section_id, language)
        assert section is not None  # a hit comes from the library's own records
        lead, details = _lead_and_details(section.sentences, top.best_sentence, relevance)
        blocks = []
        short_code = sum(len(b) for b in section.code_blocks) <= 400
        if section.code_blocks and (short_code or _CODE_QUESTION.search(question)):
            blocks = [CodeBlock("", b, "text" if "→" in b and "#" not in b else "console") for b in section.code_blocks]
        notes = []
        if any(_PLACEHOLDER.search(b.code) for b in blocks):
            notes.append(Note(wording.PLACEHOLDER_VALUES(language)))
        citations = [
            Citation(
                section_id=top.section_id, title=section.title, url=section.url, quote=_quote(top, section, relevance)
            )
        ]
        for hit in hits[1:3]:
            if hit.score >= 0.8 * top.score and (
                c := self.citation(hit.section_id, language, relevance, hit.best_sentence)
            ):
                citations.append(c)
        intro = wording.ACCORDING_TO_GUIDE(language, title=section.title, heading=section.heading, lead=lead)
        internal = [wording.SOURCE_SECTION_NOTE(language, title=c.title, url=c.url) for c in citations]
        internal.append(wording.CHECK_QUOTED_STEPS_NOTE(language))
        return AnswerDraft(
            language,
            intro,
            steps=details,
            steps_title=wording.MORE_FROM_GUIDE(language) if details else "",
            blocks=blocks,
            notes=notes,
            citations=citations,
            internal=internal,
            numbered=len(details) > 1 and _looks_procedural(details),
        )

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


def _lead_and_details(sentences: Sequence[str], best: str, relevance: Relevance) -> tuple[str, list[str]]:
    """The sentence that answers (with the guide line it continues on), and up to MAX_SENTENCES others in order.

    The guide wraps long sentences over two lines; a line that does not end a sentence is joined to the next.
    """
    if not sentences:
        return best, []
    lines = list(sentences)
    anchor = lines.index(best) if best in lines else max(range(len(lines)), key=lambda i: relevance(lines[i]))
    start = anchor
    while start > 0 and not _ENDS_SENTENCE.search(lines[start - 1]):
        start -= 1
    end = anchor
    while end + 1 < len(lines) and not _ENDS_SENTENCE.search(lines[end]):
        end += 1
    lead = " ".join(lines[start : end + 1])
    rest = [i for i in range(len(lines)) if not start <= i <= end]
    if len(rest) > MAX_SENTENCES:
        keep = set(sorted(rest, key=lambda i: -relevance(lines[i]))[:MAX_SENTENCES])
        keep |= {i + 1 for i in keep if i + 1 in rest and not _ENDS_SENTENCE.search(lines[i])}
        rest = sorted(keep)
    return lead, [lines[i] for i in rest]


def _looks_procedural(sentences: list[str]) -> bool:
    return any(re.search(r"합니다|하세요|누르|클릭|선택|입력|click|select|enter|then", s, re.I) for s in sentences)


def _quote(hit: SearchHit, section: SectionText, relevance: Relevance) -> str:
    return (
        hit.best_sentence
        if hit.best_sentence and hit.best_sentence in section.text
        else _best_sentence(section, relevance)
    )
