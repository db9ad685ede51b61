"""Questions grouped by meaning, so the same gap asked ten ways counts as one gap asked ten times.

Greedy and deterministic: questions are taken most-asked wording first and each joins the first group whose
founding question is at least `SAME_QUESTION` cosine-similar, else founds a new one. The threshold was read off
the product's own embeddings (USE v3) on twelve questions of the kind the guide does not answer: rewordings of
one question scored 0.54–0.80 (across Korean and English too), questions on different topics below 0.5, but two
different questions of one form ("VPN 신청은 어디서…" / "방화벽 신청은 어디로…") 0.62. A group's questions are
listed, so an owner sees a wrong merge at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["SAME_QUESTION", "QuestionGroup", "group_questions"]

SAME_QUESTION = 0.6
Embed = Callable[[list[str]], list[list[float]]]


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Questions that ask the same thing: the first is the most asked wording; `members` are indexes into the
    questions given."""

    example: str
    members: tuple[int, ...]


def group_questions(questions: Sequence[str], embed: Embed, threshold: float = SAME_QUESTION) -> list[QuestionGroup]:
    """Groups, largest first (ties: in order of first appearance)."""
    if not questions:
        return []
    wordings = list(dict.fromkeys(questions))
    asked = Counter(questions)
    order = sorted(range(len(wordings)), key=lambda i: (-asked[wordings[i]], i))
    vectors = np.asarray(embed(wordings), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    founders: list[int] = []
    joined: dict[int, list[int]] = {}
    for index in order:
        similar = [f for f in founders if float(vectors[index] @ vectors[f]) >= threshold]
        if similar:
            joined[similar[0]].append(index)
        else:
            founders.append(index)
            joined[index] = [index]
    groups = []
    for founder in founders:
        wording_set = {wordings[i] for i in joined[founder]}
        members = tuple(i for i, question in enumerate(questions) if question in wording_set)
        groups.append(QuestionGroup(wordings[founder], members))
    return sorted(groups, key=lambda g: (-len(g.members), g.members[0]))
