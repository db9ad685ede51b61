"""Redact passwords, private keys, API keys and tokens from a user's chat message.

Why: the official guide asks customers to give a VM's root password to the support centre, so customers paste
passwords (and sometimes keys or tokens) into the chat. The chat engine calls `redact_secrets` first thing, before
the message is stored, logged, sent to retrieval or shown back, so no secret value gets past this function.

Only the secret *value* is replaced: "root 패스워드는 Abc123! 입니다" becomes "root 패스워드는 [REDACTED] 입니다", so
the question stays readable and answerable. Ordinary questions about passwords ("비밀번호는 어디로 보내나요?",
"What is the password policy?") are left untouched.

Every pattern is linear (bounded quantifiers or single-class runs, no nested repetition) and every rule is skipped
unless a cheap substring test finds its trigger, so a 100 000-character message is safe and a chat message takes
well under a millisecond. Standard library only.

Disguised input is seen through: detection runs on an NFKC-normalised copy with invisible (format) characters
removed, so "ｐａｓｓｗｏｒｄ： Ａｂｃ１２３！" or a soft hyphen inside "비밀번호" hides nothing. When that copy holds a
secret, the returned text is the redacted copy (NFKC, no format characters: what the engine stores anyway); a
message without a secret is always returned exactly as it came.

Kinds reported: "password" (also PINs, account/password pairs like "root/P@ssw0rd" and command-line passwords like
"mysql -pX" or "sshpass -p X"), "private_key", "api_key" (also an AWS secret access key), "token",
"connection_string" and "preshared_key" (a VPN/IPsec pre-shared key).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

__all__ = ["REDACTED", "Redaction", "redact_secrets"]

REDACTED = "[REDACTED]"


@dataclass(frozen=True, slots=True)
class Redaction:
    """A message with its secrets replaced, and which kinds of secret were found (so the engine can warn the user)."""

    text: str
    kinds: tuple[str, ...]

    @property
    def found(self) -> bool:
        """True when at least one secret was redacted: the engine then tells the user not to paste secrets."""
        return bool(self.kinds)


# --- value heuristics -----------------------------------------------------------------------------------------------

# A value after "password is" that is one of these English words is a question or a remark, not a secret.
_STOPWORDS = frozenset(
    word
    for group in (
        "a an the my your our their his her its this that these those it me you we they mine yours",
        "is are was were be been being am will would should can could must may might do does did has have had",
        "not no yes none null nil true false empty blank unknown undefined missing default",
        "what where when how why who which whom whose whether",
        "required require requires needed need needs necessary mandatory optional",
        "set unset changed change changes reset expired expire expires expiring renewed rotated updated",
        "shared share sharing sent send sending stored saved kept given provided requested generated issued created",
        "lost forgotten forgot locked blocked incorrect correct wrong invalid valid right ok okay fine good bad",
        "same different strong weak long short too very also still just only even really",
        "case sensitive insensitive policy policies rule rules requirement requirements length format complexity",
        "and or but for of to in on at by with from as if then than so about into via",
        "please there here now again already see check ask call contact refer follows tbd",
        "encrypted hashed hidden masked visible shown displayed known protected secure safe private public",
        "working broken used using enabled disabled active inactive applied",
        "emailed mailed texted delivered received typed entered prompted asked included attached",
        "below above following next something anything nothing everything etc",
        "password passwd passphrase passcode pw pwd pass token secret key apikey",
    )
    for word in group.split()
)
_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*[.,;:!?]*")  # a plain (maybe hyphenated) word
_LOWER_WORD = re.compile(r"[A-Z]?[a-z]+(?:[-'][a-z]+)*")  # "hello", "Hello", "e-mail": a word, not a key
_TECH = re.compile(
    r"(?:sha|aes|rsa|des|3des|md5|hmac|tls|ssl|ecdsa|ed25519|bcrypt|scrypt|argon2|pbkdf2)-?\d{0,4}", re.I
)
_MASK = re.compile(r"[*•●·xX]+")  # "********": already masked by the user
_PATH = re.compile(
    r"(?:~|\.{1,2}|/(?:home|root|etc|var|tmp|usr|opt|srv|mnt|Users))/\S*"
)  # "~/.ssh/id_rsa": where a key is, not the key
_TRAILING_PUNCTUATION = ".,;:!?"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_QUOTES = {"'": "'", '"': '"', "`": "`", "‘": "’", "“": "”", "「": "」", "『": "』"}
_AFTER_QUOTE = frozenset(" \t\r\n,.;:!?)]}")
_MAX_QUOTED = 256
_MAX_JUDGED = 128
_RUN = re.compile(r"[!-~]+")  # printable ASCII without spaces: stops at whitespace and at glued Hangul ("Abc1!입니다")


def _is_redacted(value: str) -> bool:
    """Already "[REDACTED]" (maybe with punctuation around it): a second pass must not redact it again."""
    return REDACTED in value and not any(ch.isalnum() for ch in value.replace(REDACTED, ""))


def _trim(value: str) -> str:
    """Drop closing brackets and quotes that belong to the sentence, not the value: "(password: abc1)" keeps ")"."""
    while value:
        last = value[-1]
        unbalanced_closer = last in _CLOSERS and value.count(_CLOSERS[last]) < value.count(last)
        unbalanced_quote = last in "\"'`" and value.count(last) % 2 == 1
        if not (unbalanced_closer or unbalanced_quote):
            break
        value = value[:-1]
    return value


def _value_at(text: str, pos: int) -> tuple[int, int, bool, int] | None:
    """The value starting at `pos` as (start, end, quoted, length before trimming): a quoted phrase (quotes kept)
    or a run of ASCII.

    An unquoted run is judged on its first `_MAX_JUDGED` characters and only extended to its real end once accepted
    (`_full_run`), which keeps a long run like "password:password:..." linear.
    """
    if pos >= len(text):
        return None
    close = _QUOTES.get(text[pos])
    if close is not None:
        end = text.find(close, pos + 1, pos + 2 + _MAX_QUOTED)
        if end > pos + 1 and "\n" not in text[pos + 1 : end]:
            after = text[end + 1 : end + 2]
            if not after or after in _AFTER_QUOTE or not after.isascii():
                return pos + 1, end, True, end - pos - 1
    run = _RUN.match(text, pos, pos + _MAX_JUDGED)
    if run is None:
        return None
    value = run.group() if run.end() - pos == _MAX_JUDGED else _trim(run.group())
    return (pos, pos + len(value), False, run.end() - pos) if value else None


def _full_run(text: str, start: int, end: int) -> int:
    """The real end of an accepted unquoted value that reached the judging limit (a secret has no length limit)."""
    if end - start < _MAX_JUDGED:
        return end
    return start + len(_trim(_RUN.match(text, start).group()))


def _plain_word(value: str) -> str | None:
    """The word itself when the value is just a word with sentence punctuation ("required?" -> "required")."""
    return value.rstrip(_TRAILING_PUNCTUATION) if _WORD.fullmatch(value) else None


def _is_secret(value: str, length: int, *, min_len: int, keyish: bool, weak: bool) -> bool:
    """Whether a value after a password/key word is a secret rather than ordinary words.

    `length` is counted before a closing bracket was trimmed off ("token: 000000A)" is still 8 characters).
    `keyish`: an API key or token is never a dictionary-looking word. `weak`: no real separator ("password Abc1!",
    "비밀번호를 qwer1234로"), so only a value that looks like a password (letters plus digits or symbols) counts.
    """
    if length < min_len or _is_redacted(value) or _MASK.fullmatch(value):
        return False
    word = _plain_word(value)
    if word is not None:
        if value.endswith("?") or all(part in _STOPWORDS for part in re.split(r"[-']", word.lower())):
            return False
        if word.isupper() and len(word) <= 5:  # OTP, SMS, SSH, MFA: a term, not a password
            return False
        if keyish and _LOWER_WORD.fullmatch(word):
            return False
    if _TECH.fullmatch(value.rstrip(_TRAILING_PUNCTUATION)) or (keyish and _PATH.fullmatch(value)):
        return False
    if weak:
        if value.isascii() and value.isdigit():  # "비번 12345678", "PIN is 4829": a number after a password word
            return len(value) >= 4
        has_letter = any(ch.isalpha() for ch in value)
        has_other = any(not ch.isalpha() for ch in value)
        if _ADDRESS.fullmatch(value.rstrip(_TRAILING_PUNCTUATION)):  # "비밀번호 문의: help@kt.com"
            return False
        return word is None and len(value) >= 6 and has_letter and has_other and "://" not in value
    return True


# An e-mail or web address with a common top-level domain: where to ask, not a password.
_ADDRESS = re.compile(
    r"(?:[A-Za-z0-9._%+\-]{1,64}@)?(?:[A-Za-z0-9\-]{1,63}\.){1,8}(?:com|net|org|kr|io|co|biz|info|gov|edu)",
    re.IGNORECASE,
)


def _is_quantity(text: str, value: str, end: int) -> bool:
    """A number glued to a Korean counter ("비밀번호는 8~16자", "90일마다") is a rule, not a password."""
    return _NUMBER_RANGE.fullmatch(value) is not None and _COUNTER.match(text, end) is not None


_NUMBER_RANGE = re.compile(r"\d{1,4}(?:[~\-]\d{1,4})?")
_COUNTER = re.compile(
    r"(?:자리|글자|문자|자|일|개월|달|주|회|번째|번|분|초|시간|년|개|가지|차|단계|이상|이하|미만|초과)"
)
_DIGIT_GROUPS = re.compile(r"(?:[ \t]\d{2,}(?![A-Za-z\d]))+")  # "비밀번호 1234 5678": the rest of a spaced number
# "비밀번호는 안녕하세요123 입니다": Hangul then digits or symbols, up to a space (not "영문8자", "특수문자(!@#)").
_HANGUL_VALUE = re.compile(r"[가-힣]{1,24}(?P<tail>[!-~]{2,64})(?!\S)")


def _hangul_value(text: str, pos: int) -> tuple[int, int] | None:
    """A password that starts in Hangul and mixes in digits or symbols ("안녕하세요123"), as (start, end)."""
    m = _HANGUL_VALUE.match(text, pos)
    if m is None:
        return None
    tail = m.group("tail")
    core = tail.rstrip(_TRAILING_PUNCTUATION)
    if tail[0] in "([{<'\"`" or REDACTED in tail or len(core) < 2 or core.isalpha():
        return None
    return m.start(), m.start() + len(_trim(m.group()))


# --- "keyword: value" rules -----------------------------------------------------------------------------------------

# A real separator: "password: x", "pw=x", "password is x", "비밀번호는 x", "password는 x", "password - x".
_SEP = (
    r"(?P<sep>[\"'`]?\s{0,8}(?::=|=>|->|[:=：＝])\s{0,8}"
    r"|\s{1,8}(?:is|was|[-–—])(?:\s{1,8}(?:now|still|just|(?:set|changed|reset)\s{1,8}to))?[:=]?\s{1,8}"
    r"|(?:는|은|가|이)\s{0,8}(?:[:=：]\s{0,8})?)"
)
# "The password for root is x", "password of the VM: x".
_QUALIFIER = r"(?P<qual>\s{1,8}(?:for|of|to|on)\s{1,8}[^\s:=]{1,64}(?:\s{1,8}[^\s:=]{1,64})?)?"
# No real separator: "root 비번 Qwer!234", "set the password to Abc1!", "비밀번호를 qwer1234로".
_WEAK_SEP = r"(?P<weak>(?:을|를)\s{0,8}|\s{1,8}(?:(?:to|as)\s{1,8})?)"

# The separator is optional so that a glued value ("패스워드Abc123!") or a Korean phrase before the value
# ("비밀번호가 뭐냐면 x", "비번 알려드릴게요: x") is still looked at; the judge decides.
_PASSWORD = re.compile(
    r"(?P<kw>pass(?:word|wd|phrase|code)|비밀\s?번호|비번|패스\s?워드|암호|pwd|pw|pass"
    r"|pin(?:\s?(?:code|number|번호))?|핀\s?번호)"
    rf"(?:{_QUALIFIER}{_SEP}|{_WEAK_SEP})?",
    re.IGNORECASE,
)
_SHORT_PASSWORD_WORDS = frozenset({"pwd", "pw", "pass"})  # whole words only: not "rootpw", "bypass"
# "root pass is x": "pass" with "is" only after an account word (not "boarding pass is ABC12345").
_ACCOUNT_BEFORE = re.compile(
    r"(?<![A-Za-z0-9])(?:root|admin|administrator|user|login|account|vm|server|ssh|sudo|db|database|wi-?fi|루트|계정)"
    r"\s{1,3}\Z",
    re.IGNORECASE,
)
# A short Korean phrase between the password word and the value: "비밀번호가 뭐냐면 x", "비번 알려드릴게요: x",
# "비밀번호는 다음과 같습니다. x" (a colon, or one of these "here it is" phrases, must end it).
_TELL = (
    r"(?:뭐냐(?:\s?하)?면|무엇이냐면|(?:알려|말씀|적어)\s?드리(?:면|자면)|(?:다음|아래)[과와]\s?같(?:습니다|아요|음))"
)
_BRIDGE = re.compile(
    r"(?:[은는이가을를]\s{0,4}|\s{1,4})"
    rf"(?:{_TELL}\s{{0,4}}[:：,.]?|(?:[가-힣]{{1,10}}\s{{1,4}}){{0,2}}[가-힣]{{1,10}}\s{{0,4}}[:：=＝])\s{{0,8}}"
)
_GENERIC = re.compile(
    r"(?P<kw>api[_\- ]?key|apikey|client[_\-]?secret|secret(?:[_\-]?(?:access[_\-]?)?key)?|access[_\-]?key"
    r"|private[_\-]?key|token|시크릿(?:\s?키)?|api\s?키|액세스\s?키|인증\s?키|비밀\s?키|개인\s?키|토큰"
    r"|pre[_\- ]?shared[_\- ]?(?:key|secret)|(?<![A-Za-z0-9])psk(?![A-Za-z0-9])|사전\s?공유\s?(?:키|비밀\s?키))"
    rf"{_SEP}",
    re.IGNORECASE,
)
_PAIR_BEFORE = re.compile(r"(?:(?<![A-Za-z0-9])id|user(?:name)?|login|account|계정|아이디)\s{0,3}/\s{0,3}\Z", re.I)
_PAIR_USER = re.compile(r"[^\s/,'\"]{1,128}\s{0,8}[/,]\s{0,8}")
_COLON_OR_EQUAL = re.compile(r"[:=：＝]")

Span = tuple[int, int, str]


def _alnum_before(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1].isascii() and text[pos - 1].isalnum()


def _generic_kind(keyword: str) -> str:
    keyword = keyword.lower()
    if "token" in keyword or "토큰" in keyword:
        return "token"
    if "private" in keyword or "개인" in keyword:
        return "private_key"
    if "shared" in keyword or "psk" in keyword or "공유" in keyword:
        return "preshared_key"
    return "api_key"


def _value_span(text: str, pos: int, kind: str, *, min_len: int, weak: bool, nested: bool) -> Span | None:
    """The secret starting at `pos` (after a password/key word and its separator), or None when what is there is
    not a secret."""
    found = _value_at(text, pos)
    if found is None:
        return None
    value_start, value_end, quoted, length = found
    value = text[value_start:value_end]
    if nested and _is_redacted(value):
        return value_start, value_end, kind  # the inner label's secret is already gone: the label is still a label
    if quoted:
        word = _plain_word(value)
        if _is_redacted(value) or (word is not None and word.lower() in _STOPWORDS):
            return None
        return value_start, value_end, kind
    password = kind == "password"
    if not _is_secret(value, length, min_len=min_len, keyish=not password, weak=weak):
        return None
    if password and _is_quantity(text, value, value_end):
        return None
    if not nested:
        if _labels_a_secret(text, value_start):
            return None  # "password: pw: Abc1" -> leave it to the inner "pw:" (the secret is after it)
        value_end = _full_run(text, value_start, value_end)
        if password and value.isdigit() and (groups := _DIGIT_GROUPS.match(text, value_end)) is not None:
            value_end = groups.end()  # "비밀번호 1234 5678": all of it
    return value_start, value_end, kind


def _password_value(text: str, pos: int, *, min_len: int, weak: bool, nested: bool) -> Span | None:
    """A password at `pos`: an ASCII (or quoted) value, or one that starts in Hangul ("안녕하세요123")."""
    span = _value_span(text, pos, "password", min_len=min_len, weak=weak, nested=nested)
    if span is None and pos < len(text) and "가" <= text[pos] <= "힣":
        hangul = _hangul_value(text, pos)
        if hangul is not None and (nested or not _labels_a_secret(text, pos)):
            return *hangul, "password"
    return span


def _assignment(text: str, m: re.Match[str], *, password: bool, nested: bool = False) -> Span | None:
    """The value span after a password/key word and its separator, or None when what follows is not a secret."""
    keyword = m.group("kw").lower()
    if not password:
        kind = _generic_kind(keyword)
        min_len = 6 if kind == "preshared_key" else 8
        return _value_span(text, m.end(), kind, min_len=min_len, weak=False, nested=nested)
    sep, weak_sep = m.group("sep"), m.group("weak")
    weak = weak_sep is not None
    pin = keyword == "pin"  # "PIN 번호", "pin code": unambiguous, like any password word
    if (keyword in _SHORT_PASSWORD_WORDS or keyword.startswith("pin")) and _alnum_before(text, m.start()):
        return None
    if keyword == "pass" or pin:
        if sep is None:
            return None  # "pass" and "pin" are too common as words: only "pass: x", "PIN is 1234", ...
        if keyword == "pass" and not _COLON_OR_EQUAL.search(sep):
            if not (m.group("qual") or _ACCOUNT_BEFORE.search(text, max(0, m.start() - 24), m.start())):
                return None
            weak = True  # "the root pass for the VM is x": only a value that looks like a password
        weak = weak or pin
    if sep is not None or weak_sep is not None:
        start = m.end()
        if sep is not None and _PAIR_BEFORE.search(text, max(0, m.start() - 24), m.start()):
            user = _PAIR_USER.match(text, start)  # "ID/PW: root / Abc123!" -> keep "root"
            if user is not None:
                start = user.end()
        span = _password_value(text, start, min_len=3, weak=weak, nested=nested)
        if span is not None or (start < len(text) and not ("가" <= text[start] <= "힣")):
            return span
    elif keyword[0] >= "가" and m.end() < len(text) and "!" <= text[m.end()] <= "~":
        return _value_span(text, m.end(), "password", min_len=3, weak=True, nested=nested)  # "패스워드Abc123!"
    if keyword == "pass" or pin:
        return None
    bridge = _BRIDGE.match(text, m.end("kw"))  # "비밀번호가 뭐냐면 x", "비번 알려드릴게요: x"
    if bridge is None:
        return None
    return _password_value(text, bridge.end(), min_len=3, weak=True, nested=nested)


def _labels_a_secret(text: str, pos: int) -> bool:
    """Whether `pos` starts another "keyword: secret" pair, so the text there is a label, not the value.

    A pair whose secret is already "[REDACTED]" counts too, so that a second pass over "password: pw: [REDACTED]"
    leaves it alone (redacting twice must change nothing)."""
    for pattern, password in ((_PASSWORD, True), (_GENERIC, False)):
        m = pattern.match(text, pos)
        if m is not None and _assignment(text, m, password=password, nested=True) is not None:
            return True
    return False


def _password(text: str, m: re.Match[str]) -> Span | None:
    return _assignment(text, m, password=True)


def _generic(text: str, m: re.Match[str]) -> Span | None:
    return _assignment(text, m, password=False)


# --- account/password pairs and command lines -----------------------------------------------------------------------

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
    if len(value) < min_len or value[0] in "/~-.@[(<{'\"`" or "/" in value or _is_redacted(value):
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
    found = _value_at(text, m.end())
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
    return start, end if quoted else _full_run(text, start, end), "password"


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
    found = _value_at(text, flag.end())
    if found is None:
        return None
    start, end, quoted, _ = found
    end = end if quoted else _full_run(text, start, end)
    value = text[start:end]
    if mode != "whole":
        split = value.find(mode)
        if split < 0:
            return None  # "curl -u admin": curl asks for the password
        start += split + 1
        value = value[split + 1 :]
    if not value or _is_redacted(value) or (not quoted and (value[0] == "-" or _ENV_REFERENCE.fullmatch(value))):
        return None
    return start, end, "password"


# "net user administrator Passw0rd!" (Windows): the word after the user name, unless it is a switch ("/add").
_NET_USER = re.compile(r"(?<![\w\-])net[ \t]+user[ \t]+(?:\"[^\"\r\n]{1,64}\"|[^\s\"/]{1,64})[ \t]+", re.I)


def _net_user(text: str, m: re.Match[str]) -> Span | None:
    found = _value_at(text, m.end())
    if found is None:
        return None
    start, end, quoted, _ = found
    value = text[start:end]
    if _is_redacted(value) or (not quoted and (value[0] == "/" or value == "*")):
        return None
    return start, end if quoted else _full_run(text, start, end), "password"


_AUTHORIZATION = re.compile(
    r"(?:proxy-)?authori[sz]ation[\"']?\s{0,8}[:=]\s{0,8}"
    r"(?:(?P<scheme>bearer|basic|token|bot|apikey|api-key|sso-key|negotiate|ntlm|digest|aws4-hmac-sha256)\s{1,8})?",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\r\n]*")


def _authorization(text: str, m: re.Match[str]) -> Span | None:
    """An HTTP Authorization header's credentials (the scheme word stays)."""
    if _alnum_before(text, m.start()):
        return None
    if (m.group("scheme") or "").lower() in ("digest", "aws4-hmac-sha256"):  # "k=v, k=v" with spaces: whole line
        end = _LINE.match(text, m.end()).end()
        value = text[m.end() : end]
        return None if not value.strip() or _is_redacted(value) else (m.end(), end, "token")
    found = _value_at(text, m.end())
    if found is None:
        return None
    start, end, quoted, length = found
    value = text[start:end]
    if _is_redacted(value) or not (quoted or _is_secret(value, length, min_len=8, keyish=True, weak=False)):
        return None
    return start, end if quoted else _full_run(text, start, end), "token"


_BEARER = re.compile(r"bearer\s{1,8}(?P<token>[A-Za-z0-9\-._~+/]{16,}=*)", re.IGNORECASE)


def _bearer(text: str, m: re.Match[str]) -> Span | None:
    if _alnum_before(text, m.start()) or _LOWER_WORD.fullmatch(m.group("token")):
        return None
    return m.start("token"), m.end("token"), "token"


# --- well-known formats, anywhere in the text -----------------------------------------------------------------------


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
    if not (scheme_char.isascii() and (scheme_char.isalnum() or scheme_char in "+.-")) or _is_redacted(m["pw"]):
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


# --- private keys ---------------------------------------------------------------------------------------------------

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


# --- driver ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern, the judge that turns a match into a span to redact (or None), and lower-case trigger substrings:
    the rule runs only when one of them is in the message, which keeps an ordinary message cheap."""

    pattern: re.Pattern[str]
    judge: Callable[[str, re.Match[str]], Span | list[Span] | None]
    triggers: tuple[str, ...]


# Order matters: whole blocks and unmistakable formats first, so the keyword rules after them see "[REDACTED]".
_RULES: tuple[_Rule, ...] = (
    _Rule(_PEM_BEGIN, _pem, ("private",)),
    _Rule(_PUTTY_BEGIN, _putty, ("putty-user-key-file",)),
    _Rule(_OPENAI, _known("api_key", digits=True), ("sk-",)),
    _Rule(_STRIPE, _known("api_key"), ("k_live_", "k_test_")),
    _Rule(_AWS_SECRET, _aws_secret, _AWS_SECRET_CONTEXT),  # before the key id, which it looks for
    _Rule(_AWS_KEY_ID, _known("api_key"), ("akia", "asia")),
    _Rule(_GOOGLE, _known("api_key"), ("aiza",)),
    _Rule(_GITHUB, _known("token"), ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _Rule(_GITHUB_PAT, _known("token"), ("github_pat_",)),
    _Rule(_SLACK, _known("token"), ("xox",)),
    _Rule(_SLACK_WEBHOOK, _slack_webhook, ("hooks.slack.com",)),
    _Rule(_JWT, _known("token"), ("eyj",)),
    _Rule(_CONNECTION, _connection, ("://",)),
    _Rule(_AUTHORIZATION, _authorization, ("authori",)),
    _Rule(_BEARER, _bearer, ("bearer",)),
    _Rule(_CLI_COMMAND, _cli, _CLI_TRIGGERS),
    _Rule(_NET_USER, _net_user, ("net",)),
    _Rule(_GENERIC, _generic, ("key", "secret", "token", "시크릿", "키", "토큰", "psk", "shared")),
    _Rule(_PASSWORD, _password, ("pass", "pw", "비밀", "비번", "패스", "암호", "pin", "핀")),
    _Rule(_ACCOUNT, _account, ("root", "admin", "ubuntu", "centos", "user")),  # after the password words
)
_MAX_PASSES = 4


def _apply(text: str, lowered: str, rule: _Rule, kinds: set[str]) -> str:
    """Replace every span the rule accepts; a rejected match resumes one character later, so nothing is skipped."""
    if not any(trigger in lowered for trigger in rule.triggers):
        return text
    pieces: list[str] = []
    done = pos = 0
    while (m := rule.pattern.search(text, pos)) is not None:
        found = rule.judge(text, m)
        if not found:
            pos = m.start() + 1
            continue
        for start, end, kind in found if isinstance(found, list) else [found]:  # a list: in order, no overlap
            pieces += [text[done : max(start, done)], REDACTED]
            kinds.add(kind)
            done = max(done, end)
        pos = max(done, m.start() + 1)
    return "".join([*pieces, text[done:]]) if pieces else text


@cache
def _invisible() -> re.Pattern[str]:
    """Format characters (soft hyphen, zero-width space and joiners, bidi marks, BOM, tags...) and the other
    default-ignorable characters that render as nothing (Hangul fillers, variation selectors). Built on first use."""
    codes = [cp for cp in (*range(0x20000), *range(0xE0000, 0xE1000)) if unicodedata.category(chr(cp)) == "Cf"]
    codes += [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164, 0xFFA0]
    codes += [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
    ranges: list[list[int]] = []
    for cp in sorted(set(codes)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if a < b else "") for a, b in ranges)
    return re.compile("[" + "".join(parts) + "]")


def _fold(text: str) -> str:
    """`text` as detection sees it: NFKC ("ｐａｓｓｗｏｒｄ" -> "password") without invisible characters, or `text`
    itself when it is already that (always for ASCII)."""
    if text.isascii():
        return text
    invisible = _invisible()
    if unicodedata.is_normalized("NFKC", text) and invisible.search(text) is None:
        return text
    for _ in range(4):  # removing a joiner can let NFKC compose again: repeat until nothing changes
        folded = invisible.sub("", unicodedata.normalize("NFKC", invisible.sub("", text)))
        if folded == text:
            break
        text = folded
    return text


def _redact(text: str) -> tuple[str, set[str]]:
    kinds: set[str] = set()
    for _ in range(_MAX_PASSES):
        before = text
        lowered = text.lower()  # redaction only removes text, so the triggers found here stay valid for this pass
        for rule in _RULES:
            text = _apply(text, lowered, rule, kinds)
        if text == before:
            break
    return text, kinds


def redact_secrets(text: str) -> Redaction:
    """Replace every password, private key, API key and token value in `text` with REDACTED.

    Detects on `_fold(text)`, so full-width letters and invisible characters hide no secret; when a secret is found
    the redacted text is that folded form, otherwise `text` comes back unchanged. Runs the rules until nothing
    changes (at most a few passes), so redacting twice equals redacting once and "[REDACTED]" itself is never taken
    for a secret.
    """
    redacted, kinds = _redact(_fold(text))
    if not kinds:
        return Redaction(text=text, kinds=())
    return Redaction(text=redacted, kinds=tuple(sorted(kinds)))
