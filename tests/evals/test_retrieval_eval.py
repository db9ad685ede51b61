"""The retrieval datasets, the metrics (cross-checked with ranx), the naive baseline, and the quality targets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evals.naive_baseline import fixed_chunks
from evals.ranking_metrics import hit_at, reciprocal_rank
from evals.retrieval_dataset import load_cases
from evals.retrieval_report import CaseResult, RetrievalScores, score_system
from knowledge.guide import section_titles

SECTION_IDS = set(section_titles())


@pytest.mark.parametrize(("name", "minimum"), [("dev", 80), ("paraphrase", 60), ("holdout", 40)])
def test_datasets_are_bilingual_labelled_with_real_sections(name, minimum):
    cases = load_cases(name)
    assert len(cases) >= minimum
    korean = sum(c.language == "ko" for c in cases)
    assert korean * 2 == len(cases)  # half Korean, half English
    assert len({c.id for c in cases}) == len(cases)
    for case in cases:
        assert set(case.section_ids) <= SECTION_IDS, case.id
    assert {s for c in cases for s in c.section_ids} == SECTION_IDS  # every section is asked about


def test_tuning_sets_and_holdout_share_no_question():
    tuning = {c.question for name in ("dev", "paraphrase") for c in load_cases(name)}
    assert not tuning & {c.question for c in load_cases("holdout")}


def test_a_bad_dataset_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "language": "fr", "question": "q", "section_ids": ["vpn"]}\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_cases(path)


sections = st.sampled_from(sorted(SECTION_IDS))


@settings(max_examples=60, deadline=None)
@given(
    runs=st.lists(
        st.tuples(st.lists(sections, min_size=1, max_size=8, unique=True), st.lists(sections, min_size=1, max_size=2)),
        min_size=1,
        max_size=12,
    )
)
def test_metrics_agree_with_ranx(runs):
    from ranx import Qrels, Run, evaluate

    qrels = Qrels({f"q{i}": {g: 1 for g in gold} for i, (_, gold) in enumerate(runs)})
    run = Run({f"q{i}": {s: 100.0 - r for r, s in enumerate(ranked)} for i, (ranked, _) in enumerate(runs)})
    expected = evaluate(qrels, run, ["hit_rate@1", "hit_rate@3", "mrr"], make_comparable=True)
    scores = RetrievalScores(
        "x", tuple(CaseResult(f"q{i}", "ko", "", tuple(gold), tuple(ranked)) for i, (ranked, gold) in enumerate(runs))
    )
    metrics = scores.metrics()
    assert metrics["hit@1"] == pytest.approx(expected["hit_rate@1"])
    assert metrics["hit@3"] == pytest.approx(expected["hit_rate@3"])
    assert metrics["mrr"] == pytest.approx(expected["mrr"])


@pytest.mark.parametrize(
    ("ranked", "gold", "hit1", "hit3", "rr"),
    [
        (["a", "b", "c"], ["a"], 1, 1, 1.0),
        (["a", "b", "c"], ["c", "z"], 0, 1, 1 / 3),
        (["a", "b", "c", "d"], ["d"], 0, 0, 1 / 4),
        (["a"], ["z"], 0, 0, 0.0),
    ],
    ids=["first", "third of two golds", "fourth", "missing"],
)
def test_metric_definitions(ranked, gold, hit1, hit3, rr):
    assert (hit_at(ranked, gold, 1), hit_at(ranked, gold, 3), reciprocal_rank(ranked, gold)) == (hit1, hit3, rr)


def test_naive_baseline_chunks_cover_the_guide_with_fixed_windows():
    chunks = fixed_chunks(500, 100)
    assert all(len(text) <= 500 for text, _ in chunks)
    assert {section for _, section in chunks} <= SECTION_IDS
    assert "route add -net 10.21.X.0" in "".join(text for text, _ in chunks)


def test_a_failing_ranker_is_an_error_not_a_skipped_case():
    def broken(question: str) -> list[str]:
        raise RuntimeError("retriever down")

    with pytest.raises(RuntimeError):
        score_system("broken", broken, load_cases("dev")[:3])


@pytest.fixture(scope="module")
def dev_scores(guide_index) -> RetrievalScores:
    return score_system("hybrid", lambda q: [h.section_id for h in guide_index.search(q, 10)], load_cases("dev"))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_dev_set_meets_the_retrieval_targets(dev_scores, language):
    """The issue's targets: hit@1 ≥ 0.90 and hit@3 ≥ 0.98 in each language."""
    metrics = dev_scores.metrics(language)
    misses = [(r.case_id, r.ranked[:3]) for r in dev_scores.results if r.language == language and r.rank != 1]
    assert metrics["hit@1"] >= 0.90, misses
    assert metrics["hit@3"] >= 0.98, misses


def test_the_product_beats_the_naive_baseline_on_the_holdout(guide_index):
    from evals.naive_baseline import NaiveDenseRag

    cases = load_cases("holdout")
    product = score_system("hybrid", lambda q: [h.section_id for h in guide_index.search(q, 10)], cases).metrics()
    naive = score_system("naive", NaiveDenseRag().rank, cases).metrics()
    assert product["hit@1"] >= naive["hit@1"] + 0.2
    assert product["mrr"] > naive["mrr"]
