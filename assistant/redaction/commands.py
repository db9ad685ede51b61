"""Rules for secrets in account pairs, headers and command lines: "root/P@ssw0rd", "Authorization: ...",
"Bearer ...", "mysql -pX", "sshpass -p X", "net user name pass"."""

from __future__ import annotations

import re

from assistant.redaction.keywords import alnum_before
from assistant.redaction.rule import Rule, Span
from assistant.redaction.values import LOWER_WORD, full_run, is_redacted, is_secret, value_at

__all__ = ["ACCOUNT_RULE", "COMMAND_RULES"]

# "root/P@ssw0rd", "admin:S3cret!x", "root Qwerty!23": a well-known account name, then its password.
_ACCOUNT = re.compile(
    r"(?<![A-Za-z0-9_.@/\\\-])(?P<user>administrator|admin|ec2-user|ubuntu|centos|root|user)"
    r"(?P<sep>[ \t]{0,3}[/:][ \t]{0,3}|[ \t]{1,3})",
    re.IGNORECASE,
)
_SPECIALS = frozenset("!@#$%^&*+=?~")
_PASSWD_FIELDS = re.compile(r"[^:\s]{0,64}:\d")  # "root:x:0:0:root:/root:/bin/bash" is /etc/passwd, not a password
_HOST = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?|localhost|[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+")


def _looks_like_password(value: str, *, strict: bool, min_len: int = 6) -> bool:
    """Whether a value after an account name is a password: letters with digits or symbols, not a path, a flag, a
    host, a version or a passwd line. `strict` (only a space after the name): letters, digits and a symbol, or
    upper and lower case letters with digits."""
    if len(value) < min_len or value[0] in "/~-.@[(<{'\"`" or "/" in value or is_redacted(value):
        return False
    letters = [ch for ch in value if ch.isascii() and ch.isalpha()]
    digit = any(ch.isdigit() for ch in value)
    special = any(ch in _SPECIALS for ch in value)
    if not letters or not (digit or special):
        return False
    if strict:
        if value[-1] in "$#>%":  # a shell prompt ("bash-4.2$")
            return False
        mixed_case = any(ch.isupper() for ch in letters) and any(ch.islower() for ch in letters)
        return digit and (special or (mixed_case and len(value) >= 8))
    return True


def _account(text: str, m: re.Match[str]) -> Span | None:
    found = value_at(text, m.end())
    if found is None:
        return None
    start, end, quoted, _ = found
    value = text[start:end]
    sep = m.group("sep")
    if ":" in sep and (":" in value or _PASSWD_FIELDS.match(value)):
        return None
    strict = sep.isspace() or m.group("user").lower() == "user"  # "user: kim2024" is a user name
    at = value.rfind("@")
    if at > 0 and _HOST.fullmatch(value, at + 1):  # "admin:S3cret!x@10.0.0.5": keep the host
        if not _looks_like_password(value[:at], strict=strict, min_len=6 if strict else 4):
            return None  # "user admin@10.0.0.1", "user: kim@example.com": an address
        return start, start + at, "password"
    if not _looks_like_password(value, strict=strict):
        return None
    return start, end if quoted else full_run(text, start, end), "password"


# A flag whose value is a password, by command: "sshpass -p X", "mysql -pX" (glued only: "mysql -p db" prompts),
# "redis-cli -a X", "ipmitool -P X", "curl -u user:X", "smbclient -U user%X". A flag belongs to the last command
# named before it on its line, so "sshpass -p X ssh -p 2222 host" leaves the port alone and "route -p add ..." or
# "ping -p ff" is never looked at.
_CLI_COMMAND = re.compile(
    r"(?<![\w./\-])(?P<cmd>sshpass|mysql(?:dump|admin|import|check|show|slap|sh)?|mariadb(?:-?[a-z]{1,8})?"
    r"|redis-cli|ipmitool|sqlcmd|bcp|curl|smbclient|ssh|scp|sftp|rsync|route|ping|telnet|nc|sudo|docker|kubectl"
    r"|git|psql|wget)(?![\w\-])",
    re.IGNORECASE,
)
_CLI_FLAG = re.compile(r"(?<![^\s'\"])(?P<flag>-[pPauU]|--user|--pass)(?P<glue>=|[ \t]{1,8}|(?=[^\s=]))")
# (command, flag) -> where the password is in the flag's value: all of it, or after the first ":" or "%".
_CLI_SECRET_FLAGS = {
    ("sshpass", "-p"): "whole",
    ("mysql", "-p"): "whole",
    ("redis-cli", "-a"): "whole",
    ("redis-cli", "--pass"): "whole",
    ("ipmitool", "-P"): "whole",
    ("sqlcmd", "-P"): "whole",
    ("bcp", "-P"): "whole",
    ("curl", "-u"): ":",
    ("curl", "--user"): ":",
    ("smbclient", "-U"): "%",
    ("smbclient", "--user"): "%",
}
_CLI_COMMANDS_WITH_SECRETS = frozenset(command for command, _ in _CLI_SECRET_FLAGS)
_CLI_TRIGGERS = ("sshpass", "mysql", "mariadb", "redis-cli", "ipmitool", "sqlcmd", "bcp", "curl", "smbclient")
# Where a command's flags end: the next command, "|", ";", "&" or the end of the line.
_CLI_STOP = re.compile(rf"[|;&\r\n]|{_CLI_COMMAND.pattern}", re.IGNORECASE)
_ENV_REFERENCE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")


def _cli(text: str, m: re.Match[str]) -> list[Span] | None:
    """Every password flag value of this command, up to where its flags end (all at once, so one pass is enough)."""
    command = m.group("cmd").lower()
    command = "mysql" if command.startswith(("mysql", "mariadb")) else command
    if command not in _CLI_COMMANDS_WITH_SECRETS:
        return None
    stop = _CLI_STOP.search(text, m.end())
    reach = len(text) if stop is None else stop.start()
    spans: list[Span] = []
    pos = m.end()
    while (flag := _CLI_FLAG.search(text, pos, reach)) is not None:
        span = _cli_value(text, flag, command)
        spans += [span] if span is not None else []
        pos = flag.end() if span is None else max(span[1], flag.end())
    return spans or None


def _cli_value(text: str, flag: re.Match[str], command: str) -> Span | None:
    mode = _CLI_SECRET_FLAGS.get((command, flag.group("flag")))
    if mode is None or (command == "mysql" and flag.group("glue")):  # "mysql -p db" prompts for the password
        return None
    found = value_at(text, flag.end())
    if found is None:
        return None
    start, end, quoted, _ = found
    end = end if quoted else full_run(text, start, end)
    value = text[start:end]
    if mode != "whole":
        split = value.find(mode)
        if split < 0:
            return None  # "curl -u admin": curl asks for the password
        start += split + 1
        value = value[split + 1 :]
    if not value or is_redacted(value) or (not quoted and (value[0] == "-" or _ENV_REFERENCE.fullmatch(value))):
        return None
    return start, end, "password"


# "net user administrator Passw0rd!" (Windows): the word after the user name, unless it is a switch ("/add").
_NET_USER = re.compile(r"(?<![\w\-])net[ \t]+user[ \t]+(?:\"[^\"\r\n]{1,64}\"|[^\s\"/]{1,64})[ \t]+", re.I)


def _net_user(text: str, m: re.Match[str]) -> Span | None:
    found = value_at(text, m.end())
    if found is None:
        return None
    start, end, quoted, _ = found
    value = text[start:end]
    if is_redacted(value) or (not quoted and (value[0] == "/" or value == "*")):
        return None
    return start, end if quoted else full_run(text, start, end), "password"


_AUTHORIZATION = re.compile(
    r"(?:proxy-)?authori[sz]ation[\"']?\s{0,8}[:=]\s{0,8}"
    r"(?:(?P<scheme>bearer|basic|token|bot|apikey|api-key|sso-key|negotiate|ntlm|digest|aws4-hmac-sha256)\s{1,8})?",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\r\n]*")


def _authorization(text: str, m: re.Match[str]) -> Span | None:
    """An HTTP Authorization header's credentials (the scheme word stays)."""
    if alnum_before(text, m.start()):
        return None
    if (m.group("scheme") or "").lower() in ("digest", "aws4-hmac-sha256"):  # "k=v, k=v" with spaces: whole line
        end = _LINE.match(text, m.end()).end()
        value = text[m.end() : end]
        return None if not value.strip() or is_redacted(value) else (m.end(), end, "token")
    found = value_at(text, m.end())
    if found is None:
        return None
    start, end, quoted, length = found
    value = text[start:end]
    if is_redacted(value) or not (quoted or is_secret(value, length, min_len=8, keyish=True, weak=False)):
        return None
    return start, end if quoted else full_run(text, start, end), "token"


_BEARER = re.compile(r"bearer\s{1,8}(?P<token>[A-Za-z0-9\-._~+/]{16,}=*)", re.IGNORECASE)


def _bearer(text: str, m: re.Match[str]) -> Span | None:
    if alnum_before(text, m.start()) or LOWER_WORD.fullmatch(m.group("token")):
        return None
    return m.start("token"), m.end("token"), "token"


COMMAND_RULES: tuple[Rule, ...] = (
    Rule(_AUTHORIZATION, _authorization, ("authori",)),
    Rule(_BEARER, _bearer, ("bearer",)),
    Rule(_CLI_COMMAND, _cli, _CLI_TRIGGERS),
    Rule(_NET_USER, _net_user, ("net",)),
)
ACCOUNT_RULE = Rule(_ACCOUNT, _account, ("root", "admin", "ubuntu", "centos", "user"))
