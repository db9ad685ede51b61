"""The bilingual glossary: one concept per entry, in Korean and English, for query expansion.

A Korean question about "방화벽" also searches the English companion for "firewall", an English question about
"port forwarding" also searches the Korean text for "포트포워딩", and an informal variant ("파이어월") meets the
guide's word. Korean matching ignores spacing, since customers often write "포트 포워딩" or "포트포워딩".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_GLOSSARY", "Glossary", "GlossaryEntry"]

DEFAULT_GLOSSARY = Path(__file__).resolve().parent / "sources" / "glossary.toml"


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    ko: tuple[str, ...]
    en: tuple[str, ...]

    @property
    def variants(self) -> tuple[str, ...]:
        return self.ko + self.en


@dataclass(frozen=True, slots=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_GLOSSARY) -> Glossary:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(GlossaryEntry(tuple(t.get("ko", ())), tuple(t.get("en", ()))) for t in data.get("term", ())))

    def korean_words(self) -> tuple[str, ...]:
        """Single Korean nouns of the glossary, for the morphological analyzer's user dictionary."""
        words = {w for e in self.entries for w in e.ko if " " not in w and not w.endswith(("하기", "하다"))}
        return tuple(sorted(words))

    def matches(self, query: str) -> list[tuple[GlossaryEntry, str]]:
        """(entry, the variant found) for each variant in the query.

        Korean variants match as substrings ignoring spaces; English ones as whole words, case-insensitively.
        """
        lowered = query.lower()
        compact = re.sub(r"\s+", "", lowered)
        found = []
        for entry in self.entries:
            found += [(entry, k) for k in entry.ko if k and k.replace(" ", "").lower() in compact]
            found += [
                (entry, e)
                for e in entry.en
                if e and re.search(rf"(?<![a-z0-9]){re.escape(e.lower())}(?![a-z0-9])", lowered)
            ]
        return found

    def expansion(self, query: str) -> str:
        """Every variant of every matched concept, as one text to analyze next to the query."""
        entries = dict.fromkeys(entry for entry, _ in self.matches(query))
        return " ".join(v for entry in entries for v in entry.variants)
