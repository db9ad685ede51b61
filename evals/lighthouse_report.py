"""A Lighthouse run's JSON read into typed results (scores per category, failed audits with the elements they name),
the pass/fail verdict on the gated categories and the Markdown table: what `page_audit` reports, kept apart from
installing and running Lighthouse so it can be tested on saved reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "CATEGORIES",
    "GATED_CATEGORIES",
    "LIGHTHOUSE_VERSION",
    "THRESHOLD",
    "AuditedPage",
    "FailedAudit",
    "LighthouseError",
    "failures",
    "markdown_report",
    "parse_report",
    "trim_report",
]

LIGHTHOUSE_VERSION = "12.8.2"
"""The pinned Lighthouse (13.x needs Node >= 22.19; Debian's Node 20 runs 12.x)."""
CATEGORIES = ("accessibility", "best-practices", "performance", "seo")
GATED_CATEGORIES = ("accessibility", "best-practices")
THRESHOLD = 95
_CONTRAST = re.compile(r"contrast of ([\d.]+) \(foreground color: (#\w+), background color: (#\w+)")
_SCORED_MODES = {"binary", "numeric", "metricSavings"}
_MAX_ELEMENTS = 5


class LighthouseError(RuntimeError):
    """Lighthouse cannot be installed or run, or a page could not be audited."""


@dataclass(frozen=True)
class FailedAudit:
    """An accessibility or best-practices audit that did not pass, with the elements (or sources) it names."""

    category: str
    id: str
    title: str
    score: int | None
    weight: float
    elements: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditedPage:
    """One Lighthouse run: scores per category as 0–100 (None when Lighthouse could not score it)."""

    url: str
    scheme: str
    form_factor: str
    scores: dict[str, int | None]
    failed: tuple[FailedAudit, ...] = ()
    lighthouse_version: str = ""
    warnings: tuple[str, ...] = field(default=())

    def below(self, threshold: int = THRESHOLD) -> list[str]:
        """The gated categories under `threshold` (or unscored)."""
        return [c for c in GATED_CATEGORIES if (score := self.scores.get(c)) is None or score < threshold]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---- parsing -----------------------------------------------------------------------------------------------------


def _percent(score: object) -> int | None:
    return round(float(score) * 100) if isinstance(score, int | float) else None


def _element(item: Mapping[str, Any]) -> str | None:
    """How a report row names what failed: the DOM node (selector, label, contrast figures), else a source or text."""
    node = item.get("node")
    if isinstance(node, Mapping):
        selector = str(node.get("selector") or node.get("path") or "")
        label = " ".join(str(node.get("nodeLabel") or "").split())[:60]
        named = f"{selector} ({label})" if selector and label and label not in selector else (selector or label)
        contrast = _CONTRAST.search(str(node.get("explanation") or ""))
        if named and contrast:
            return f"{named} [contrast {contrast[1]}: {contrast[2]} on {contrast[3]}]"
        return named or None
    source = item.get("sourceLocation") or item.get("source")
    if isinstance(source, Mapping) and source.get("url"):
        line = source.get("line")
        where = f"{source['url']}:{int(line) + 1}" if isinstance(line, int) else str(source["url"])
        description = " ".join(str(item.get("description") or "").split())[:100]
        return f"{where} ({description})" if description else where
    for key in ("description", "url", "issueType"):
        if isinstance(item.get(key), str) and item[key]:
            return str(item[key])[:160]
    return None


def _elements(details: object) -> tuple[str, ...]:
    if not isinstance(details, Mapping):
        return ()
    found: list[str] = []
    for item in details.get("items") or ():
        if not isinstance(item, Mapping):
            continue
        sub = item.get("subItems")
        rows = [item, *((sub or {}).get("items") or ())] if isinstance(sub, Mapping) else [item]
        for row in rows:
            if isinstance(row, Mapping) and (named := _element(row)) and named not in found:
                found.append(named)
    return tuple(found[:_MAX_ELEMENTS])


def parse_report(report: Mapping[str, Any], *, scheme: str = "light") -> AuditedPage:
    """An `AuditedPage` from a Lighthouse JSON report (`--output=json`); raises `LighthouseError` on a runtime error."""
    runtime_error = report.get("runtimeError")
    url = str(report.get("requestedUrl") or report.get("finalDisplayedUrl") or "")
    if isinstance(runtime_error, Mapping) and runtime_error.get("code"):
        raise LighthouseError(f"{url}: {runtime_error.get('code')}: {runtime_error.get('message', '')}".strip())
    categories = report.get("categories") or {}
    audits = report.get("audits") or {}
    scores = {name: _percent((categories.get(name) or {}).get("score")) for name in CATEGORIES}
    failed: list[FailedAudit] = []
    for name in GATED_CATEGORIES:
        for ref in (categories.get(name) or {}).get("auditRefs") or ():
            audit = audits.get(ref.get("id")) or {}
            score = audit.get("score")
            if audit.get("scoreDisplayMode") in _SCORED_MODES and isinstance(score, int | float) and score < 1:
                failed.append(
                    FailedAudit(
                        category=name,
                        id=str(ref["id"]),
                        title=str(audit.get("title", ref["id"])),
                        score=_percent(score),
                        weight=float(ref.get("weight") or 0),
                        elements=_elements(audit.get("details")),
                    )
                )
    return AuditedPage(
        url=url,
        scheme=scheme,
        form_factor=str((report.get("configSettings") or {}).get("formFactor", "")),
        scores=scores,
        failed=tuple(failed),
        lighthouse_version=str(report.get("lighthouseVersion", "")),
        warnings=tuple(str(w) for w in report.get("runWarnings") or ()),
    )


def trim_report(report: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a Lighthouse report that `parse_report` reads (for small test fixtures): the category scores,
    the gated categories' scored audits (not the manual or not-applicable ones) and the failed ones' rows."""
    categories = report.get("categories") or {}
    all_audits = report.get("audits") or {}
    kept_categories: dict[str, Any] = {}
    audits: dict[str, Any] = {}
    for name in CATEGORIES:
        if name not in categories:
            continue
        entry: dict[str, Any] = {"id": name, "score": categories[name].get("score")}
        if name in GATED_CATEGORIES:
            refs = [
                r for r in categories[name]["auditRefs"] if (all_audits.get(r["id"]) or {}).get("score") is not None
            ]
            entry["auditRefs"] = [{"id": r["id"], "weight": r.get("weight", 0)} for r in refs]
            for ref in refs:
                audits[ref["id"]] = _trim_audit(all_audits[ref["id"]])
        kept_categories[name] = entry
    keys = ("lighthouseVersion", "requestedUrl", "finalDisplayedUrl", "runWarnings", "runtimeError")
    trimmed = {k: report[k] for k in keys if k in report}
    trimmed["configSettings"] = {"formFactor": (report.get("configSettings") or {}).get("formFactor")}
    trimmed["categories"] = kept_categories
    trimmed["audits"] = dict(sorted(audits.items()))
    return trimmed


def _trim_audit(audit: Mapping[str, Any]) -> dict[str, Any]:
    kept = {k: audit.get(k) for k in ("id", "title", "score", "scoreDisplayMode")}
    score, details = audit.get("score"), audit.get("details")
    if isinstance(score, int | float) and score < 1 and isinstance(details, Mapping):
        items = []
        for item in details.get("items") or ():
            row = {k: v for k, v in item.items() if k in ("node", "sourceLocation", "source", "description", "url")}
            if isinstance(row.get("node"), Mapping):
                row["node"] = {k: row["node"][k] for k in ("selector", "nodeLabel", "explanation") if k in row["node"]}
            items.append(row)
        kept["details"] = {"items": items}
    return kept


# ---- verdict and rendering ---------------------------------------------------------------------------------------


def failures(pages: Iterable[AuditedPage], threshold: int = THRESHOLD) -> list[str]:
    """One line per page and gated category below `threshold`; empty when every page passes."""
    return [
        f"{page.url} ({page.scheme}, {page.form_factor}): {category} {page.scores.get(category)} < {threshold}"
        for page in pages
        for category in page.below(threshold)
    ]


def _cell(score: int | None, gated: bool, threshold: int) -> str:
    if score is None:
        return "–"
    return f"**{score}** ✗" if gated and score < threshold else str(score)


def markdown_report(pages: Sequence[AuditedPage], threshold: int = THRESHOLD) -> str:
    """A Markdown table of the scores, then the failed accessibility and best-practices audits with elements."""
    version = next((p.lighthouse_version for p in pages if p.lighthouse_version), LIGHTHOUSE_VERSION)
    lines = [
        f"# Lighthouse {version}: accessibility and best practices must be ≥ {threshold}",
        "",
        "| page | scheme | form factor | accessibility | best practices | performance | SEO |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for page in pages:
        cells = [_cell(page.scores.get(c), c in GATED_CATEGORIES, threshold) for c in CATEGORIES]
        lines.append(f"| {_path_of(page.url)} | {page.scheme} | {page.form_factor} | {' | '.join(cells)} |")
    failing = [page for page in pages if page.failed]
    lines += ["", "## Failed audits" if failing else "No accessibility or best-practices audit failed."]
    for page in failing:
        lines += ["", f"### {_path_of(page.url)} ({page.scheme}, {page.form_factor})", ""]
        for audit in page.failed:
            where = "; ".join(f"`{e}`" for e in audit.elements) or "(no elements listed)"
            lines.append(f"- {audit.category} `{audit.id}` (weight {audit.weight:g}): {audit.title} — {where}")
    below = failures(pages, threshold)
    lines += ["", f"**FAIL**: {len(below)} score(s) below {threshold}." if below else "**PASS**", ""]
    return "\n".join(lines)


def _path_of(url: str) -> str:
    scheme_end = url.find("://")
    slash = url.find("/", scheme_end + 3 if scheme_end >= 0 else 0)
    return url[slash:] if slash >= 0 else url
