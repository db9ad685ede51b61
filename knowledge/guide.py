"""The built-in knowledge base: the official Enterprise Cloud guide, in Korean with an English companion."""

from __future__ import annotations

from pathlib import Path

from knowledge.sections import GUIDE_DOC, Section, parse_front_matter, parse_markdown_sections

__all__ = ["GUIDE_DOC", "GUIDE_FILES", "SOURCES_DIR", "load_guide", "section_titles"]

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
GUIDE_FILES = (SOURCES_DIR / f"{GUIDE_DOC}.ko.md", SOURCES_DIR / f"{GUIDE_DOC}.en.md")


def _parse(path: Path, original_titles: dict[str, str] | None = None) -> list[Section]:
    meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
    return parse_markdown_sections(
        body,
        doc=meta.get("doc", GUIDE_DOC),
        language=meta["language"],
        source=path.name,
        original_titles=original_titles,
        translation_of=meta.get("translation_of"),
    )


def load_guide() -> list[Section]:
    """Korean sections first, then their English translations titled with the Korean headings.

    Translations carry the original's heading as `title` so a citation always quotes the guide verbatim,
    whichever language matched.
    """
    korean = _parse(GUIDE_FILES[0])
    titles = {s.section_id: s.title for s in korean}
    return korean + _parse(GUIDE_FILES[1], original_titles=titles)


def section_titles() -> dict[str, str]:
    """Section id → the guide's Korean heading, verbatim."""
    return {s.section_id: s.title for s in _parse(GUIDE_FILES[0])}
