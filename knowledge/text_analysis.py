"""Turning text into index terms: Kiwi morphemes for Korean, stemmed words for English, exact network tokens.

The same analyzer runs over documents and queries, so "방화벽정책을" and "방화벽 정책" meet on the same
morphemes, and "firewalls" meets "firewall". Addresses, CIDRs, e-mails, phone numbers and dotted or hyphenated
names (`10.21.X.0/24`, `ifcfg-eth1`, `Public-LB`) are kept whole, because a customer pasting one means exactly
that one; an address also yields its /16 prefix term (`ip:10.21`) so any server address finds its zone's text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cached_property

__all__ = ["ANALYZER_VERSION", "TextAnalyzer", "detect_language", "normalize_text"]

# Bump when the terms produced for the same text change, so stored terms are recomputed.
ANALYZER_VERSION = "kiwi-terms-3"

_IPV4 = r"(?:\d{1,3}|[xX]{1,2})(?:\.(?:\d{1,3}|[xX]{1,2})){3}(?:/\d{1,2})?"
_SPECIAL = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>https?://[^\s)]+)"
    rf"|(?P<ip>(?<![A-Za-z0-9_.]){_IPV4}(?![A-Za-z0-9_]|\.\d))"
    r"|(?P<phone>(?<![\d-])\d{2,4}-\d{3,4}-\d{4}(?:~\d)?)"
    r"|(?P<compound>(?<![A-Za-z0-9_/])[A-Za-z][A-Za-z0-9]*(?:[-_./][A-Za-z0-9]+)+)"
)
_PLACEHOLDER = " Qzxq"
_PLACEHOLDER_FORM = "qzxq"
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ud800-\udfff\ufffd]"
)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})

# Morpheme tags that carry meaning: nouns, numerals, verb/adjective stems, roots, foreign words, numbers.
_CONTENT_TAGS = {"NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SN", "SH", "VV-R", "VV-I", "VA-R", "VA-I"}
_KOREAN_STOP = {"하", "되", "있", "없", "알리", "주", "보", "수", "것", "등", "때", "어떻", "어떡하", "좀", "가능"}
_ENGLISH_STOP = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "can",
    "could",
    "do",
    "does",
    "for",
    "from",
    "get",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "me",
    "my",
    "need",
    "of",
    "on",
    "or",
    "our",
    "please",
    "should",
    "so",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "to",
    "us",
    "was",
    "we",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
}


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up a fair share of the letters, or when Korean particles are glued to English words
    (a Korean sentence full of product names: "Enterprise Public Zone은 ent-pub로 표시됩니다"), else 'en' (the two
    languages we serve)."""
    text = _LINK_TARGET.sub("]", text)  # "[VM 생성](/guide#vm-creation)": the address is no language
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    latin_words = len(_LATIN_WORD.findall(text))
    particles = len(_GLUED_PARTICLE.findall(text))  # "Zone은", "ent-priv로": Korean grammar on English words
    if not hangul:
        return "en"
    return "ko" if hangul * 3 >= latin or (particles >= 2 and hangul >= latin_words / 2) else "en"


_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_GLUED_PARTICLE = re.compile(r"[A-Za-z0-9)](?:은|는|이|가|을|를|으로|로|에서|에|의|와|과|이나|도)(?![가-힣])")


def normalize_text(text: str) -> str:
    """NFKC, typographic dashes to ASCII, control and zero-width characters removed, whitespace folded."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


class TextAnalyzer:
    """Index terms for Korean and English text; the Kiwi model loads on first use, not at construction."""

    def __init__(self, user_words: tuple[str, ...] = ()) -> None:
        """`user_words`: domain nouns (e.g. the glossary's Korean terms) Kiwi must keep whole."""
        self._lock = threading.Lock()
        self._user_words = user_words

    @cached_property
    def _kiwi(self):
        from kiwipiepy import Kiwi

        with self._lock:
            # One query at a time: no thread pool to fight over 2 cores. Kiwi's proper-noun dictionaries
            # (Wikipedia titles, WikiData names) name nothing in a cloud guide (the glossary adds its terms
            # below) and held 250 MB of each worker (measured: Kiwi 498 MB with them, 245 MB without, same
            # retrieval and answer scores on every eval set).
            kiwi = Kiwi(num_workers=1, load_default_dict=False, load_multi_dict=False)
            for word in self._user_words:
                if word and " " not in word:
                    kiwi.add_user_word(word, "NNP")
            return kiwi

    @cached_property
    def _stemmer(self):
        import Stemmer

        return Stemmer.Stemmer("english")

    def warm_up(self) -> None:
        """Load the models now (at index load) rather than inside the first user request."""
        self.terms("웜업 warm up")

    def _special_terms(self, kind: str, token: str) -> list[str]:
        token = token.lower()
        if kind == "ip":
            octets = token.split("/")[0].split(".")
            return [token, f"ip:{octets[0]}.{octets[1]}"]
        if kind == "compound":
            parts = [p for p in re.split(r"[-_./]", token) if len(p) > 1]
            return [token, *(self._english_term(p) for p in parts if p not in _ENGLISH_STOP)]
        return [token]

    def _english_term(self, word: str) -> str:
        return self._stemmer.stemWord(word.lower())

    def terms(self, text: str) -> list[str]:
        """Index terms of `text`, in order, duplicates kept (BM25 counts them)."""
        text = normalize_text(text)
        terms: list[str] = []

        def set_aside(match: re.Match[str]) -> str:
            terms.extend(self._special_terms(match.lastgroup or "", match.group()))
            return _PLACEHOLDER  # keeps a following particle ("10.21.5.0/24로") attached to a word

        rest = _SPECIAL.sub(set_aside, text)
        if rest.replace(_PLACEHOLDER, "").strip():
            for token in self._kiwi.tokenize(rest):
                form = token.form.lower()
                if token.tag not in _CONTENT_TAGS or form.startswith(_PLACEHOLDER_FORM):
                    continue
                if token.tag == "SL":
                    if form not in _ENGLISH_STOP:
                        terms.append(self._english_term(form))
                elif form not in _KOREAN_STOP:
                    terms.append(form)
        return terms
