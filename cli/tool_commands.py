"""`tool …`: one command per registered tool, generated from the tool's input model (its fields, defaults and help
texts) and shape (`ChatTool.cli`), so the command line never declares or checks a tool's input itself.

Text by default (`ChatTool.render_text`), JSON with --json (`ChatTool.to_json`), and `--<format> PATH` for each of
the tool's file exports. A bad value is one line on stderr with exit status 2: pydantic's finding named by the
option, or the tool's own message in the chosen language.
"""

from __future__ import annotations

import inspect
import json
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from assistant.toolkit import REGISTRY, ChatTool, validation_problems
from tools.errors import ToolInputError

__all__ = ["tool_app"]

tool_app = typer.Typer(help="Exact network commands and forms, from the deterministic tools.", no_args_is_help=True)
_JSON = "as_json"


def _option_name(tool: ChatTool, field: str) -> str:
    return tool.cli.options.get(field, "--" + field.replace("_", "-"))


def _cli_type(annotation: Any) -> type:
    """What the command line parses (str, int or a list of str); pydantic checks literals and ranges after."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return _cli_type(args[0])
    if typing.get_origin(annotation) is list:
        return list[str]
    return annotation if annotation in (int, float, bool) else str


def _choices(annotation: Any) -> tuple[str, ...]:
    """The values of a Literal field (also inside Optional), for the help text."""
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return tuple(c for a in typing.get_args(annotation) for c in _choices(a))


def _parameter(tool: ChatTool, name: str, field: FieldInfo) -> inspect.Parameter:
    kind = _cli_type(field.annotation)
    help_text = field.description or ""
    if choices := _choices(field.annotation):
        help_text = f"{help_text} One of: {', '.join(choices)}.".strip()
    if name in tool.cli.arguments:
        marker = typer.Argument(help=help_text, show_default=False)
    else:
        marker = typer.Option(_option_name(tool, name), help=help_text)
    default = inspect.Parameter.empty if field.is_required() else field.default
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, marker])


def _extra_parameters(tool: ChatTool) -> list[inspect.Parameter]:
    extras = [
        inspect.Parameter(
            f"export_{fmt}",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[Path | None, typer.Option(f"--{fmt}", help=f"Also write {export.description}.")],
        )
        for fmt, export in tool.exports.items()
    ]
    json_option = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of text.")]
    return [*extras, inspect.Parameter(_JSON, inspect.Parameter.KEYWORD_ONLY, default=False, annotation=json_option)]


def _inputs(tool: ChatTool, given: dict[str, Any]) -> Any:
    try:
        return tool.input_model(**given)
    except ValidationError as exc:
        names = {field: _option_name(tool, field) for field in tool.input_model.model_fields}
        typer.echo(f"error: {validation_problems(exc, names)}", err=True)
        raise typer.Exit(code=2) from None


def _command(tool: ChatTool):
    fields = tool.input_model.model_fields

    def command(**given: Any) -> None:
        as_json = given.pop(_JSON)
        exports = {fmt: given.pop(f"export_{fmt}") for fmt in tool.exports}
        params = _inputs(tool, given)
        try:
            result = tool.run(params)
        except ToolInputError as exc:
            typer.echo(f"error: {exc.message(getattr(params, 'language', 'en'))}", err=True)
            raise typer.Exit(code=2) from None
        try:
            for fmt, path in exports.items():
                if path is not None:
                    path.write_bytes(tool.exports[fmt].render(result, params))
        except OSError as exc:
            typer.echo(f"error: cannot write the {fmt.upper()} file: {exc.strerror or exc}", err=True)
            raise typer.Exit(code=2) from None
        if as_json:
            typer.echo(json.dumps(tool.to_json(result, params), ensure_ascii=False, indent=2))
        else:
            typer.echo(tool.render_text(result, params))

    parameters = [_parameter(tool, name, field) for name, field in fields.items()]
    positional = sorted(
        (p for p in parameters if p.name in tool.cli.arguments), key=lambda p: tool.cli.arguments.index(p.name)
    )
    parameters = [*positional, *(p for p in parameters if p.name not in tool.cli.arguments), *_extra_parameters(tool)]
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__name__ = tool.command.replace("-", "_")
    command.__doc__ = tool.description
    return command


for _tool in REGISTRY:
    tool_app.command(_tool.command)(_command(_tool))
