"""The benchmark's headline figures beside an earlier report's, so a change shows its before → after.

`python -m assistant bench` reads the report it is about to replace (or `--previous FILE`) and writes this table
into the new one: a speed-up or a regression is visible without digging out the old file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RETRIEVAL_SETS", "ComparedFigure", "compare_reports", "comparison_markdown"]

RETRIEVAL_SETS = ("dev", "paraphrase", "holdout")
"""The retrieval sets whose figures the benchmark records (a speed change must leave them as they were)."""


@dataclass(frozen=True, slots=True)
class ComparedFigure:
    name: str
    unit: str
    previous: float | None
    now: float | None
    lower_is_better: bool = True

    @property
    def change(self) -> str:
        """ "−41 %" style, or "–" when either side was not measured."""
        if self.previous is None or self.now is None or not self.previous:
            return "–"
        percent = (self.now - self.previous) / self.previous * 100
        if abs(percent) < 0.5:
            return "same"
        better = (percent < 0) == self.lower_is_better
        return f"{percent:+.0f} % ({'better' if better else 'worse'})".replace("-", "−")


def _dig(report: dict, *keys: str) -> float | None:
    value = report
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, int | float) else None


def _best_turns_per_s(report: dict, clients: int) -> float | None:
    servers = report.get("product", {}).get("servers", {})
    rates = [r["turns_per_s"] for s in servers.values() for r in s["throughput"] if r["concurrency"] == clients]
    return max(rates, default=None)


def _scale_figure(size: int, key: str) -> Callable[[dict], float | None]:
    def figure(report: dict) -> float | None:
        row = next((r for r in report.get("scale", []) if r["synthetic_chunks"] == size), {})
        return row.get(key)

    return figure


def _retrieval_figure(dataset: str) -> Callable[[dict], float | None]:
    return lambda report: _dig(report, "quality", "retrieval", dataset, "all", "hit@1")


def _figures(previous: dict, now: dict) -> list[tuple[str, str, Callable[[dict], float | None], bool]]:
    """(name, unit, how to read it, lower is better) for every figure either report has."""
    rows = [
        ("cold start, 1 worker", "s", lambda r: _dig(r, "product", "servers", "1", "cold_start_s"), True),
        ("cold start, 2 workers", "s", lambda r: _dig(r, "product", "servers", "2", "cold_start_s"), True),
        ("model load (in process)", "s", lambda r: _dig(r, "product", "build", "model_load_s"), True),
        ("guide index build", "s", lambda r: _dig(r, "product", "build", "build_s"), True),
    ]
    sizes = sorted({r["synthetic_chunks"] for report in (previous, now) for r in report.get("scale", [])})
    rows += [(f"index build, {size:,} synthetic chunks", "s", _scale_figure(size, "build_s"), True) for size in sizes]
    rows += [
        (f"retrieval p50 at {size:,} chunks", "ms", _scale_figure(size, "retrieval_p50_ms"), True) for size in sizes
    ]
    http_p50 = ("product", "servers", "1", "http", "all", "p50_ms")
    rows += [
        ("chat turn over HTTP p50, 1 worker", "ms", lambda r: _dig(r, *http_p50), True),
        ("turns/s at 16 clients (best)", "/s", lambda r: _best_turns_per_s(r, 16), False),
        ("answer evaluation pass rate", "", lambda r: _dig(r, "quality", "pass_rate"), False),
    ]
    rows += [(f"retrieval hit@1, {name} set", "", _retrieval_figure(name), False) for name in RETRIEVAL_SETS]
    return rows


def compare_reports(previous: dict, now: dict) -> list[ComparedFigure]:
    """Every headline figure of `now` beside the same figure of `previous` (None where one did not measure it)."""
    figures = [
        ComparedFigure(name, unit, read(previous), read(now), lower_is_better)
        for name, unit, read, lower_is_better in _figures(previous, now)
    ]
    return [f for f in figures if f.previous is not None or f.now is not None]


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.3f}" if not unit and value <= 1 else f"{value:,.2f}" if value < 10 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


def comparison_markdown(previous: dict, now: dict, figures: list[ComparedFigure]) -> list[str]:
    """The "against the previous report" section; says so when the two runs timed different conversations."""
    manifest = previous.get("manifest", {})
    when = manifest.get("created_at", "an unknown date")
    commit = str(manifest.get("git_commit", "") or "unknown")[:12]
    lines = [
        "## Against the previous report",
        "",
        f"The previous report: {when}, commit `{commit}`. “–”: not measured by that run.",
    ]
    before, after = previous.get("options", {}).get("turns"), now.get("options", {}).get("turns")
    if before != after:
        lines.append(
            f"The workloads differ ({before} → {after} turns of the evaluation conversations): the latency and "
            "throughput figures compare different turns, not only different code."
        )
    lines += [
        "",
        "| figure | previous | now | change |",
        "|---|---|---|---|",
    ]
    lines += [f"| {f.name} | {_value(f.previous, f.unit)} | {_value(f.now, f.unit)} | {f.change} |" for f in figures]
    return lines
