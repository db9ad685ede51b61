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


class Glossary:
    """The glossary's concepts, with their variants indexed once for matching inside queries."""

    def __init__(self, entries: tuple[GlossaryEntry, ...]) -> None:
        self.entries = entries
        self._korean = [(k.replace(" ", "").lower(), entry, k) for entry in entries for k in entry.ko if k]
        english: dict[str, list[tuple[GlossaryEntry, str]]] = {}
        for entry in entries:
            for e in entry.en:
                if e:  # articles go as they go from queries: "restart the network" is "restart network"
                    english.setdefault(_ARTICLES.sub("", e.lower()), []).append((entry, e))
        self._english = english
        # Every word start where some phrase begins (found by lookahead, so overlapping ones too); where a phrase
        # ends, plurals included, is `_ends_word`'s to say.
        alternatives = "|".join(re.escape(e) for e in sorted(english, key=len, reverse=True))
        self._english_pattern = re.compile(rf"(?<![a-z0-9])(?=(?:{alternatives}))") if english else None

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
        lowered = _ARTICLES.sub("", lowered)  # "create a VM", "open the firewall" meet "create VM", "open firewall"
        found = [(entry, variant) for key, entry, variant in self._korean if key in compact]
        if self._english_pattern is not None:
            words = dict.fromkeys(self._find_english(lowered))
            found += [pair for word in words for pair in self._english[word]]
        return found

    def _find_english(self, lowered: str) -> list[str]:
        """Every glossary phrase at every word start, including shorter phrases inside longer ones."""
        hits = []
        for match in self._english_pattern.finditer(lowered):
            start = match.start()
            hits += [e for e in self._english if lowered.startswith(e, start) and _ends_word(lowered, start + len(e))]
        return hits


_ARTICLES = re.compile(r"(?<![a-z0-9])(?:a|an|the)\s+(?=[a-z0-9])")


def _ends_word(text: str, end: int) -> bool:
    """A phrase ends a word at `end`, or after a plural ending there ("VMs", "load balancers", "create VMs")."""
    for suffix in ("", "s", "es"):
        if text.startswith(suffix, end):
            after = end + len(suffix)
            if after == len(text) or not text[after].isascii() or not text[after].isalnum():
                return True
    return False
