"""Glossary matching for query expansion, and rank fusion arithmetic."""

from __future__ import annotations

import pytest

from knowledge.fusion import best_per_group, reciprocal_rank_fusion
from knowledge.glossary import Glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


@pytest.mark.parametrize(
    ("query", "must_include"),
    [
        ("포트 포워딩 설정 어떻게 해요", "port forwarding"),
        ("how to open the firewall", "방화벽"),
        ("고객센터 연락처", "support center"),
        ("group account approval", "그룹계정"),
    ],
    ids=["korean spacing ignored", "english to korean", "korean to english", "multi-word english"],
)
def test_matched_concepts_bridge_the_languages(glossary, query, must_include):
    assert any(must_include in entry.variants for entry, _ in glossary.matches(query))


@pytest.mark.parametrize(
    ("query", "variant"),
    [
        ("open the firewall", "firewall"),
        ("firewall을 열어주세요", "firewall"),
        ("Port Forwarding rules", "port forwarding"),
    ],
)
def test_english_variants_match_whole_words_in_any_case(glossary, query, variant):
    assert variant in {v for _, v in glossary.matches(query)}


def test_english_does_not_match_inside_a_longer_word(glossary):
    assert "firewall" not in {v for _, v in glossary.matches("firewallish")}
    assert "VPN" not in {v for _, v in glossary.matches("vpnsx")}


@pytest.mark.parametrize(
    ("query", "variant"),
    [
        ("How do I create a VM?", "create VM"),
        ("where can I create VMs", "create VM"),
        ("two load balancers", "load balancer"),
        ("open the firewall", "open firewall"),
        ("how do I restart network", "restart the network"),
        ("restart the network please", "restart the network"),
    ],
    ids=[
        "an article inside a phrase",
        "a plural at a phrase's end",
        "a plural word",
        "the inside an open request",
        "a variant's own article is optional",
        "a variant with its article",
    ],
)
def test_english_phrases_match_across_articles_and_plurals(glossary, query, variant):
    assert variant in {v for _, v in glossary.matches(query)}


def test_korean_words_for_the_analyzer_are_single_words(glossary):
    words = glossary.korean_words()
    assert "방화벽" in words and all(" " not in w for w in words)


def test_rrf_adds_weighted_reciprocal_ranks():
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], [1.0, 2.0], k=60)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 2 / 61)
    assert fused["c"] == pytest.approx(2 / 62)


def test_rrf_needs_one_weight_per_ranking():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], [1.0, 1.0])


def test_best_per_group_keeps_the_best_item_of_each_group():
    scores = {"s1:ko": 0.2, "s1:en": 0.5, "s2:ko": 0.3}
    groups = {"s1:ko": "s1", "s1:en": "s1", "s2:ko": "s2"}
    assert best_per_group(scores, groups) == [("s1", "s1:en", 0.5), ("s2", "s2:ko", 0.3)]
