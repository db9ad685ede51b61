"""Lighthouse scores for the web pages (chat page, agent mode, guide; light and dark), offline against a local server.

Why: the pages must stay usable by keyboard and screen reader and readable in both colour schemes, and the axe
rules inside Lighthouse catch what unit tests do not (contrast, accessible names, landmarks, console errors). One
Lighthouse run takes ~10 s a page, so this is a command (`python -m assistant report lighthouse`), not a timed test;
the run fails when accessibility or best practices is below `THRESHOLD` on any page.

How it runs: the npm `lighthouse` CLI, pinned to `LIGHTHOUSE_VERSION` (13.x needs Node >= 22.19; Debian's Node 20
runs 12.x), installed once with `npm install --prefix <cache dir>` (default `~/.cache/assistant-lighthouse`,
`ASSISTANT_LIGHTHOUSE_DIR` to change it). After that nothing is fetched: the version is read from the installed
package.json, whereas `npx --yes` would ask the registry on every run. It drives Debian's Chromium (`CHROME_PATH`,
else `chromium` on PATH) headless. The dark runs ask for `?theme=dark` (the page's own switch) *and* start Chromium
with `prefers-color-scheme: dark` (`--blink-settings=preferredColorScheme=0`, `--force-dark-mode`), so the CSS media
query is exercised even where the page has no theme switch; the light runs ask for light the same way.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from evals.lighthouse_report import (
    CATEGORIES,
    GATED_CATEGORIES,
    LIGHTHOUSE_VERSION,
    THRESHOLD,
    AuditedPage,
    FailedAudit,
    LighthouseError,
    failures,
    markdown_report,
    parse_report,
    trim_report,
)

__all__ = [
    "CATEGORIES",
    "GATED_CATEGORIES",
    "LIGHTHOUSE_VERSION",
    "PAGES",
    "THRESHOLD",
    "AuditedPage",
    "FailedAudit",
    "LighthouseError",
    "PageSpec",
    "audit_pages",
    "ensure_lighthouse",
    "failures",
    "markdown_report",
    "parse_report",
    "server_state",
    "trim_report",
]

CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu")
_SCHEME_FLAGS = {
    "light": ("--blink-settings=preferredColorScheme=1",),
    "dark": ("--blink-settings=preferredColorScheme=0", "--force-dark-mode"),
}
_RUN_TIMEOUT_S = 180
_INSTALL_TIMEOUT_S = 600

Scheme = Literal["light", "dark"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    """One page to audit: its path and query on the server, and the colour scheme Chromium asks for."""

    path: str
    scheme: Scheme


PAGES: tuple[PageSpec, ...] = (
    PageSpec("/", "light"),
    PageSpec("/?theme=dark", "dark"),
    PageSpec("/?mode=agent", "light"),
    PageSpec("/?mode=agent&theme=dark", "dark"),
    PageSpec("/guide", "light"),
    PageSpec("/guide?theme=dark", "dark"),
    PageSpec("/guide?lang=en", "light"),
)


# ---- running -----------------------------------------------------------------------------------------------------


def server_state(base_url: str, timeout_s: float = 3.0) -> Literal["ready", "starting", "down"]:
    """Whether a server answers at `base_url` and has its index ready (`/readyz` gives 200)."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/readyz", timeout=timeout_s) as response:
            return "ready" if response.status == 200 else "starting"
    except urllib.error.HTTPError:
        return "starting"
    except (urllib.error.URLError, OSError, ValueError):
        return "down"


def default_cache_dir() -> Path:
    """Where Lighthouse is installed: `ASSISTANT_LIGHTHOUSE_DIR`, else `~/.cache/assistant-lighthouse`."""
    configured = os.environ.get("ASSISTANT_LIGHTHOUSE_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "assistant-lighthouse"


def _installed_version(cache_dir: Path) -> str | None:
    try:
        package = json.loads((cache_dir / "node_modules" / "lighthouse" / "package.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return str(package.get("version")) if isinstance(package, dict) else None


def ensure_lighthouse(cache_dir: Path | None = None, version: str = LIGHTHOUSE_VERSION) -> Path:
    """The `lighthouse` executable in `cache_dir`, installed there with npm on first use (the only online step)."""
    cache_dir = cache_dir or default_cache_dir()
    binary = cache_dir / "node_modules" / ".bin" / "lighthouse"
    if _installed_version(cache_dir) == version and binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise LighthouseError("Node.js and npm are needed for Lighthouse (Debian: apt-get install nodejs npm)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("installing lighthouse@%s into %s (once)", version, cache_dir)
    command = [npm, "install", "--prefix", str(cache_dir), "--no-audit", "--no-fund", f"lighthouse@{version}"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=_INSTALL_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise LighthouseError(f"npm install lighthouse@{version} took over {_INSTALL_TIMEOUT_S} s") from None
    if result.returncode != 0 or not binary.exists():
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise LighthouseError(f"npm install lighthouse@{version} failed: {tail[0]}")
    return binary


def chrome_path() -> str:
    """Debian's Chromium: `CHROME_PATH` if set, else `chromium` on PATH, else `/usr/bin/chromium`."""
    for candidate in (os.environ.get("CHROME_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    raise LighthouseError("Chromium not found: apt-get install chromium, or set CHROME_PATH")


def lighthouse_command(binary: Path, url: str, scheme: str, form_factor: str, output: Path) -> list[str]:
    """The Lighthouse command line for one page (desktop preset, or Lighthouse's default mobile emulation)."""
    flags = " ".join((*CHROME_FLAGS, *_SCHEME_FLAGS[scheme]))
    command = [
        str(binary), url, "--output=json", f"--output-path={output}", f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}", "--quiet",
    ]  # fmt: skip
    if form_factor == "desktop":
        command.append("--preset=desktop")
    return command


def run_lighthouse(binary: Path, url: str, scheme: str, form_factor: str) -> dict[str, Any]:
    """The full JSON report of one Lighthouse run."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        output = Path(tmp) / "report.json"
        command = lighthouse_command(binary, url, scheme, form_factor, output)
        env = {**os.environ, "CHROME_PATH": chrome_path()}
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=_RUN_TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            raise LighthouseError(f"{url}: Lighthouse took over {_RUN_TIMEOUT_S} s") from None
        if result.returncode != 0 or not output.exists():
            tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"exit {result.returncode}"]
            raise LighthouseError(f"{url}: Lighthouse failed: {tail[0]}")
        return json.loads(output.read_text("utf-8"))


def audit_pages(
    base_url: str,
    pages: Sequence[PageSpec] = PAGES,
    form_factors: Sequence[str] = ("desktop", "mobile"),
    *,
    cache_dir: Path | None = None,
    keep_reports: Path | None = None,
    progress: Callable[[AuditedPage], None] | None = None,
) -> list[AuditedPage]:
    """Every page in every form factor, in order; `keep_reports` saves each full JSON report there."""
    unknown = sorted(set(form_factors) - {"desktop", "mobile"})
    if unknown:
        raise LighthouseError(f"unknown form factor {unknown[0]!r}: use desktop or mobile")
    binary = ensure_lighthouse(cache_dir)
    chrome_path()  # a missing Chromium is one clear message before any run
    audited: list[AuditedPage] = []
    for spec in pages:
        for form_factor in form_factors:
            url = base_url.rstrip("/") + spec.path
            report = run_lighthouse(binary, url, spec.scheme, form_factor)
            if keep_reports is not None:
                keep_reports.mkdir(parents=True, exist_ok=True)
                name = "".join(c if c.isalnum() else "_" for c in spec.path).strip("_") or "root"
                (keep_reports / f"{name}.{form_factor}.json").write_text(json.dumps(report), "utf-8")
            page = parse_report(report, scheme=spec.scheme)
            audited.append(page)
            if progress is not None:
                progress(page)
    return audited
