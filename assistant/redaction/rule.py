"""What every redaction rule is made of: the replacement text, a span, and a rule (pattern, judge, triggers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["REDACTED", "Rule", "Span"]

REDACTED = "[REDACTED]"
Span = tuple[int, int, str]
"""(start, end, kind) of a secret value in the text."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, the judge that turns a match into a span to redact (or None), and lower-case trigger substrings:
    the rule runs only when one of them is in the message, which keeps an ordinary message cheap."""

    pattern: re.Pattern[str]
    judge: Callable[[str, re.Match[str]], Span | list[Span] | None]
    triggers: tuple[str, ...]
