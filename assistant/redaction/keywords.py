"""Rules for "keyword: value": passwords, PINs and pre-shared keys after their Korean or English names, and
generic secrets (keys, tokens) after theirs ("root 패스워드는 Abc123! 입니다", "api_key=...", "PSK is ...")."""

from __future__ import annotations

import re

from assistant.redaction.rule import Rule, Span
from assistant.redaction.values import (
    DIGIT_GROUPS,
    STOPWORDS,
    full_run,
    hangul_value,
    is_quantity,
    is_redacted,
    is_secret,
    plain_word,
    value_at,
)

__all__ = ["KEYWORD_RULES", "alnum_before"]

# A real separator: "password: x", "pw=x", "password is x", "비밀번호는 x", "password는 x", "password - x".
_SEP = (
    r"(?P<sep>[\"'`]?\s{0,8}(?::=|=>|->|[:=：＝])\s{0,8}"
    r"|\s{1,8}(?:is|was|(?:will|would|shall|should)\s{1,8}be|[-–—])"
    r"(?:\s{1,8}(?:now|still|just|(?:set|changed|reset)\s{1,8}to))?[:=]?\s{1,8}"
    r"|\s{0,3}(?:는|은|가|이|란|이란)\s{0,8}(?:[:=：]\s{0,8})?)"
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
    rf"(?:{_SEP}|(?P<gweak>\s{{1,8}}))",
    re.IGNORECASE,
)
WEAK_KEY_MIN_LEN = 12
"""A key or token without a separator ("my token ktc_live_8f3a…") counts only when it is this long and key-like."""
_PAIR_BEFORE = re.compile(r"(?:(?<![A-Za-z0-9])id|user(?:name)?|login|account|계정|아이디)\s{0,3}/\s{0,3}\Z", re.I)
_PAIR_USER = re.compile(r"[^\s/,'\"]{1,128}\s{0,8}[/,]\s{0,8}")
_COLON_OR_EQUAL = re.compile(r"[:=：＝]")


def alnum_before(text: str, pos: int) -> bool:
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
    found = value_at(text, pos)
    if found is None:
        return None
    value_start, value_end, quoted, length = found
    value = text[value_start:value_end]
    if nested and is_redacted(value):
        return value_start, value_end, kind  # the inner label's secret is already gone: the label is still a label
    if quoted:
        word = plain_word(value)
        if is_redacted(value) or (word is not None and word.lower() in STOPWORDS):
            return None
        return value_start, value_end, kind
    password = kind == "password"
    if not is_secret(value, length, min_len=min_len, keyish=not password, weak=weak):
        return None
    if password and is_quantity(text, value, value_end):
        return None
    if not nested:
        if _labels_a_secret(text, value_start):
            return None  # "password: pw: Abc1" -> leave it to the inner "pw:" (the secret is after it)
        value_end = full_run(text, value_start, value_end)
        if password and value.isdigit() and (groups := DIGIT_GROUPS.match(text, value_end)) is not None:
            value_end = groups.end()  # "비밀번호 1234 5678": all of it
    return value_start, value_end, kind


def _password_value(text: str, pos: int, *, min_len: int, weak: bool, nested: bool) -> Span | None:
    """A password at `pos`: an ASCII (or quoted) value, or one that starts in Hangul ("안녕하세요123")."""
    span = _value_span(text, pos, "password", min_len=min_len, weak=weak, nested=nested)
    if span is None and pos < len(text) and "가" <= text[pos] <= "힣":
        hangul = hangul_value(text, pos)
        if hangul is not None and (nested or not _labels_a_secret(text, pos)):
            return *hangul, "password"
    return span


def _assignment(text: str, m: re.Match[str], *, password: bool, nested: bool = False) -> Span | None:
    """The value span after a password/key word and its separator, or None when what follows is not a secret."""
    keyword = m.group("kw").lower()
    if not password:
        kind = _generic_kind(keyword)
        weak = m.group("gweak") is not None
        min_len = WEAK_KEY_MIN_LEN if weak else 6 if kind == "preshared_key" else 8
        return _value_span(text, m.end(), kind, min_len=min_len, weak=weak, nested=nested)
    sep, weak_sep = m.group("sep"), m.group("weak")
    weak = weak_sep is not None
    pin = keyword == "pin"  # "PIN 번호", "pin code": unambiguous, like any password word
    if (keyword in _SHORT_PASSWORD_WORDS or keyword.startswith("pin")) and alnum_before(text, m.start()):
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


KEYWORD_RULES: tuple[Rule, ...] = (
    Rule(_GENERIC, _generic, ("key", "secret", "token", "시크릿", "키", "토큰", "psk", "shared")),
    Rule(_PASSWORD, _password, ("pass", "pw", "비밀", "비번", "패스", "암호", "pin", "핀")),
)
