"""Heading-aware chunking: a section becomes one chunk, or a few when it is long.

Splits fall on blank lines outside code blocks, so a command block is never cut in half. Every chunk
starts with its heading path, which gives both the lexical and the dense index the section's topic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from knowledge.sections import Section, fenced_lines

__all__ = ["Chunk", "chunk_section", "chunk_sections"]

DEFAULT_MAX_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of one section, with the metadata retrieval and citations need."""

    chunk_id: str
    text: str
    """Heading path and body: what is indexed and shown as a snippet."""
    section: Section = field(repr=False)
    part: int = 0

    @property
    def content_hash(self) -> str:
        """Changes with anything stored for the chunk: its text, title, source, language or translation status."""
        s = self.section
        parts = (self.text, s.title, s.heading, s.source, s.language, s.translation_of or "", s.doc)
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]

    @property
    def sentences(self) -> tuple[str, ...]:
        """Each prose line of the chunk, prefixed with its heading: extra dense "views" of the chunk.

        A question usually asks about one sentence of a section; a sentence vector matches it more sharply than
        the vector of the whole section (measured on the dev set: multilingual USE hit@1 0.80 → 0.90 in Korean).
        """
        views = []  # the bare heading is not a view: short texts match short queries too eagerly
        for line, in_code in fenced_lines(self.text.splitlines()[1:]):
            stripped = line.strip().lstrip("-*>").strip()
            if not in_code and len(stripped) >= 8:
                views.append(f"{self.section.heading}: {stripped}")
        return tuple(views)

    @property
    def metadata(self) -> dict[str, str | int]:
        s = self.section
        return {
            "doc": s.doc,
            "section_id": s.section_id,
            "title": s.title,
            "heading": s.heading,
            "language": s.language,
            "url": s.url,
            "source": s.source,
            "translation": int(s.translation_of is not None),
            "part": self.part,
            "content_hash": self.content_hash,
        }


def _blocks(body: str) -> list[str]:
    """Paragraphs separated by blank lines, with fenced code blocks kept whole."""
    blocks: list[str] = []
    current: list[str] = []
    for line, in_code in fenced_lines(body.splitlines()):
        if not line.strip() and not in_code:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def chunk_section(section: Section, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """Greedy packing of whole paragraphs into chunks of at most `max_chars` (a longer paragraph stays whole)."""
    path = " > ".join((*section.parents[1:], section.heading)) if section.level > 1 else section.heading
    header = f"{path}\n\n"
    pieces: list[str] = []
    current = ""
    for block in _blocks(section.body) or [""]:
        candidate = f"{current}\n\n{block}" if current else block
        if current and len(header) + len(candidate) > max_chars:
            pieces.append(current)
            candidate = block
        current = candidate
    pieces.append(current)
    base = f"{section.doc}:{section.language}:{section.section_id}"
    return [Chunk(f"{base}:{i}", (header + text).strip(), section, i) for i, text in enumerate(pieces)]


def chunk_sections(sections: list[Section], max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    return [chunk for section in sections for chunk in chunk_section(section, max_chars)]
