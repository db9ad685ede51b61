"""Rules for secrets recognisable by their format anywhere in the text: API keys and tokens of well-known services,
AWS secret keys near their context, JWTs, passwords inside connection URLs, and private key blocks (PEM, PuTTY)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.redaction.rule import Rule, Span
from assistant.redaction.values import is_redacted

__all__ = ["KNOWN_FORMAT_RULES", "PRIVATE_KEY_RULES"]


def _known(kind: str, *, digits: bool = False) -> Callable[[str, re.Match[str]], Span | None]:
    """A judge for a fixed format (its pattern starts with a look-behind, so a long run is tried once, not per
    character): the whole match is the secret."""

    def judge(text: str, m: re.Match[str]) -> Span | None:
        if digits and not any(ch.isdigit() for ch in m.group()):  # "sk-broadband-..." is a name, not a key
            return None
        return m.start(), m.end(), kind

    return judge


_OPENAI = re.compile(r"(?<![A-Za-z0-9_\-])sk-[A-Za-z0-9_\-]{20,}")  # also sk-proj-..., sk-ant-...
_STRIPE = re.compile(r"(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}")
_AWS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])")
_GOOGLE = re.compile(r"(?<![A-Za-z0-9_\-])AIza[0-9A-Za-z_\-]{35}")
_GITHUB = re.compile(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}")
_GITHUB_PAT = re.compile(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}")
_SLACK = re.compile(r"(?<![A-Za-z0-9\-])xox[abeprs]-[A-Za-z0-9\-]{10,}")
_JWT = re.compile(r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*")  # '{"' = eyJ

# scheme://user:password@host -> only the password part.
_CONNECTION = re.compile(r"://[^\s:/@?#]{0,256}:(?P<pw>[^\s/@?#]{1,512})@")


def _connection(text: str, m: re.Match[str]) -> Span | None:
    scheme_char = text[m.start() - 1] if m.start() > 0 else ""
    if not (scheme_char.isascii() and (scheme_char.isalnum() or scheme_char in "+.-")) or is_redacted(m["pw"]):
        return None
    return m.start("pw"), m.end("pw"), "connection_string"


# A secret key: 20-64 base64 characters in mixed case with digits, shortly after "secret" or an AWS word or key id
# ("AWS key AKIA... secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", of any length). A git hash is one case only.
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{20,64}(?![A-Za-z0-9/+=])")
_AWS_SECRET_CONTEXT = ("secret", "시크릿", "비밀", "aws", "akia", "asia")


def _aws_secret(text: str, m: re.Match[str]) -> Span | None:
    value = m.group()
    if not (any(ch.isupper() for ch in value) and any(ch.islower() for ch in value)):
        return None
    if not any(ch.isdigit() or ch in "/+" for ch in value):
        return None
    # The few words before it (counted in words, which redacting them does not change, so a second pass agrees).
    before = text[max(0, m.start() - 400) : m.start()].lower().split()[-6:]
    if not any(word in part for part in before for word in _AWS_SECRET_CONTEXT):
        return None
    return m.start(), m.end(), "api_key"


_SLACK_WEBHOOK = re.compile(r"hooks\.slack\.com/services/(?P<path>[A-Za-z0-9/]{8,})")


def _slack_webhook(text: str, m: re.Match[str]) -> Span | None:
    return m.start("path"), m.end("path"), "token"


_PEM_BEGIN = re.compile(r"BEGIN[ \t]+(?:[A-Za-z0-9]+[ \t]+){0,3}PRIVATE[ \t]+KEY(?:[ \t]+BLOCK)?[ \t]*[-–—]*", re.I)
_PEM_END = re.compile(r"END[ \t]+(?:[A-Za-z0-9]+[ \t]+){0,3}PRIVATE[ \t]+KEY", re.IGNORECASE)
_PEM_END_TAIL = re.compile(r"(?:[ \t]+BLOCK)?[ \t]*[-–—]*", re.IGNORECASE)
_DASHES = "-–—"
_PUTTY_BEGIN = re.compile(r"PuTTY-User-Key-File-\d+:", re.IGNORECASE)
_PUTTY_END = re.compile(r"Private-MAC:[ \t]*[0-9A-Fa-f]+", re.IGNORECASE)


def _pem(text: str, m: re.Match[str]) -> Span | None:
    """The whole block from "-----BEGIN" to the END line (to the end of the text when the paste was cut short)."""
    start = m.start()
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    if start == 0 or text[start - 1] not in _DASHES:
        return None  # "what does BEGIN RSA PRIVATE KEY mean?" is prose, not a key
    while start > 0 and text[start - 1] in _DASHES:
        start -= 1
    end = _PEM_END.search(text, m.end())
    return start, len(text) if end is None else _PEM_END_TAIL.match(text, end.end()).end(), "private_key"


def _putty(text: str, m: re.Match[str]) -> Span | None:
    end = _PUTTY_END.search(text, m.end())
    return m.start(), len(text) if end is None else end.end(), "private_key"


PRIVATE_KEY_RULES: tuple[Rule, ...] = (
    Rule(_PEM_BEGIN, _pem, ("private",)),
    Rule(_PUTTY_BEGIN, _putty, ("putty-user-key-file",)),
)
KNOWN_FORMAT_RULES: tuple[Rule, ...] = (
    Rule(_OPENAI, _known("api_key", digits=True), ("sk-",)),
    Rule(_STRIPE, _known("api_key"), ("k_live_", "k_test_")),
    Rule(_AWS_SECRET, _aws_secret, _AWS_SECRET_CONTEXT),  # before the key id, which it looks for
    Rule(_AWS_KEY_ID, _known("api_key"), ("akia", "asia")),
    Rule(_GOOGLE, _known("api_key"), ("aiza",)),
    Rule(_GITHUB, _known("token"), ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    Rule(_GITHUB_PAT, _known("token"), ("github_pat_",)),
    Rule(_SLACK, _known("token"), ("xox",)),
    Rule(_SLACK_WEBHOOK, _slack_webhook, ("hooks.slack.com",)),
    Rule(_JWT, _known("token"), ("eyj",)),
    Rule(_CONNECTION, _connection, ("://",)),
)
