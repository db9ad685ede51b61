"""The driver: the rules in order, applied until nothing changes, on a copy that hides no secret behind
full-width letters or invisible characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from assistant.redaction.commands import ACCOUNT_RULE, COMMAND_RULES
from assistant.redaction.formats import KNOWN_FORMAT_RULES, PRIVATE_KEY_RULES
from assistant.redaction.keywords import KEYWORD_RULES
from assistant.redaction.rule import REDACTED, Rule

__all__ = ["Redaction", "redact_secrets", "redact_values"]


@dataclass(frozen=True, slots=True)
class Redaction:
    """A message with its secrets replaced, and which kinds of secret were found (so the engine can warn the user)."""

    text: str
    kinds: tuple[str, ...]

    @property
    def found(self) -> bool:
        """True when at least one secret was redacted: the engine then tells the user not to paste secrets."""
        return bool(self.kinds)


# Order matters: whole blocks and unmistakable formats first, so the keyword rules after them see "[REDACTED]";
# account pairs after the password words.
_RULES: tuple[Rule, ...] = (*PRIVATE_KEY_RULES, *KNOWN_FORMAT_RULES, *COMMAND_RULES, *KEYWORD_RULES, ACCOUNT_RULE)
_MAX_PASSES = 4


def _apply(text: str, lowered: str, rule: Rule, kinds: set[str]) -> str:
    """Replace every span the rule accepts; a rejected match resumes one character later, so nothing is skipped."""
    if not any(trigger in lowered for trigger in rule.triggers):
        return text
    pieces: list[str] = []
    done = pos = 0
    while (m := rule.pattern.search(text, pos)) is not None:
        found = rule.judge(text, m)
        if not found:
            pos = m.start() + 1
            continue
        for start, end, kind in found if isinstance(found, list) else [found]:  # a list: in order, no overlap
            pieces += [text[done : max(start, done)], REDACTED]
            kinds.add(kind)
            done = max(done, end)
        pos = max(done, m.start() + 1)
    return "".join([*pieces, text[done:]]) if pieces else text


@cache
def _invisible() -> re.Pattern[str]:
    """Format characters (soft hyphen, zero-width space and joiners, bidi marks, BOM, tags...) and the other
    default-ignorable characters that render as nothing (Hangul fillers, variation selectors). Built on first use."""
    codes = [cp for cp in (*range(0x20000), *range(0xE0000, 0xE1000)) if unicodedata.category(chr(cp)) == "Cf"]
    codes += [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164, 0xFFA0]
    codes += [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
    ranges: list[list[int]] = []
    for cp in sorted(set(codes)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if a < b else "") for a, b in ranges)
    return re.compile("[" + "".join(parts) + "]")


def _fold(text: str) -> str:
    """`text` as detection sees it: NFKC ("ｐａｓｓｗｏｒｄ" -> "password") without invisible characters, or `text`
    itself when it is already that (always for ASCII)."""
    if text.isascii():
        return text
    invisible = _invisible()
    if unicodedata.is_normalized("NFKC", text) and invisible.search(text) is None:
        return text
    for _ in range(4):  # removing a joiner can let NFKC compose again: repeat until nothing changes
        folded = invisible.sub("", unicodedata.normalize("NFKC", invisible.sub("", text)))
        if folded == text:
            break
        text = folded
    return text


def _redact(text: str) -> tuple[str, set[str]]:
    kinds: set[str] = set()
    for _ in range(_MAX_PASSES):
        before = text
        lowered = text.lower()  # redaction only removes text, so the triggers found here stay valid for this pass
        for rule in _RULES:
            text = _apply(text, lowered, rule, kinds)
        if text == before:
            break
    return text, kinds


def redact_secrets(text: str) -> Redaction:
    """Replace every password, private key, API key and token value in `text` with REDACTED.

    Detects on `_fold(text)`, so full-width letters and invisible characters hide no secret; when a secret is found
    the redacted text is that folded form, otherwise `text` comes back unchanged. Runs the rules until nothing
    changes (at most a few passes), so redacting twice equals redacting once and "[REDACTED]" itself is never taken
    for a secret.
    """
    redacted, kinds = _redact(_fold(text))
    if not kinds:
        return Redaction(text=text, kinds=())
    return Redaction(text=redacted, kinds=tuple(sorted(kinds)))


def redact_values(fields: Mapping[str, object]) -> dict[str, object]:
    """`fields` with every text value redacted (tool arguments, per-field error details); other values as given."""
    return {key: redact_secrets(value).text if isinstance(value, str) else value for key, value in fields.items()}
