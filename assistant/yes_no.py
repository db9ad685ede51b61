"""Yes or no, from the guide sentence that answers a yes/no question: "컨설팅 없이 쓸 수 있나요?" meets
"컨설팅을 통해서만 활성화됩니다" — no. Only clear cases get a yes or a no; otherwise the answer just leads with
the sentence, which is never wrong.

The cues, in order: the question leaves out what the guide says is the only way (without / only); it asks to do
by hand what the guide says happens automatically or is done by someone else; it names an OS the guide's
sentence excludes; both speak of a need (yes); the sentence denies what the question asks is possible, or agrees
with a negative question; both speak of a possibility (yes).
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.guide_entities import members_named, spans_of
from assistant.question_kind import asking_clause

__all__ = ["Polarity", "polarity", "settles"]

Polarity = Literal["yes", "no"]

_Q_WITHOUT = re.compile(
    r"없이|안\s*(?:거치|하고|받고|해도|하더라도)|않(?:아|고)도|없어도|말고|빼고|생략|건너뛰|without|skip|bypass|"
    r"instead of|straight away",
    re.I,
)
_ONLY = re.compile(r"[가-힣]만\b|(?:에서|통해서|경우에)만|\bonly\b", re.I)
_Q_SELF = re.compile(
    r"직접|저희가|제가|우리가|수동|손으로|따로|myself|ourselves|by (?:my|our)sel(?:f|ves)|manually|by hand|"
    r"on (?:my|our) own|separate(?:ly)?|write .* (?:myself|ourselves)",
    re.I,
)
_OTHER_AGENT = re.compile(r"자동|automatic|운영센터|operations center|담당자가|manager will|the support center", re.I)
_NEGATIVE = re.compile(
    r"불가|없습니다|없게|않|못|차단|불필요|안\s*됩|cannot|can't|can not|\bnot\b|unnecessary|blocked|no longer|\bno\b",
    re.I,
)
_Q_NEGATIVE = re.compile(
    r"안\s*(?:쓰|되|하|써|돼)|않|못|없나|막혀|막힌|막혔|막고|차단|\bnot\b|n't\b|\bno\b|blocked|blocking", re.I
)
"""A question about a negative state ("방화벽에서 막혀 있나요?") is answered yes by a sentence saying it is."""
_NEED = re.compile(
    r"[가-힣]야\s*(?:합|하|해|돼|되|함|한다)|해야|필요|꼭|반드시|\bneed|have to|\bmust\b|required|necessary|should",
    re.I,
)
"""Any "-어야 하다" ("설정되어 있어야 합니다", "해줘야 되나요"), not only "해야"."""
_POSSIBLE = re.compile(
    r"가능|수\s*있|되나요|돼요|되요|될까요|\bcan\b|possible|able to|allowed|available|\bmay\b|any way", re.I
)
_WINDOWS = re.compile(r"윈도우|windows", re.I)
_LINUX_ONLY = re.compile(r"리눅스[^.]*(?:에서만|경우에만)|linux[^.]*\bonly\b|only (?:on|for) linux", re.I)
_WINDOWS_AUTOMATIC = re.compile(r"윈도우[^.]*자동|windows[^.]*automatic", re.I)


def _names_another(question: str, answer: str) -> bool:
    """The sentence is about what the question is about (the first family member it names) and gives another
    member where the question names one: "Inter-LB in the public zone?" — "Inter-LB … in the Private Zone"."""
    mentions = spans_of(question)
    if not mentions:
        return False
    subject_family, subject = mentions[0][0], mentions[0][1]
    in_answer = members_named(answer)
    if subject not in in_answer.get(subject_family, set()):
        return False
    asked = members_named(question)
    return any(
        family in in_answer and not (in_answer[family] & members)
        for family, members in asked.items()
        if family != subject_family
    )


def polarity(question: str, answer: str) -> Polarity | None:
    """'yes' or 'no' when the guide's `answer` sentence clearly settles the yes/no `question`; None otherwise."""
    if _WINDOWS.search(question) and (_LINUX_ONLY.search(answer) or _WINDOWS_AUTOMATIC.search(answer)):
        return "no"
    if _names_another(question, answer):
        return "no"
    if _Q_WITHOUT.search(question) and (_ONLY.search(answer) or _NEED.search(answer)):
        return "no"  # doing without what the guide says is the only way, or is needed
    if _Q_SELF.search(question) and _OTHER_AGENT.search(answer):
        return "no"
    if _NEED.search(question) and _NEED.search(answer):
        return "yes"
    if _NEGATIVE.search(answer):  # negated or not in what it asks, not in the background ("we have no VPN yet")
        return "yes" if _Q_NEGATIVE.search(asking_clause(question)) else "no"
    if _POSSIBLE.search(question) and (_POSSIBLE.search(answer) or _NEED.search(answer)):
        return "yes"
    return None


def settles(question: str, sentence: str) -> bool:
    """Whether the sentence says yes or no to the question: the sentence a yes/no answer should lead with."""
    return polarity(question, sentence) is not None
