"""Errors of the network tools, each with an English and a Korean message that quote the bad input.

    ToolInputError (ValueError)
    ├── AddressError   an address, network or netmask that does not parse
    ├── SplitError     a split that is impossible or would make too many pieces
    ├── RouteError     a route request that would give a wrong command
    └── FormError      a firewall request field that is invalid

A tool may add its own subclass beside its code (the exposure planner's `ExposureError`).

`str(error)` is the English message; `error.message("ko")` gives the Korean one. Internal causes are hidden
(`from None`), as in `ipaddress`, so a user sees what they typed and what is wrong with it.
"""

from __future__ import annotations

__all__ = ["AddressError", "FormError", "RouteError", "SplitError", "ToolInputError"]


class ToolInputError(ValueError):
    """Bad input to a tool; carries the message in both languages the assistant answers in."""

    def __init__(self, english: str, korean: str) -> None:
        super().__init__(english)
        self.english = english
        self.korean = korean

    def message(self, language: str = "en") -> str:
        return self.korean if language == "ko" else self.english


class AddressError(ToolInputError):
    """An IP address, network or netmask that cannot be read."""


class SplitError(ToolInputError):
    """A subnet split that cannot be done as asked."""


class RouteError(ToolInputError):
    """A route request that would produce a wrong or useless command."""


class FormError(ToolInputError):
    """A firewall policy request field that is invalid."""
