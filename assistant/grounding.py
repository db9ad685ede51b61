"""The check every answer passes before it leaves the engine: nothing in it may be invented.

Every command (a line of a code block), IP address or range, e-mail address, phone number and URL in the answer
must appear in a tool's output or in a cited section. Addresses the user typed may be repeated back (a
clarification confirms what it understood) but never inside a command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["GroundingReport", "check_grounding", "claims_of"]

_CODE_BLOCK = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_IP = re.compile(r"(?<![A-Za-z0-9.])(?:\d{1,3}|X|XX)(?:\.(?:\d{1,3}|X|XX)){3}(?:/\d{1,2})?(?!\.?[A-Za-z0-9])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d.])(?:\+\d{1,3}[-\s]?)?(?:0?\d{1,2}[-\s.])?\d{3,4}[-\s.]\d{4}(?:~\d)?(?!\.?\d)")
_URL = re.compile(r"https?://[^\s)\]>`'\"]+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class GroundingReport:
    """The claims that no source supports; empty means the answer is grounded."""

    unsupported: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.unsupported


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def claims_of(answer: str) -> dict[str, list[str]]:
    """What the check looks at: command lines, addresses, e-mails, phones and URLs, by kind."""
    blocks = _CODE_BLOCK.findall(answer)
    commands = [_fold(line) for block in blocks for line in block.splitlines() if line.strip()]
    prose = _CODE_BLOCK.sub(" ", answer)
    commands += [_fold(code) for code in _INLINE_CODE.findall(prose) if _IP.search(code) or " " in code.strip()]
    return {
        "command": commands,
        "address": _IP.findall(prose),
        "email": _EMAIL.findall(answer),
        "phone": _PHONE.findall(answer),
        "url": [u.rstrip(".,") for u in _URL.findall(answer)],
    }


def _source_text(sources: Iterable[object]) -> str:
    parts = []
    for source in sources:
        parts.append(source if isinstance(source, str) else json.dumps(source, ensure_ascii=False))
    joined = "\n".join(parts)
    # JSON escapes newlines and quotes inside strings: check against both forms.
    return joined + "\n" + joined.replace("\\n", "\n").replace('\\"', '"')


def check_grounding(answer: str, sources: Iterable[object], user_text: str = "") -> GroundingReport:
    """Unsupported claims of `answer` given the tool outputs and cited section texts in `sources`.

    `user_text` (already redacted) may support addresses and numbers shown in prose, never commands.
    """
    source = _source_text(sources)
    folded = _fold(source)
    source_addresses = set(_IP.findall(source))
    user_addresses = set(_IP.findall(user_text))
    unsupported: list[str] = []
    claims = claims_of(answer)
    for command in claims["command"]:
        if command not in folded and command not in source:
            unsupported.append(command)
    for address in claims["address"]:
        if address not in source_addresses and address not in user_addresses and address not in source:
            unsupported.append(address)
    unsupported += [value for value in claims["phone"] if value not in source and value not in user_text]
    for kind in ("email", "url"):
        unsupported += [value for value in claims[kind] if value not in source]
    return GroundingReport(tuple(dict.fromkeys(unsupported)))
