"""The registered tools over HTTP: `POST /v1/tools/<command>` with the tool's own input model as the body, its
JSON result, and `?format=` for each of its file exports. Routes are generated from the registry."""

# No `from __future__ import annotations`: each endpoint's body type is the tool's model, read when it is defined.
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.errors import ApiError
from assistant.toolkit import REGISTRY, ChatTool
from tools.errors import ToolInputError

__all__ = ["router"]

router = APIRouter(prefix="/v1/tools", tags=["tools"])


def _result(tool: ChatTool, body: Any) -> Any:
    try:
        return tool.run(body)
    except ToolInputError as exc:
        raise ApiError(422, "invalid_tool_input", exc.message(getattr(body, "language", "en"))) from None


def _download(tool: ChatTool, body: Any, fmt: str) -> Response:
    export = tool.exports[fmt]
    return Response(
        export.render(_result(tool, body), body),
        media_type=export.media_type,
        headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
    )


def _add_route(tool: ChatTool) -> None:
    model = tool.input_model
    path = f"/{tool.command}"
    if not tool.exports:

        def endpoint(body: model) -> dict:  # type: ignore[valid-type]
            return tool.to_json(_result(tool, body), body)

        router.add_api_route(path, endpoint, methods=["POST"], summary=tool.summary, name=tool.name)
        return
    formats = Literal[("json", *tool.exports)]  # type: ignore[valid-type]
    listed = ", ".join(f"`?format={fmt}`" for fmt in tool.exports)

    def downloadable(body: model, format: Annotated[formats, Query()] = "json"):  # type: ignore[valid-type]
        if format == "json":
            return tool.to_json(_result(tool, body), body)
        return _download(tool, body, format)

    content = {export.media_type.split(";")[0]: {"schema": {"type": "string"}} for export in tool.exports.values()}
    for media_type in content:
        if not media_type.startswith("text/"):
            content[media_type]["schema"]["format"] = "binary"
    router.add_api_route(
        path,
        downloadable,
        methods=["POST"],
        summary=tool.summary,
        name=tool.name,
        response_description=f"JSON by default; {listed} downloads the result as a file.",
        responses={200: {"content": content}},
    )


for _tool in REGISTRY:
    _add_route(_tool)
