"""Sections: the unit the assistant retrieves and cites.

A section is the text under one heading of a document, with the heading kept verbatim so a citation can
quote it exactly. Markdown sources carry stable ids as `{#id}` after the heading; headings without one get a
slug, so ids stay stable as long as the heading does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = [
    "BlockCollector",
    "HeadingBlock",
    "Section",
    "assemble_sections",
    "fenced_lines",
    "parse_front_matter",
    "parse_markdown_sections",
    "slugify",
]

GUIDE_DOC = "enterprise-cloud-guide"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_.:-]+)\})?\s*#*\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n")
    try:
        end = lines.index("---", 1)
    except ValueError:
        return {}, text
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip().strip('"').strip("'")
    return meta, "\n".join(lines[end + 1 :])


def fenced_lines(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with whether it belongs to a fenced code block (fence lines included).

    A block closes only on a fence of the same character at least as long as the opening one, as in
    CommonMark, so a ``` line inside a ~~~~ block stays code.
    """
    opening = ""
    for line in lines:
        match = _FENCE.match(line)
        if not opening:
            if match:
                opening = match.group(1)
                yield line, True
            else:
                yield line, False
            continue
        if (
            match
            and match.group(1)[0] == opening[0]
            and len(match.group(1)) >= len(opening)
            and not match.group(2).strip()
        ):
            opening = ""
        yield line, True


@dataclass(frozen=True, slots=True)
class HeadingBlock:
    """A heading and the lines under it, before ids and parents are worked out."""

    level: int
    heading: str
    explicit_id: str | None
    lines: tuple[str, ...]


class BlockCollector:
    """Collects lines under the heading seen last: the intro before any heading, then one block per heading."""

    def __init__(self) -> None:
        self.intro: list[str] = []
        self.blocks: list[HeadingBlock] = []
        self._heading: tuple[int, str, str | None] | None = None
        self._lines: list[str] = []

    def heading(self, level: int, text: str, explicit_id: str | None = None) -> None:
        self._close()
        self._heading, self._lines = (level, text, explicit_id), []

    def line(self, text: str) -> None:
        self._lines.append(text)

    def _close(self) -> None:
        if self._heading is None:
            self.intro = self._lines
        else:
            self.blocks.append(HeadingBlock(*self._heading, tuple(self._lines)))

    def finish(self) -> tuple[list[str], list[HeadingBlock]]:
        self._close()
        self._heading, self._lines = None, []
        return self.intro, self.blocks


def assemble_sections(
    intro: Sequence[str],
    blocks: Iterable[HeadingBlock],
    *,
    doc: str,
    language: str,
    source: str = "",
    original_titles: dict[str, str] | None = None,
    translation_of: str | None = None,
) -> list[Section]:
    """Sections from headings and their lines: unique ids, enclosing headings, the original titles."""
    sections: list[Section] = []
    intro_text = "\n".join(intro).strip()
    if intro_text:
        sections.append(Section(doc, "intro", doc, doc, 0, language, intro_text, (), source, translation_of))
    stack: list[tuple[int, str]] = []
    used_ids: set[str] = set()
    for block in blocks:
        section_id = block.explicit_id or slugify(block.heading)
        base, n = section_id, 2
        while section_id in used_ids:
            section_id, n = f"{base}-{n}", n + 1
        used_ids.add(section_id)
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        parents = tuple(h for _, h in stack)
        stack.append((block.level, block.heading))
        title = (original_titles or {}).get(section_id, block.heading)
        body = "\n".join(block.lines).strip()
        sections.append(
            Section(doc, section_id, title, block.heading, block.level, language, body, parents, source, translation_of)
        )
    return sections


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
    collector = BlockCollector()
    for line, in_code in fenced_lines(text.replace("\r\n", "\n").split("\n")):
        match = None if in_code else _HEADING.match(line)
        if match:
            collector.heading(len(match.group(1)), match.group(2).strip(), match.group(3))
        else:
            collector.line(line)
    intro, blocks = collector.finish()
    return assemble_sections(
        intro,
        blocks,
        doc=doc,
        language=language,
        source=source,
        original_titles=original_titles,
        translation_of=translation_of,
    )
