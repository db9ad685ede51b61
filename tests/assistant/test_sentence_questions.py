"""The example questions each guide sentence answers: they point at sentences that exist, share nothing with the
evaluation sets, are embedded once and cached, and lead the answer to the sentence a reworded question asks for
(wordings of our own, in both languages, none of them in the examples)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.guide_units import units_of
from assistant.sentence_questions import EXAMPLES, SentenceQuestions, load_examples
from evals.fact_checks import lead_sentence

DATASETS = Path(__file__).resolve().parents[2] / "evals" / "datasets"


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def test_every_example_names_a_sentence_of_the_guide_in_both_languages(engine):
    examples = load_examples()
    sentences = {
        (unit.section_id, unit.position)
        for section_id in engine.library.section_ids()
        for unit in units_of(engine.library.get(section_id, "ko"))
    }
    assert len(examples) >= 500
    assert {(e.section_id, e.position) for e in examples} <= sentences
    per_language = Counter(e.language for e in examples)
    assert per_language["ko"] == per_language["en"]


def test_no_example_is_a_question_of_an_evaluation_set():
    asked = set()
    for dataset in DATASETS.glob("*.jsonl"):
        for line in dataset.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                asked.update(_normalised(turn) for turn in row.get("turns", [row.get("question", "")]) if turn)
    assert not {_normalised(e.text) for e in load_examples()} & asked


class _Counting:
    """The real embeddings, counting the texts embedded."""

    def __init__(self, embeddings) -> None:
        self.embeddings, self.embedded = embeddings, 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return self.embeddings.embed_documents(texts)

    def embed_query(self, text):
        return self.embeddings.embed_query(text)


def test_the_examples_are_embedded_once_and_then_read_from_the_cache(engine, tmp_path):
    first = _Counting(engine.index.embeddings)
    SentenceQuestions(first, "use-v3", tmp_path).ensure()
    again = _Counting(engine.index.embeddings)
    likeness = SentenceQuestions(again, "use-v3", tmp_path).likeness("VPN은 어디서 신청해요?")
    assert first.embedded == len(load_examples()) and again.embedded == 0
    assert max(likeness, key=likeness.get)[0] == "vpn"
    assert EXAMPLES.exists()


@pytest.mark.parametrize(
    ("question", "leads_with"),
    [
        ("라우팅 넣은 뒤에 통신되는지 테스트는 어떻게 하나요?", "ping"),
        ("Routes are in on both servers now. What's the way to test that they can reach each other?", "ping"),
        ("VPN 메뉴가 포탈 어디 있어요?", "공용 VPN"),
        ("In the portal, where's the VPN menu?", "Shared VPN"),
    ],
    ids=["verify routes ko", "verify routes en", "vpn menu ko", "vpn menu en"],
)
def test_a_reworded_question_leads_with_the_sentence_it_asks_for(engine, question, leads_with):
    response = engine.chat(question)
    assert response.answer_type == "knowledge"
    assert leads_with.casefold() in lead_sentence(response.answer).casefold()
