"""Tool results as plain JSON-ready dicts: the one shape the CLI, the chat engine and the API all show."""

from __future__ import annotations

from tools.firewall import FirewallRequest
from tools.firewall_form import email_draft, form_rows, to_csv, to_markdown
from tools.notices import Notice
from tools.routes import RoutePlan
from tools.subnet import SubnetInfo

__all__ = ["firewall_to_dict", "notice_to_dict", "route_plan_to_dict", "subnet_to_dict"]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def notice_to_dict(notice: Notice, language: str = "en") -> dict:
    return {"message": notice.message(language), "section_id": notice.section_id}


def subnet_to_dict(info: SubnetInfo, language: str = "en") -> dict:
    return {
        "input": info.given,
        "network": str(info.network),
        "version": info.version,
        "prefix": info.prefix,
        "netmask": str(info.netmask),
        "wildcard": str(info.wildcard),
        "broadcast": _text(info.broadcast),
        "first_host": _text(info.first_host),
        "last_host": _text(info.last_host),
        "usable_hosts": info.usable_hosts,
        "total_addresses": info.total_addresses,
        "host_bits_set": info.host_bits_set,
        "given_address": _text(info.given_address),
        "gateway": _text(info.gateway),
        "gateway_assumption": info.gateway_assumption if info.gateway else None,
        "scope": info.scope,
        "enterprise_cloud_ranges": [
            {
                "name": r.name if language == "en" else r.name_ko,
                "range": str(r.network),
                "zone": r.zone,
                "firewall": r.firewall,
                "section_id": r.section_id,
                "guide_text": r.guide_text,
            }
            for r in info.cloud_ranges
        ],
    }


def route_plan_to_dict(plan: RoutePlan, language: str = "en") -> dict:
    return {
        "os": plan.os,
        "section_id": plan.section_id,
        "directions": [
            {
                "name": d.name,
                "server_zone": d.server_zone,
                "server_network": str(d.server_network),
                "server_address": _text(d.server_address),
                "gateway": str(d.gateway),
                "destination": str(d.destination),
                "interface": d.interface,
                "peer": _text(d.peer),
                "commands": d.commands(),
            }
            for d in plan.directions
        ],
        "warnings": [notice_to_dict(n, language) for n in plan.warnings],
        "assumptions": [notice_to_dict(n, language) for n in plan.assumptions],
    }


def firewall_to_dict(request: FirewallRequest, language: str = "ko") -> dict:
    draft = email_draft(request, language)
    return {
        "firewall": request.firewall,
        "firewall_basis": notice_to_dict(request.firewall_basis, language),
        "source": request.source,
        "destination": request.destination,
        "protocol": request.protocol,
        "ports": [str(p) for p in request.ports],
        "services": list(request.services),
        "action": request.action,
        "direction": request.direction,
        "reason": request.reason,
        "period": request.period,
        "requester": request.requester,
        "form": dict(form_rows(request, language)),
        "markdown": to_markdown(request, language),
        "csv": to_csv(request, language),
        "email": {"to": draft.to, "phone": draft.phone, "subject": draft.subject, "body": draft.body},
        "warnings": [notice_to_dict(n, language) for n in request.warnings],
        "section_id": request.section_id,
    }
