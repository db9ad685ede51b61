"""`python -m assistant tool ...`: the network tools on the command line, text by default, JSON with --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from pydantic import ValidationError

from assistant import network_tools
from assistant.tool_output import firewall_to_dict
from tools.errors import ToolInputError

__all__ = ["tool_app"]

tool_app = typer.Typer(help="Exact network commands and forms: subnet, routes, firewall-form.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of text.")]
LanguageOption = Annotated[str, typer.Option("--lang", help="Language of notes and forms: ko or en.")]


def _run(action, language: str):
    try:
        return action()
    except ToolInputError as exc:
        typer.echo(f"error: {exc.message(language)}", err=True)
        raise typer.Exit(code=2) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        typer.echo(f"error: --{first['loc'][0]}: {first['msg']}", err=True)
        raise typer.Exit(code=2) from None


def _language(value: str) -> Literal["ko", "en"]:
    if value not in ("ko", "en"):
        typer.echo(f"error: --lang must be 'ko' or 'en', not '{value}'", err=True)
        raise typer.Exit(code=2)
    return value  # type: ignore[return-value]


def _notes(result: dict) -> list[str]:
    lines = [f"! {w['message']}" for w in result.get("warnings", [])]
    return lines + [f"* {a['message']}" for a in result.get("assumptions", [])]


@tool_app.command("subnet")
def subnet_command(
    network: Annotated[
        str, typer.Argument(help="e.g. 10.21.7.0/26, '10.21.7.0 255.255.255.192', 14.63.2.9, 2001:db8::/64")
    ],
    contains: Annotated[str | None, typer.Option("--contains", help="Is this address inside the network?")] = None,
    overlaps: Annotated[str | None, typer.Option("--overlaps", help="Does this network overlap it?")] = None,
    split_prefix: Annotated[int | None, typer.Option("--split", help="Cut it into subnets of this prefix.")] = None,
    language: LanguageOption = "en",
    as_json: JsonOption = False,
) -> None:
    """Network, netmask, wildcard, broadcast, host range and counts, gateway, and the Enterprise Cloud range."""
    lang = _language(language)
    result = _run(lambda: network_tools.subnet(network, contains, overlaps, split_prefix, lang), lang)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if result["host_bits_set"]:
        typer.echo(f"! {result['given_address']} has host bits set: the network is {result['network']}")
    for key in (
        "network",
        "prefix",
        "netmask",
        "wildcard",
        "broadcast",
        "first_host",
        "last_host",
        "usable_hosts",
        "total_addresses",
        "gateway",
        "scope",
    ):
        if result[key] is not None:
            typer.echo(f"{key:<16}{result[key]}")
    if result["gateway_assumption"]:
        typer.echo(f"* {result['gateway_assumption']}")
    for cloud_range in result["enterprise_cloud_ranges"]:
        typer.echo(
            f"range           {cloud_range['name']} {cloud_range['range']}  (guide: /guide#{cloud_range['section_id']})"
        )
    if "contains" in result:
        typer.echo(
            f"contains        {result['contains']['address']}: {'yes' if result['contains']['result'] else 'no'}"
        )
    if "overlaps" in result:
        typer.echo(
            f"overlaps        {result['overlaps']['network']}: {'yes' if result['overlaps']['result'] else 'no'}"
        )
    for piece in result.get("split", []):
        typer.echo(f"split           {piece}")


@tool_app.command("summarize")
def summarize_command(
    networks: Annotated[list[str], typer.Argument(help="Networks to merge, e.g. 10.21.4.0/24 10.21.5.0/24")],
    as_json: JsonOption = False,
) -> None:
    """The fewest networks that cover exactly the given ones."""
    result = _run(lambda: network_tools.summarize(networks), "en")
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for network in result["summary"]:
        typer.echo(network)


@tool_app.command("routes")
def routes_command(
    source: Annotated[str, typer.Option("--from", help="The server's CIP, e.g. 10.20.5.2 or 10.20.5.2/24.")],
    destination: Annotated[str, typer.Option("--to", help="The other zone's CIP network, e.g. 10.21.5.0/24.")],
    os: Annotated[str, typer.Option("--os", help="linux, rhel, centos, ubuntu or windows.")] = "linux",
    interface: Annotated[str, typer.Option("--interface", help="The CIP interface.")] = "eth1",
    zone: Annotated[str | None, typer.Option("--zone", help="public or private, when not 10.20/10.21.")] = None,
    peer: Annotated[str | None, typer.Option("--peer", help="A server on the other side, for the ping check.")] = None,
    gateway: Annotated[str | None, typer.Option("--gateway", help="The server's gateway, if not the .1.")] = None,
    language: LanguageOption = "en",
    as_json: JsonOption = False,
) -> None:
    """Route commands for both directions (Public ↔ Private Zone), with verification and rollback."""
    lang = _language(language)
    if zone not in (None, "public", "private"):
        typer.echo(f"error: --zone must be 'public' or 'private', not '{zone}'", err=True)
        raise typer.Exit(code=2)
    result = _run(
        lambda: network_tools.routes(
            source, destination, interface=interface, os=os, zone=zone, peer=peer, gateway=gateway, language=lang
        ),
        lang,
    )
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for direction in result["directions"]:
        typer.echo(f"## {direction['name']}: on the {direction['server_zone']} server ({direction['server_network']})")
        for name, command in direction["commands"].items():
            typer.echo(f"# {name}\n{command.rstrip()}\n")
    for line in _notes(result):
        typer.echo(line)
    typer.echo(f"(guide: /guide#{result['section_id']})")


@tool_app.command("firewall-form")
def firewall_form_command(
    source: Annotated[str, typer.Option("--src", help="Client IP/network allowed to connect, or any.")],
    destination: Annotated[str, typer.Option("--dst", help="Public IP port-forwarded to the VM, or an LB service IP.")],
    ports: Annotated[str, typer.Option("--port", help="Ports, ranges or services: 22 | 80,443 | 8000-8080 | ssh.")],
    protocol: Annotated[str | None, typer.Option("--protocol", help="tcp, udp or icmp.")] = None,
    firewall: Annotated[str | None, typer.Option("--firewall", help="Public F/W, Private F/W or Inter-F/W.")] = None,
    action: Annotated[str, typer.Option("--action", help="allow or deny.")] = "allow",
    direction: Annotated[str, typer.Option("--direction", help="inbound or outbound.")] = "inbound",
    reason: Annotated[str, typer.Option("--reason", help="Why the policy is needed.")] = "",
    period: Annotated[str, typer.Option("--period", help="How long it applies.")] = "",
    requester: Annotated[str, typer.Option("--requester", help="Company, name, contact.")] = "",
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Also write the form as CSV (Excel-ready).")] = None,
    xlsx_path: Annotated[Path | None, typer.Option("--xlsx", help="Also write the form as XLSX.")] = None,
    language: LanguageOption = "ko",
    as_json: JsonOption = False,
) -> None:
    """The firewall policy request form (firewall inferred from the destination) and an e-mail draft."""
    lang = _language(language)

    def fill():
        params = network_tools.FirewallFormInput(
            source=source,
            destination=destination,
            ports=ports,
            protocol=protocol,
            firewall=firewall,
            action=action,
            direction=direction,
            reason=reason,
            period=period,
            requester=requester,
            language=lang,
        )
        request = network_tools.firewall_request(params)
        return request, firewall_to_dict(request, lang)

    request, result = _run(fill, lang)
    try:
        if csv_path:
            csv_path.write_text(result["csv"], encoding="utf-8-sig")
        if xlsx_path:
            from assistant.firewall_export import to_xlsx

            xlsx_path.write_bytes(to_xlsx(request, lang))
    except OSError as exc:
        typer.echo(f"error: cannot write the form file: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=2) from None
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(result["markdown"])
    typer.echo(f"\n* {result['firewall_basis']['message']}")
    for line in _notes(result):
        typer.echo(line)
    email = result["email"]
    typer.echo(f"\nTo: {email['to']}  (☎ {email['phone']})\nSubject: {email['subject']}\n\n{email['body']}")
    typer.echo(f"\n(guide: /guide#{result['section_id']})")
