"""Read documents a user adds (Markdown, HTML, plain text) into sections.

Loading is all-or-nothing per call: every path is read and checked before anything reaches the index, so a
bad file fails the build with a one-line error and leaves what is already indexed untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge.errors import DocumentError
from knowledge.sections import Section, parse_front_matter, parse_markdown_sections, slugify
from knowledge.text_analysis import detect_language

__all__ = ["SUPPORTED_SUFFIXES", "expand_paths", "load_document", "load_documents"]

SUPPORTED_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text"}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus the supported files found under folders, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(f"document '{path}' does not exist")
    return files


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


def _html_to_markdown(html: str) -> tuple[str, str]:
    """Headings become Markdown headings, everything else its visible text; page chrome is dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "form", "noscript", "aside"]):
        tag.decompose()
    lang = (soup.html.get("lang", "") if soup.html else "") or ""
    lines: list[str] = []
    body = soup.body or soup
    for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td", "th"]):
        if element.find_parent(["p", "li", "pre", "td", "th"]) is not None:
            continue
        text = element.get_text("\n" if element.name == "pre" else " ", strip=element.name != "pre")
        if not text.strip():
            continue
        if element.name.startswith("h"):
            anchor = element.get("id")
            suffix = f" {{#{anchor}}}" if anchor else ""
            lines.append(f"\n{'#' * int(element.name[1])} {' '.join(text.split())}{suffix}\n")
        elif element.name == "pre":
            lines.append(f"```\n{text.rstrip()}\n```")
        elif element.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return "\n".join(lines), lang.split("-")[0].lower()


def load_document(path: Path) -> list[Section]:
    """Sections of one Markdown, HTML or plain-text file; the doc id is the file's stem."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(f"document '{path}' has unsupported type '{path.suffix}' (supported: {supported})")
    text = _read_text(path)
    meta: dict[str, str] = {}
    declared_language = ""
    if kind == "markdown":
        meta, text = parse_front_matter(text)
    elif kind == "html":
        text, declared_language = _html_to_markdown(text)
    else:
        text = f"# {path.stem}\n\n{text}"
    if not text.strip():
        raise DocumentError(f"document '{path}' has no text")
    doc = meta.get("doc") or slugify(path.stem)
    language = meta.get("language") or declared_language or detect_language(text)
    if language not in ("ko", "en"):
        language = detect_language(text)
    sections = parse_markdown_sections(
        text, doc=doc, language=language, source=str(path), translation_of=meta.get("translation_of")
    )
    if not any(s.body.strip() for s in sections):
        raise DocumentError(f"document '{path}' has headings but no text")
    return sections


def load_documents(paths: Iterable[Path]) -> list[Section]:
    """Sections of every file (folders are walked); raises on the first bad file, before returning any."""
    sections: list[Section] = []
    for path in expand_paths(paths):
        sections.extend(load_document(path))
    return sections
