"""The deterministic tools over HTTP: the same typed functions and argument schemas as the CLI and agents."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.errors import ApiError
from assistant import network_tools
from assistant.firewall_export import to_xlsx
from assistant.network_tools import FirewallFormInput, RoutesInput, SubnetInput
from tools.errors import ToolInputError

__all__ = ["router"]

router = APIRouter(prefix="/v1/tools", tags=["tools"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(function, language: str, arguments: dict):
    try:
        return function(**arguments)
    except ToolInputError as exc:
        raise ApiError(422, "invalid_tool_input", exc.message(language)) from None


@router.post("/subnet", summary="Subnet figures, membership, overlap, split")
def subnet(body: SubnetInput) -> dict:
    return _run(network_tools.subnet, body.language, body.model_dump())


@router.post("/routes", summary="Route commands between the Public and Private Zone, both directions")
def routes(body: RoutesInput) -> dict:
    return _run(network_tools.routes, body.language, body.model_dump())


@router.post(
    "/firewall-form",
    summary="The firewall policy request form",
    response_description="JSON by default; `?format=csv` or `?format=xlsx` downloads the form as a file.",
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            }
        }
    },
)
def firewall_form(body: FirewallFormInput, format: Literal["json", "csv", "xlsx"] = Query("json")):
    if format == "json":
        return _run(network_tools.firewall_form, body.language, body.model_dump())
    request = _run(network_tools.firewall_request, body.language, {"params": body})
    name = "firewall-policy-request"
    if format == "csv":
        text = network_tools.firewall_form(**body.model_dump())["csv"]
        return Response(
            "\ufeff" + text,  # a BOM so spreadsheet programs read the Korean headers as UTF-8
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        to_xlsx(request, body.language),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )
