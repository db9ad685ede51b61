"""`python -m evals retrieval` (quality report) and `python -m evals bench-retrieval` (speed benchmark)."""

from evals.cli import app

app()
