"""Reading a JSONL dataset into validated pydantic models, naming the line of the first bad case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

__all__ = ["load_jsonl"]

Case = TypeVar("Case", bound=BaseModel)


def load_jsonl(path: Path, model: type[Case]) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(model.model_validate(json.loads(line)))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {str(exc).splitlines()[0]}") from None
    return cases
