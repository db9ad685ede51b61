"""A follow-up read as the question it stands for, so it can be answered on its own: a correction applied to the
question it corrects ("private LB IP는 어느 방화벽?" + "아 아니 private 말고 public이요" → "public LB IP는 어느
방화벽?"), a sibling swapped in ("…public zone?" + "and private zone?"), a pronoun resolved to the one thing the
question named ("what is Inter-LB?" + "can I create it in the public zone?").

Only what the words make certain is rewritten; otherwise the follow-up is searched with its topic as context.
"""

from __future__ import annotations

import re

from assistant.guide_entities import FAMILIES, spans_of

__all__ = ["rewrite_follow_up"]

_KO_CORRECTION = re.compile(
    r"(?P<old>[A-Za-z0-9가-힣./-]+?)\s*(?:이|가|은|는)?\s*(?:말고|아니고|아니라)\s*,?\s*(?P<new>[A-Za-z0-9가-힣./-]+?)"
    r"(?:이요|요|입니다|이에요|예요|으로|로|이|가|을|를)?\s*[.?!~]*\s*$"
)
_EN_CORRECTION = (
    re.compile(r"\b(?:i\s+)?meant\s+(?P<new>[\w./-]+)(?:\s+zone)?\s*,?\s+not\s+(?P<old>[\w./-]+)", re.I),
    re.compile(r"\bnot\s+(?P<old>[\w./-]+)\s*,?\s*(?:but\s+)?(?P<new>[\w./-]+)\s*[.?!]*\s*$", re.I),
    re.compile(r"(?P<new>[\w./-]+)\s*,?\s+not\s+(?P<old>[\w./-]+)\s*[.?!]*\s*$", re.I),
)
_PRONOUN = re.compile(r"\b(?:it|that|this one|them)\b|그건|그거|그게|이건|이거", re.I)


def _replace_word(text: str, old: str, new: str) -> str | None:
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(old)}(?![A-Za-z0-9])", re.I)
    return pattern.sub(new, text, count=1) if pattern.search(text) else None


def _correction(topic: str, follow_up: str) -> str | None:
    for pattern in (_KO_CORRECTION, *_EN_CORRECTION):
        if (m := pattern.search(follow_up)) is not None:
            rewritten = _replace_word(topic, m.group("old"), m.group("new"))
            if rewritten is not None:
                return rewritten
    return None


def _sibling(topic: str, follow_up: str) -> str | None:
    """ "…public zone?" + "and private zone?": the follow-up names another member of a family the topic names."""
    asked = spans_of(follow_up)
    named = spans_of(topic)
    if len(asked) != 1:
        return None
    family, member, _, _ = asked[0]
    before = [item for item in named if item[0] == family and item[1] != member]
    if len(before) != 1 or any(item[1] == member for item in named):
        return None
    _, _, start, end = before[0]
    shown = FAMILIES[family][member].pattern  # the member's name as the follow-up wrote it
    written = re.search(shown, follow_up, re.I)
    return f"{topic[:start]}{written.group(0) if written else member}{topic[end:]}"


def _pronoun(topic: str, follow_up: str) -> str | None:
    named = {(family, member) for family, member, _, _ in spans_of(topic)}
    if len(named) != 1 or not _PRONOUN.search(follow_up):
        return None
    _, member = next(iter(named))
    return _PRONOUN.sub(member, follow_up, count=1)


def rewrite_follow_up(topic: str, follow_up: str) -> str | None:
    """The follow-up as a question of its own, or None when nothing certain can be rewritten."""
    return _correction(topic, follow_up) or _sibling(topic, follow_up) or _pronoun(topic, follow_up)
