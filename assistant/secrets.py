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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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
        has_letter = any(ch.isalpha() for ch in value)
        has_other = any(not ch.isalpha() for ch in value)
        return word is None and len(value) >= 6 and has_letter and has_other and "://" not in value
    return True


# --- "keyword: value" rules -----------------------------------------------------------------------------------------

# A real separator: "password: x", "pw=x", "password is x", "비밀번호는 x", "password는 x", "password - x".
_SEP = (
    r"(?P<sep>[\"'`]?\s{0,8}(?::=|=>|->|[:=：＝])\s{0,8}"
    r"|\s{1,8}(?:is|was|[-–—])(?:\s{1,8}(?:now|still|just|(?:set|changed|reset)\s{1,8}to))?[:=]?\s{1,8}"
    r"|(?:는|은|가|이)\s{0,8}(?:[:=：]\s{0,8})?)"
)
# "The password for root is x", "password of the VM: x".
_QUALIFIER = r"(?:\s{1,8}(?:for|of|to|on)\s{1,8}[^\s:=]{1,64}(?:\s{1,8}[^\s:=]{1,64})?)?"
# No real separator: "root 비번 Qwer!234", "set the password to Abc1!", "비밀번호를 qwer1234로".
_WEAK_SEP = r"(?P<weak>(?:을|를)\s{0,8}|\s{1,8}(?:(?:to|as)\s{1,8})?)"

_PASSWORD = re.compile(
    r"(?P<kw>pass(?:word|wd|phrase|code)|비밀\s?번호|비번|패스\s?워드|암호|pwd|pw|pass)"
    rf"(?:{_QUALIFIER}{_SEP}|{_WEAK_SEP})",
    re.IGNORECASE,
)
_SHORT_PASSWORD_WORDS = frozenset({"pwd", "pw", "pass"})  # whole words only: not "rootpw", "bypass"
_GENERIC = re.compile(
    r"(?P<kw>api[_\- ]?key|apikey|client[_\-]?secret|secret(?:[_\-]?(?:access[_\-]?)?key)?|access[_\-]?key"
    r"|private[_\-]?key|token|시크릿(?:\s?키)?|api\s?키|액세스\s?키|인증\s?키|비밀\s?키|개인\s?키|토큰)"
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
    return "api_key"


def _assignment(text: str, m: re.Match[str], *, password: bool, nested: bool = False) -> Span | None:
    """The value span after a password/key word and its separator, or None when what follows is not a secret."""
    keyword = m.group("kw").lower()
    weak = password and m.group("weak") is not None
    if password and keyword in _SHORT_PASSWORD_WORDS:
        if _alnum_before(text, m.start()):
            return None
        if keyword == "pass" and (weak or not _COLON_OR_EQUAL.search(m.group("sep"))):
            return None  # "pass" is too common a word: only "pass: x" / "pass=x"
    start = m.end()
    if password and not weak and _PAIR_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        user = _PAIR_USER.match(text, start)  # "ID/PW: root / Abc123!" -> keep "root"
        if user is not None:
            start = user.end()
    found = _value_at(text, start)
    if found is None:
        return None
    value_start, value_end, quoted, length = found
    value = text[value_start:value_end]
    kind = "password" if password else _generic_kind(keyword)
    if nested and _is_redacted(value):
        return value_start, value_end, kind  # the inner label's secret is already gone: the label is still a label
    if quoted:
        word = _plain_word(value)
        if _is_redacted(value) or (word is not None and word.lower() in _STOPWORDS):
            return None
    elif not _is_secret(value, length, min_len=3 if password else 8, keyish=not password, weak=weak):
        return None
    elif not nested:
        if _labels_a_secret(text, value_start):
            return None  # "password: pw: Abc1" -> leave it to the inner "pw:" (the secret is after it)
        value_end = _full_run(text, value_start, value_end)
    return value_start, value_end, kind


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
    judge: Callable[[str, re.Match[str]], Span | None]
    triggers: tuple[str, ...]


# Order matters: whole blocks and unmistakable formats first, so the keyword rules after them see "[REDACTED]".
_RULES: tuple[_Rule, ...] = (
    _Rule(_PEM_BEGIN, _pem, ("private",)),
    _Rule(_PUTTY_BEGIN, _putty, ("putty-user-key-file",)),
    _Rule(_OPENAI, _known("api_key", digits=True), ("sk-",)),
    _Rule(_STRIPE, _known("api_key"), ("k_live_", "k_test_")),
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
    _Rule(_GENERIC, _generic, ("key", "secret", "token", "시크릿", "키", "토큰")),
    _Rule(_PASSWORD, _password, ("pass", "pw", "비밀", "비번", "패스", "암호")),
)
_MAX_PASSES = 4


def _apply(text: str, lowered: str, rule: _Rule, kinds: set[str]) -> str:
    """Replace every span the rule accepts; a rejected match resumes one character later, so nothing is skipped."""
    if not any(trigger in lowered for trigger in rule.triggers):
        return text
    pieces: list[str] = []
    done = pos = 0
    while (m := rule.pattern.search(text, pos)) is not None:
        span = rule.judge(text, m)
        if span is None:
            pos = m.start() + 1
            continue
        start, end, kind = span
        pieces += [text[done : max(start, done)], REDACTED]
        kinds.add(kind)
        done = end
        pos = max(end, m.start() + 1)
    return "".join([*pieces, text[done:]]) if pieces else text


def redact_secrets(text: str) -> Redaction:
    """Replace every password, private key, API key and token value in `text` with REDACTED.

    Runs the rules until nothing changes (at most a few passes), so redacting twice equals redacting once and
    "[REDACTED]" itself is never taken for a secret.
    """
    kinds: set[str] = set()
    for _ in range(_MAX_PASSES):
        before = text
        lowered = text.lower()  # redaction only removes text, so the triggers found here stay valid for this pass
        for rule in _RULES:
            text = _apply(text, lowered, rule, kinds)
        if text == before:
            break
    return Redaction(text=text, kinds=tuple(sorted(kinds)))
