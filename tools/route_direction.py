"""One direction of an inter-zone route as a value: which server, through which gateway, to which network, and
every form of its commands (the guide's `route add`, `ip route`, persistent files, netplan, Windows, userdata,
verification and rollback), rendered from the parsed addresses, never from free text.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

__all__ = ["RouteDirection", "Zone"]

Zone = Literal["public", "private"]


@dataclass(frozen=True, slots=True)
class RouteDirection:
    """The commands for one server: reach `destination` through `gateway` on `interface`."""

    name: str
    server_zone: Zone
    server_network: ipaddress.IPv4Network
    server_address: ipaddress.IPv4Address | None
    gateway: ipaddress.IPv4Address
    destination: ipaddress.IPv4Network
    interface: str
    peer: ipaddress.IPv4Address | None
    """An address on the other side to ping, when known."""

    @property
    def route_add(self) -> str:
        """The guide's exact form."""
        d = self.destination
        return f"route add -net {d.network_address} netmask {d.netmask} gw {self.gateway}"

    @property
    def ip_route_add(self) -> str:
        return f"ip route add {self.destination} via {self.gateway} dev {self.interface}"

    @property
    def route_file_path(self) -> str:
        return f"/etc/sysconfig/network-scripts/route-{self.interface}"

    @property
    def route_file_line(self) -> str:
        return f"{self.destination} via {self.gateway} dev {self.interface}"

    @property
    def persistent_rhel(self) -> str:
        """RHEL/CentOS network-scripts: the route file survives reboots."""
        return f"echo '{self.route_file_line}' >> {self.route_file_path}"

    @property
    def persistent_nmcli(self) -> str:
        return (
            f'nmcli connection modify {self.interface} +ipv4.routes "{self.destination} {self.gateway}"\n'
            f"nmcli connection up {self.interface}"
        )

    @property
    def netplan_path(self) -> str:
        return f"/etc/netplan/60-{self.interface}-routes.yaml"

    @property
    def netplan(self) -> str:
        return (
            "network:\n"
            "  version: 2\n"
            "  ethernets:\n"
            f"    {self.interface}:\n"
            "      routes:\n"
            f"        - to: {self.destination}\n"
            f"          via: {self.gateway}\n"
        )

    @property
    def windows(self) -> str:
        d = self.destination
        return f"route -p add {d.network_address} mask {d.netmask} {self.gateway}"

    @property
    def ifcfg(self) -> str:
        """The interface file the guide makes by copying ifcfg-eth0 and changing DEVICE."""
        return f'DEVICE="{self.interface}"\nBOOTPROTO=dhcp\nONBOOT=yes\n'

    @property
    def cloud_init(self) -> str:
        """Userdata that brings the CIP interface up and adds the route when the server is created (Linux)."""
        ifcfg = "".join(f"      {line}\n" for line in self.ifcfg.splitlines())
        return (
            "#cloud-config\n"
            "write_files:\n"
            f"  - path: /etc/sysconfig/network-scripts/ifcfg-{self.interface}\n"
            "    permissions: '0644'\n"
            "    content: |\n"
            f"{ifcfg}"
            f"  - path: {self.route_file_path}\n"
            "    permissions: '0644'\n"
            "    content: |\n"
            f"      {self.route_file_line}\n"
            "runcmd:\n"
            f"  - [ifup, {self.interface}]\n"
            f"  - [ip, route, replace, {self.destination}, via, {self.gateway}, dev, {self.interface}]\n"
        )

    @property
    def verify(self) -> str:
        lines = ["route -n", f"ip route get {self.destination.network_address + 1}"]
        if self.peer is not None:
            lines.append(f"ping -c 3 {self.peer}")
        return "\n".join(lines)

    @property
    def verify_windows(self) -> str:
        lines = ["route print -4"]
        if self.peer is not None:
            lines.append(f"ping -n 3 {self.peer}")
        return "\n".join(lines)

    @property
    def rollback(self) -> str:
        d = self.destination
        return f"route del -net {d.network_address} netmask {d.netmask} gw {self.gateway}"

    @property
    def rollback_ip(self) -> str:
        return f"ip route del {self.destination} via {self.gateway} dev {self.interface}"

    @property
    def rollback_windows(self) -> str:
        d = self.destination
        return f"route delete {d.network_address} mask {d.netmask} {self.gateway}"

    def commands(self) -> dict[str, str]:
        """Every command form, by name, in a stable order (what the CLI and the chat show)."""
        return {
            "route": self.route_add,
            "ip_route": self.ip_route_add,
            "persistent_rhel": self.persistent_rhel,
            "persistent_nmcli": self.persistent_nmcli,
            "netplan": self.netplan,
            "windows": self.windows,
            "ifcfg": self.ifcfg,
            "cloud_init": self.cloud_init,
            "verify": self.verify,
            "verify_windows": self.verify_windows,
            "rollback": self.rollback,
            "rollback_ip": self.rollback_ip,
            "rollback_windows": self.rollback_windows,
        }
