"""The chat dev set through the real engine: answer-type accuracy per type and language, and no answer withheld."""

from __future__ import annotations

import logging

import pytest

from evals.chat_dataset import ChatCase, load_chat_cases
from evals.chat_report import check_case, converse_with, score_chat


@pytest.fixture(scope="module")
def scores(engine):
    return score_chat(converse_with(engine), load_chat_cases())


def test_every_answer_type_is_right_in_both_languages(scores):
    accuracy = scores.accuracy()
    assert set(accuracy) == {"knowledge", "tool", "clarification", "out_of_scope", "smalltalk", "error", "all"}
    assert accuracy["all"]["all"][1] >= 0.95
    for kind, by_language in accuracy.items():
        for language in ("ko", "en"):
            assert by_language[language][1] >= 0.8, (kind, language, scores.summary()["failures"])


def test_no_answer_is_withheld_by_the_grounding_check(engine, caplog):
    conversation = converse_with(engine)
    with caplog.at_level(logging.ERROR, logger="assistant.engine"):
        for case in load_chat_cases():
            conversation(case.turns)
    assert not [r for r in caplog.records if "grounding" in r.getMessage()]


def test_a_wrong_answer_is_reported_with_what_is_wrong(engine):
    case = ChatCase(id="x", language="en", turns=("hello",), answer_type="tool", tool="route_commands")
    problems = check_case(case, engine.chat("hello"))
    assert problems == ["answer_type smalltalk != tool", "tool [] lacks route_commands"]


def test_the_dataset_is_validated_line_by_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "language": "fr", "turns": ["x"], "answer_type": "tool"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_chat_cases(bad)
