"""The blind sets: frozen as their writers handed them in (hashes checked), split as documented, valid, and the
product meeting the blind set's own gates."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from evals.answer_cases import ANSWER_DATASETS
from evals.answer_eval import CHECKED_IN_THRESHOLDS, evaluate
from evals.answer_validation import validate_dataset


@pytest.mark.parametrize("name", ["blind", "blind-tuning"])
def test_a_blind_set_is_the_frozen_file_and_valid(name):
    path = ANSWER_DATASETS[name]
    recorded = path.with_name(path.name + ".sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded, f"{path.name} changed after it was frozen"
    cases, problems = validate_dataset(name)
    assert not problems and len({c.id for c in cases}) == len(cases)
    assert Counter(c.language for c in cases)["ko"] == Counter(c.language for c in cases)["en"]


def test_the_blind_set_is_split_in_halves_and_the_tuning_set_is_all_dev():
    blind, _ = validate_dataset("blind")
    assert Counter(c.split for c in blind) == {"dev": 116, "holdout": 104}
    tuning, _ = validate_dataset("blind-tuning")
    assert {c.split for c in tuning} == {"dev"}


def test_the_blind_set_meets_its_checked_in_gates(engine):
    report = evaluate(
        engine.settings, dataset="blind", engine=engine, baseline=False, progress=False,
        thresholds=CHECKED_IN_THRESHOLDS["blind"],
    )  # fmt: skip
    failed = [t for t in report["thresholds"] if not t["ok"]]
    assert not failed, failed
