"""Bilingual notices: warnings and assumptions the tools attach to their output."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Notice"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One warning or stated assumption, in English and Korean, with the guide section behind it if any."""

    english: str
    korean: str
    section_id: str | None = None
    direction: str | None = None
    """For a two-way result (routes): the direction the notice is about ("forward", "reverse"), None for both."""

    def message(self, language: str = "en") -> str:
        return self.korean if language == "ko" else self.english
