"""Read documents a user adds (Markdown, HTML, plain text) into sections.

Loading is all-or-nothing per call: every path is read and checked before anything reaches the index, so a
bad file fails the build with a one-line error and leaves what is already indexed untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge.errors import DocumentError
from knowledge.sections import (
    BlockCollector,
    HeadingBlock,
    Section,
    assemble_sections,
    parse_front_matter,
    parse_markdown_sections,
    slugify,
)
from knowledge.text_analysis import detect_language

__all__ = ["SUPPORTED_SUFFIXES", "expand_paths", "load_document", "load_documents"]

SUPPORTED_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text"}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus the supported files found under folders, each once, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
                raise DocumentError(f"folder '{path}' has no documents of a supported type ({supported})")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(f"document '{path}' does not exist")
    return list(dict.fromkeys(f.resolve() for f in files))


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"document '{path}' cannot be read: {exc.strerror or exc}") from None
    if b"\x00" in raw[:4096]:
        raise DocumentError(f"document '{path}' is binary, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"document '{path}' is not UTF-8 text") from None


def _html_blocks(html: str) -> tuple[list[str], list[HeadingBlock], str]:
    """Intro lines, heading blocks and the declared language of an HTML page; page chrome is dropped.

    Built directly from the elements (not through Markdown), so a paragraph starting with "#" stays text and
    a heading keeps its exact text.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "form", "noscript", "aside"]):
        tag.decompose()
    language = ((soup.html.get("lang", "") if soup.html else "") or "").split("-")[0].lower()
    collector = BlockCollector()
    for element in (soup.body or soup).find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td", "th"]):
        if element.find_parent(["p", "li", "pre", "td", "th"]) is not None:
            continue
        text = element.get_text("\n" if element.name == "pre" else " ", strip=element.name != "pre")
        if not text.strip():
            continue
        if element.name.startswith("h"):
            anchor = element.get("id")
            collector.heading(int(element.name[1]), " ".join(text.split()), slugify(anchor) if anchor else None)
        elif element.name == "pre":
            fence = "~~~~" if "```" in text else "```"
            for line in ["", fence, *text.rstrip().split("\n"), fence, ""]:
                collector.line(line)
        else:
            collector.line(f"- {text}" if element.name == "li" else text)
    intro, blocks = collector.finish()
    return intro, blocks, language


def load_document(path: Path) -> list[Section]:
    """Sections of one Markdown, HTML or plain-text file; the doc id is the file's stem unless declared."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(f"document '{path}' has unsupported type '{path.suffix}' (supported: {supported})")
    text = _read_text(path).replace("\r\n", "\n")
    meta: dict[str, str] = {}
    if kind == "markdown":
        meta, text = parse_front_matter(text)
    if not text.strip():
        raise DocumentError(f"document '{path}' has no text")
    doc = slugify(meta.get("doc") or path.stem)  # ids go into vector ids and URLs: keep them plain
    if kind == "markdown":
        language = _language(meta.get("language", ""), text)
        sections = parse_markdown_sections(
            text, doc=doc, language=language, source=str(path), translation_of=meta.get("translation_of")
        )
    elif kind == "html":
        intro, blocks, declared = _html_blocks(text)
        language = _language(declared, "\n".join([*intro, *(line for b in blocks for line in (b.heading, *b.lines))]))
        sections = assemble_sections(intro, blocks, doc=doc, language=language, source=str(path))
    else:
        block = HeadingBlock(1, path.stem, None, tuple(text.split("\n")))
        sections = assemble_sections([], [block], doc=doc, language=_language("", text), source=str(path))
    if not any(s.body.strip() for s in sections):
        raise DocumentError(f"document '{path}' has headings but no text")
    return sections


def _language(declared: str, text: str) -> str:
    """The declared language when it is one we serve, else the one the text is written in."""
    return declared if declared in ("ko", "en") else detect_language(text)


def load_documents(paths: Iterable[Path]) -> list[Section]:
    """Sections of every file (folders are walked); raises on the first bad file, before returning any."""
    sections: list[Section] = []
    for path in expand_paths(paths):
        sections.extend(load_document(path))
    return sections
