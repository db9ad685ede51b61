"""The indexed sections' text, per section and language: what answers quote and what grounding checks against."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.index_files import ChunkRecord

__all__ = ["SectionLibrary", "SectionText"]

_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)


@dataclass(frozen=True, slots=True)
class SectionText:
    """One section in one language: the guide's title (verbatim, Korean), its heading here, sentences, code."""

    section_id: str
    language: str
    title: str
    heading: str
    url: str
    text: str
    sentences: tuple[str, ...]
    code_blocks: tuple[str, ...]


def _join(records: list[ChunkRecord]) -> SectionText:
    first = records[0].metadata
    heading = str(first.get("heading") or first["title"])
    prefix = f"{heading}: "
    text = "\n\n".join(r.text for r in records)
    return SectionText(
        section_id=str(first["section_id"]),
        language=str(first["language"]),
        title=str(first["title"]),
        heading=heading,
        url=str(first.get("url") or ""),
        text=text,
        sentences=tuple(s.removeprefix(prefix) for r in records for s in r.sentences),
        code_blocks=tuple(block.rstrip("\n") for block in _FENCE.findall(text)),
    )


class SectionLibrary:
    """Sections by id and language, from the index's records (the guide and any documents added to it)."""

    def __init__(self, records: Iterable[ChunkRecord]) -> None:
        grouped: dict[tuple[str, str], list[ChunkRecord]] = {}
        for record in records:
            key = (str(record.metadata["section_id"]), str(record.metadata["language"]))
            grouped.setdefault(key, []).append(record)
        self._sections = {
            key: _join(sorted(group, key=lambda r: int(r.metadata.get("part", 0)))) for key, group in grouped.items()
        }

    def get(self, section_id: str, language: str) -> SectionText | None:
        """The section in `language`, or in the other language when it has no translation."""
        found = self._sections.get((section_id, language))
        if found is None:
            found = next((s for (sid, _), s in self._sections.items() if sid == section_id), None)
        return found

    def section_ids(self) -> list[str]:
        """Every section id, in the order the index holds them (the guide's order)."""
        return list(dict.fromkeys(sid for sid, _ in self._sections))

    def all_languages(self, section_id: str) -> list[SectionText]:
        return [s for (sid, _), s in self._sections.items() if sid == section_id]

    def title_of(self, section_id: str) -> str:
        """The section's heading in the guide (Korean), or the id itself for a section no longer indexed."""
        section = self.get(section_id, "ko")
        return section.title if section is not None else section_id
