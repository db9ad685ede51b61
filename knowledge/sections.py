"""Sections: the unit the assistant retrieves and cites.

A section is the text under one heading of a document, with the heading kept verbatim so a citation can
quote it exactly. Markdown sources carry stable ids as `{#id}` after the heading; headings without one get a
slug, so ids stay stable as long as the heading does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Section", "parse_front_matter", "parse_markdown_sections", "slugify"]

GUIDE_DOC = "enterprise-cloud-guide"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_.:-]+)\})?\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True, slots=True)
class Section:
    """The text under one heading of one document, in one language."""

    doc: str
    section_id: str
    title: str
    """The heading verbatim, as written in the original document (for a translation: the original's)."""
    heading: str
    """The heading as written in this document (differs from `title` only in a translation)."""
    level: int
    language: str
    body: str
    parents: tuple[str, ...] = ()
    """Headings of the enclosing sections, outermost first, as written in this document."""
    source: str = ""
    translation_of: str | None = None

    @property
    def anchor(self) -> str:
        return self.section_id

    @property
    def url(self) -> str:
        """Where the web app shows this section: the guide page, or the page of a document a user added."""
        page = "/guide" if self.doc == GUIDE_DOC else f"/docs/{self.doc}"
        return f"{page}#{self.anchor}"

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for part in (self.doc, self.section_id, self.title, self.heading, self.language, self.body):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()[:16]


def slugify(text: str) -> str:
    """An id made from a heading: lowercase, Hangul kept, everything else folded to hyphens."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    slug = re.sub(r"[^0-9a-z\uac00-\ud7a3]+", "-", normalized).strip("-")
    return slug or "section"


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a `---` delimited block of `key: value` lines from the top of a Markdown text."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, text
    meta: dict[str, str] = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip().strip('"').strip("'")
    return meta, text[end + 5 :]


def parse_markdown_sections(
    text: str,
    *,
    doc: str,
    language: str,
    source: str = "",
    original_titles: dict[str, str] | None = None,
    translation_of: str | None = None,
) -> list[Section]:
    """Split Markdown into one section per heading; text before the first heading becomes an intro section.

    Headings inside fenced code blocks are ignored (a `# comment` in a shell block is not a heading).
    `original_titles` maps section ids to the original document's headings, for translations.
    """
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: tuple[int, str, str] | None = None  # level, heading, id
    lines: list[str] = []
    used_ids: set[str] = set()
    in_fence = False

    def flush() -> None:
        body = "\n".join(lines).strip()
        if current is None:
            if body:
                sections.append(Section(doc, "intro", doc, doc, 0, language, body, (), source, translation_of))
            return
        level, heading, section_id = current
        title = (original_titles or {}).get(section_id, heading)
        parents = tuple(h for _, h in stack[:-1])  # the last entry is the section itself
        sections.append(
            Section(doc, section_id, title, heading, level, language, body, parents, source, translation_of)
        )

    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        flush()
        level, heading = len(match.group(1)), match.group(2).strip()
        section_id = match.group(3) or slugify(heading)
        base, n = section_id, 2
        while section_id in used_ids:
            section_id, n = f"{base}-{n}", n + 1
        used_ids.add(section_id)
        while stack and stack[-1][0] >= level:
            stack.pop()
        current = (level, heading, section_id)
        stack.append((level, heading))
        lines = []
    flush()
    return sections
