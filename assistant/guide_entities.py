"""The guide's named things that come in families — the three load balancers, the three firewalls, the two
zones, the two server OSes — so an answer can tell "which firewall blocks the Inter-LB's IP?" needs the sentence
about the Inter-LB, not the one about the Private-LB next to it. Data only, in both languages."""

from __future__ import annotations

import re

__all__ = ["FAMILIES", "SUBJECTS", "members_named", "spans_of", "subjects_named"]

_FAMILY_MEMBERS: dict[str, dict[str, str]] = {
    "load balancer": {
        "public-lb": r"public[\s-]*lb|퍼블릭\s*lb",
        "private-lb": r"private[\s-]*lb|프라이빗\s*lb",
        "inter-lb": r"inter[\s-]*lb|인터\s*lb",
    },
    "security device": {
        "public f/w": r"public\s*(?:f/?w|firewall)|퍼블릭\s*(?:f/?w|방화벽)",
        "private f/w": r"private\s*(?:f/?w|firewall)|프라이빗\s*(?:f/?w|방화벽)",
        "inter-f/w": r"inter[\s-]*(?:f/?w|firewall)",
    },
    "os": {
        "windows": r"windows|윈도우|윈도",
        "linux": r"linux|리눅스|centos|ubuntu|rhel|우분투|센토스",
    },
    "zone": {
        "public zone": r"public\s*zone|퍼블릭\s*존|public존|ent-pub",
        "private zone": r"private\s*zone|프라이빗\s*존|private존|ent-priv",
    },
}
FAMILIES: dict[str, dict[str, re.Pattern[str]]] = {
    family: {name: re.compile(rf"(?<![A-Za-z]){pattern}(?![A-Za-z])", re.I) for name, pattern in members.items()}
    for family, members in _FAMILY_MEMBERS.items()
}


SUBJECTS: dict[str, re.Pattern[str]] = {
    "load balancer": re.compile(r"(?<![A-Za-z])(?:lb|[a-z]+-lb|load\s*balancers?)(?![A-Za-z])|로드\s*밸런서", re.I),
}
"""Things a sentence can be about that a question about something else does not want: the LB section repeats
the firewall request contact "for LBs too", which is not the answer to "where do I request a firewall policy?"."""


def subjects_named(text: str) -> set[str]:
    return {name for name, pattern in SUBJECTS.items() if pattern.search(text)}


def members_named(text: str) -> dict[str, set[str]]:
    """Family → the members the text names ("Inter-LB … Private F/W" → load balancer: inter-lb, firewall: …)."""
    named: dict[str, set[str]] = {}
    for family, members in FAMILIES.items():
        found = {name for name, pattern in members.items() if pattern.search(text)}
        if found:
            named[family] = found
    return named


def spans_of(text: str) -> list[tuple[str, str, int, int]]:
    """(family, member, start, end) of every member the text names, in order."""
    found = [
        (family, name, m.start(), m.end())
        for family, members in FAMILIES.items()
        for name, pattern in members.items()
        for m in pattern.finditer(text)
    ]
    return sorted(found, key=lambda item: item[2])
