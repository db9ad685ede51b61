"""What kind of value a question expects in its answer — a contact, a duration, an address range, a menu or
button, an organisation, a document — and whether a guide sentence holds one: classic question answering's
"answer type", the cheapest strong cue for which sentence answers ("어떤 대역?" wants the sentence with a range).
"""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["ExpectedValue", "expected_values", "holds"]


class ExpectedValue(Enum):
    CONTACT = "contact"
    DURATION = "duration"
    ADDRESS_RANGE = "address_range"
    INTERFACE_LABEL = "interface_label"
    ORGANISATION = "organisation"
    DOCUMENT = "document"


_ASKS_FOR: dict[ExpectedValue, re.Pattern[str]] = {
    ExpectedValue.CONTACT: re.compile(r"연락처|전화|이메일|메일\s*주소|phone|e-?mail|contact|call", re.I),
    ExpectedValue.DURATION: re.compile(
        r"얼마나|며칠|몇\s*일|기간|걸리|소요|how long|how many days|how soon|timeline", re.I
    ),
    ExpectedValue.ADDRESS_RANGE: re.compile(
        r"대역|범위|어떤\s*ip|ip\s*(?:가|는|이)?\s*(?:뭐|어떻게)|\brange|cidr|which ips?|ip block|address(?:es)? from",
        re.I,
    ),
    ExpectedValue.INTERFACE_LABEL: re.compile(
        r"메뉴|버튼|탭|링크|체크|옵션|클릭|누르|어디서|어디에|menu|button|\btab\b|link|click|tick|check(?:box)?|"
        r"option|where (?:in|on|is|do|can|should)|in the portal|on the portal",
        re.I,
    ),
    ExpectedValue.ORGANISATION: re.compile(
        r"누가|누구|어느\s*(?:조직|업체|부서|팀|회사|곳)|어디(?:에서|서)\s*(?:처리|만들어|생성)|\bwho\b|whom|"
        r"which (?:team|company|vendor|department|organi[sz]ation)",
        re.I,
    ),
    ExpectedValue.DOCUMENT: re.compile(r"문서|매뉴얼|양식|서식|신청서|manual|document|\bform\b|template", re.I),
}
_HOLDS: dict[ExpectedValue, re.Pattern[str]] = {
    ExpectedValue.CONTACT: re.compile(r"[\w.+-]+@[\w-]+\.|\d{2,4}-\d{3,4}-\d{4}"),
    ExpectedValue.DURATION: re.compile(r"\d+\s*(?:일|시간|영업일)|\b\d+\s*(?:business )?(?:days?|hours?)\b", re.I),
    ExpectedValue.ADDRESS_RANGE: re.compile(r"\d+\.\d+\.(?:\d+|X)\.(?:\d+|X)(?:/\d+)?"),
    ExpectedValue.INTERFACE_LABEL: re.compile(r"'[^']+'|\"[^\"]+\"|탭|메뉴|버튼|\bmenu|\btab\b|\bbutton", re.I),
    ExpectedValue.ORGANISATION: re.compile(
        r"운영센터|담당자|고객센터|업체|윈스테크넷|매니지드|operations center|manager|support center|wins|managed", re.I
    ),
    ExpectedValue.DOCUMENT: re.compile(r"매뉴얼|가이드|양식|신청서|첨부|manual|guide|form|attach", re.I),
}


def expected_values(question: str) -> frozenset[ExpectedValue]:
    """The kinds of value the question asks for (empty when it names none)."""
    return frozenset(kind for kind, pattern in _ASKS_FOR.items() if pattern.search(question))


def holds(sentence: str, kind: ExpectedValue) -> bool:
    return bool(_HOLDS[kind].search(sentence))
