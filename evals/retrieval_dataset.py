"""The retrieval dev and held-out sets: questions labelled with the guide sections that answer them.

Schema (one JSON object per line):
    id           unique case id
    language     "ko" or "en": the language the question is written in
    question     as a customer would type it (informal, typos, mixed languages)
    section_ids  every guide section id whose text answers the question (any one counts as a hit)
    tags         free labels for slicing: informal, typo, paraphrase, mixed-language, multi-section, fact, ...

`retrieval_dev.jsonl` and `retrieval_paraphrase.jsonl` (questions avoiding the guide's own words) are used for
tuning; `retrieval_holdout.jsonl` was written separately, is never looked into while tuning, and is only reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from evals.jsonl import load_jsonl

__all__ = ["DATASETS", "RetrievalCase", "load_cases"]

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
DATASETS = {
    "dev": DATASETS_DIR / "retrieval_dev.jsonl",
    "paraphrase": DATASETS_DIR / "retrieval_paraphrase.jsonl",
    "holdout": DATASETS_DIR / "retrieval_holdout.jsonl",
}


class RetrievalCase(BaseModel, frozen=True):
    id: str = Field(min_length=1)
    language: Literal["ko", "en"]
    question: str = Field(min_length=1)
    section_ids: tuple[str, ...] = Field(min_length=1)
    tags: tuple[str, ...] = ()


def load_cases(path_or_name: str | Path) -> list[RetrievalCase]:
    """Cases from a dataset name ('dev', 'holdout') or a JSONL path; a bad line is an error naming the line."""
    path = DATASETS.get(str(path_or_name), Path(path_or_name))
    return load_jsonl(path, RetrievalCase)
