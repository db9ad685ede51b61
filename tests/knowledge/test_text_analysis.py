"""Index terms: real Kiwi morphemes for Korean, stemmed English, network tokens kept whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.text_analysis import TextAnalyzer, normalize_text


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer(user_words=("포트포워딩", "그룹계정"))


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("방화벽정책을 신청했어요", ["방화벽", "정책", "신청"], ["을", "어요"]),
        ("고객센터에 요청하세요", ["고객", "센터", "요청"], ["에"]),
        ("포트포워딩은 어떻게", ["포트포워딩"], ["은"]),
        ("How do I open the firewalls?", ["open", "firewal"], ["how", "the"]),
    ],
    ids=["compound noun and particle", "particle dropped", "user word kept whole", "english stemmed, stopwords"],
)
def test_terms_are_morphemes_not_whitespace_words(analyzer, text, expected, absent):
    terms = analyzer.terms(text)
    for term in expected:
        assert term in terms
    for term in absent:
        assert term not in terms


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("Private 존 10.21.5.0/24로 라우팅", ["10.21.5.0/24", "ip:10.21"]),
        ("서버(10.20.X.2)에서", ["10.20.x.2", "ip:10.20"]),
        ("문의: mss1@wins21.co.kr, 031-622-8592~4", ["mss1@wins21.co.kr", "031-622-8592~4"]),
        ("cp ifcfg-eth0 ifcfg-eth1", ["ifcfg-eth0", "ifcfg-eth1", "eth1"]),
        ("Public-LB는 F/W에서 차단", ["public-lb", "lb", "f/w", "차단"]),
        ("route add –net 10.21.X.0", ["rout", "add", "net", "10.21.x.0"]),
    ],
)
def test_network_tokens_stay_whole(analyzer, text, whole):
    terms = analyzer.terms(text)
    for term in whole:
        assert term in terms


def test_normalize_removes_control_and_zero_width_characters():
    assert normalize_text("라우팅\x00\x07 설정\u200b\n\t끝") == "라우팅 설정 끝"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_clean_terms(text):
    terms = ANALYZER.terms(text)
    assert all(term and term == term.strip() and " " not in term for term in terms)


ANALYZER = TextAnalyzer()
