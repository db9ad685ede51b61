"""Value heuristics: whether the text after a password or key word is a secret value or an ordinary word.

Every pattern is linear (bounded quantifiers or single-class runs, no nested repetition), so a 100 000-character
message is safe.
"""

from __future__ import annotations

import re

from assistant.redaction.rule import REDACTED

# A value after "password is" that is one of these English words is a question or a remark, not a secret.
STOPWORDS = frozenset(
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
LOWER_WORD = re.compile(r"[A-Z]?[a-z]+(?:[-'][a-z]+)*")  # "hello", "Hello", "e-mail": a word, not a key
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


def is_redacted(value: str) -> bool:
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


def value_at(text: str, pos: int) -> tuple[int, int, bool, int] | None:
    """The value starting at `pos` as (start, end, quoted, length before trimming): a quoted phrase (quotes kept)
    or a run of ASCII.

    An unquoted run is judged on its first `_MAX_JUDGED` characters and only extended to its real end once accepted
    (`full_run`), which keeps a long run like "password:password:..." linear.
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


def full_run(text: str, start: int, end: int) -> int:
    """The real end of an accepted unquoted value that reached the judging limit (a secret has no length limit)."""
    if end - start < _MAX_JUDGED:
        return end
    return start + len(_trim(_RUN.match(text, start).group()))


def plain_word(value: str) -> str | None:
    """The word itself when the value is just a word with sentence punctuation ("required?" -> "required")."""
    return value.rstrip(_TRAILING_PUNCTUATION) if _WORD.fullmatch(value) else None


def is_secret(value: str, length: int, *, min_len: int, keyish: bool, weak: bool) -> bool:
    """Whether a value after a password/key word is a secret rather than ordinary words.

    `length` is counted before a closing bracket was trimmed off ("token: 000000A)" is still 8 characters).
    `keyish`: an API key or token is never a dictionary-looking word. `weak`: no real separator ("password Abc1!",
    "비밀번호를 qwer1234로"), so only a value that looks like a password (letters plus digits or symbols) counts.
    """
    if length < min_len or is_redacted(value) or _MASK.fullmatch(value):
        return False
    word = plain_word(value)
    if word is not None:
        if value.endswith("?") or all(part in STOPWORDS for part in re.split(r"[-']", word.lower())):
            return False
        if word.isupper() and len(word) <= 5:  # OTP, SMS, SSH, MFA: a term, not a password
            return False
        if keyish and LOWER_WORD.fullmatch(word):
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


def is_quantity(text: str, value: str, end: int) -> bool:
    """A number glued to a Korean counter ("비밀번호는 8~16자", "90일마다") is a rule, not a password."""
    return _NUMBER_RANGE.fullmatch(value) is not None and _COUNTER.match(text, end) is not None


_NUMBER_RANGE = re.compile(r"\d{1,4}(?:[~\-]\d{1,4})?")
_COUNTER = re.compile(
    r"(?:자리|글자|문자|자|일|개월|달|주|회|번째|번|분|초|시간|년|개|가지|차|단계|이상|이하|미만|초과)"
)
DIGIT_GROUPS = re.compile(r"(?:[ \t]\d{2,}(?![A-Za-z\d]))+")  # "비밀번호 1234 5678": the rest of a spaced number
# "비밀번호는 안녕하세요123 입니다": Hangul then digits or symbols, up to a space (not "영문8자", "특수문자(!@#)").
_HANGUL_VALUE = re.compile(r"[가-힣]{1,24}(?P<tail>[!-~]{2,64})(?!\S)")


def hangul_value(text: str, pos: int) -> tuple[int, int] | None:
    """A password that starts in Hangul and mixes in digits or symbols ("안녕하세요123"), as (start, end)."""
    m = _HANGUL_VALUE.match(text, pos)
    if m is None:
        return None
    tail = m.group("tail")
    core = tail.rstrip(_TRAILING_PUNCTUATION)
    if tail[0] in "([{<'\"`" or REDACTED in tail or len(core) < 2 or core.isalpha():
        return None
    return m.start(), m.start() + len(_trim(m.group()))
