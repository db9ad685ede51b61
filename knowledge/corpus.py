"""What gets indexed: the built-in guide plus documents a user added."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge.chunking import Chunk, chunk_sections
from knowledge.errors import DocumentError
from knowledge.guide import load_guide
from knowledge.loaders import load_documents
from knowledge.sections import Section

__all__ = ["collect_chunks"]


def _check_unique_docs(sections: list[Section]) -> None:
    """Two files that would share a doc id (and so overwrite each other's chunks) are an error, not a merge."""
    source_of: dict[tuple[str, str], str] = {}
    for section in sections:
        key = (section.doc, section.language)
        first = source_of.setdefault(key, section.source)
        if first != section.source:
            raise DocumentError(
                f"documents '{first}' and '{section.source}' both have the id '{section.doc}' ({section.language}):"
                " rename one or give it a `doc:` line in its front matter"
            )


def collect_chunks(extra_docs: Iterable[Path] = ()) -> list[Chunk]:
    """Chunks of the guide and of every extra document; raises `DocumentError` before returning any."""
    sections = load_guide() + load_documents(extra_docs)
    _check_unique_docs(sections)
    return chunk_sections(sections)
