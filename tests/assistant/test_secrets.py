"""Secret redaction: a pasted password, key or token never gets past `redact_secrets`, ordinary questions do."""

from __future__ import annotations

import ast
import dataclasses
import random
import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.secrets import REDACTED, Redaction, redact_secrets

MODULE = Path(__file__).resolve().parents[2] / "assistant" / "secrets.py"

PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dV"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
GITHUB = "ghp_" + "A1b2C3d4E5" * 4
GOOGLE = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5pQr"


def case(text: str, secret: str, expected: str, kinds: tuple[str, ...], id: str):
    return pytest.param(text, secret, expected, kinds, id=id)


POSITIVES = [
    # password, Korean
    case("비밀번호는 Abc123!@# 입니다", "Abc123!@#", f"비밀번호는 {REDACTED} 입니다", ("password",), id="ko-neun"),
    case("root 패스워드: Qwer!234", "Qwer!234", f"root 패스워드: {REDACTED}", ("password",), id="ko-colon"),
    case(
        "root 패스워드는 Abc123! 입니다", "Abc123!", f"root 패스워드는 {REDACTED} 입니다", ("password",), id="ko-root"
    ),
    case("비밀번호는 Abc123!입니다", "Abc123!", f"비밀번호는 {REDACTED}입니다", ("password",), id="ko-glued-imnida"),
    case("비밀번호는 Abc123!이에요", "Abc123!", f"비밀번호는 {REDACTED}이에요", ("password",), id="ko-glued-ieyo"),
    case(
        "루트 비번은 zxcv1234 입니다", "zxcv1234", f"루트 비번은 {REDACTED} 입니다", ("password",), id="ko-root-bibeon"
    ),
    case("암호: zxcv1234", "zxcv1234", f"암호: {REDACTED}", ("password",), id="ko-amho"),
    case("root 비번 Qwer!234 입니다", "Qwer!234", f"root 비번 {REDACTED} 입니다", ("password",), id="ko-no-separator"),
    case(
        "비밀번호를 qwer1234로 바꿨어요", "qwer1234", f"비밀번호를 {REDACTED}로 바꿨어요", ("password",), id="ko-object"
    ),
    case("pw는 hello123이에요", "hello123", f"pw는 {REDACTED}이에요", ("password",), id="ko-english-word"),
    case(
        "VM명 web01, root 패스워드는 'Kt cloud 2024!' 입니다",
        "Kt cloud 2024!",
        f"VM명 web01, root 패스워드는 '{REDACTED}' 입니다",
        ("password",),
        id="ko-quoted-with-spaces",
    ),
    case(
        "계정정보 kt-user, VM명 db01, VM의 root 패스워드는 Kt!2024cloud 입니다. 작업 부탁드립니다.",
        "Kt!2024cloud",
        f"계정정보 kt-user, VM명 db01, VM의 root 패스워드는 {REDACTED} 입니다. 작업 부탁드립니다.",
        ("password",),
        id="ko-guide-request",
    ),
    case("ID/PW: root/Abc123!", "Abc123!", f"ID/PW: root/{REDACTED}", ("password",), id="ko-id-pw-pair"),
    case(
        "계정/비번: admin / Qwer1234!",
        "Qwer1234!",
        f"계정/비번: admin / {REDACTED}",
        ("password",),
        id="ko-account-pair",
    ),
    # password, English
    case("my root password is S3cr3t!", "S3cr3t!", f"my root password is {REDACTED}", ("password",), id="en-is"),
    case("pw=hunter22", "hunter22", f"pw={REDACTED}", ("password",), id="en-pw-equals"),
    case("password 'p@ss w0rd'", "p@ss w0rd", f"password '{REDACTED}'", ("password",), id="en-quoted"),
    case("PASSWORD: Abc123", "Abc123", f"PASSWORD: {REDACTED}", ("password",), id="en-upper"),
    case("Root PW : Abc123!", "Abc123!", f"Root PW : {REDACTED}", ("password",), id="en-root-pw"),
    case(
        "The password for root is S3cr3t!",
        "S3cr3t!",
        f"The password for root is {REDACTED}",
        ("password",),
        id="en-for",
    ),
    case("(password: abc123) thanks", "abc123", f"(password: {REDACTED}) thanks", ("password",), id="en-parenthesis"),
    case('{"password": "hunter2"}', "hunter2", f'{{"password": "{REDACTED}"}}', ("password",), id="en-json"),
    case("DB_PASSWORD=s3cr3t", "s3cr3t", f"DB_PASSWORD={REDACTED}", ("password",), id="en-env"),
    case("passphrase: Tr0ub4dor&3 ok", "Tr0ub4dor&3", f"passphrase: {REDACTED} ok", ("password",), id="en-passphrase"),
    case("ID: root PW: Abc123!", "Abc123!", f"ID: root PW: {REDACTED}", ("password",), id="en-id-then-pw"),
    case("Password\n  Abc123!xyz", "Abc123!xyz", f"Password\n  {REDACTED}", ("password",), id="en-next-line"),
    case("password: pw: Abc123", "Abc123", f"password: pw: {REDACTED}", ("password",), id="en-label-chain"),
    # private keys
    case(
        f"key:\n-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n이 키로 접속이 안 돼요",
        PEM_BODY[:20],
        f"key:\n{REDACTED}\n이 키로 접속이 안 돼요",
        ("private_key",),
        id="pem-rsa",
    ),
    case(
        f"-----BEGIN OPENSSH PRIVATE KEY-----\n{PEM_BODY}",
        PEM_BODY[-20:],
        REDACTED,
        ("private_key",),
        id="pem-unterminated",
    ),
    case(
        f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n{PEM_BODY}\n-----END PGP PRIVATE KEY BLOCK-----\nthanks",
        PEM_BODY[:20],
        f"{REDACTED}\nthanks",
        ("private_key",),
        id="pem-pgp",
    ),
    # API keys and tokens
    case(
        "key is sk-proj-AbCdEf1234567890GhIjKlMnOp ok",
        "AbCdEf1234567890",
        f"key is {REDACTED} ok",
        ("api_key",),
        id="openai",
    ),
    case("AKIAIOSFODNN7EXAMPLE 키", "AKIAIOSFODNN7EXAMPLE", f"{REDACTED} 키", ("api_key",), id="aws-access-key-id"),
    case(
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI",
        f"aws_secret_access_key = {REDACTED}",
        ("api_key",),
        id="aws-secret",
    ),
    case(f"token {GITHUB} 입니다", GITHUB, f"token {REDACTED} 입니다", ("token",), id="github"),
    case("github_pat_11ABCDEFG0123456789_abcdefXYZ", "github_pat_11", REDACTED, ("token",), id="github-pat"),
    case("xoxb-123456789012-abcdefghij", "xoxb-123", REDACTED, ("token",), id="slack"),
    case(f"GOOGLE={GOOGLE}", GOOGLE, f"GOOGLE={REDACTED}", ("api_key",), id="google"),
    case(f"jwt {JWT}", JWT, f"jwt {REDACTED}", ("token",), id="jwt"),
    case(
        f'curl -H "Authorization: Bearer {JWT}" https://api',
        JWT,
        f'curl -H "Authorization: Bearer {REDACTED}" https://api',
        ("token",),
        id="authorization-bearer",
    ),
    case(
        "Authorization: Basic dXNlcjpwYXNzd29yZA==",
        "dXNlcjpwYXNzd29yZA",
        f"Authorization: Basic {REDACTED}",
        ("token",),
        id="authorization-basic",
    ),
    case("Bearer abcdefghijklmnop1234", "abcdefghijklmnop1234", f"Bearer {REDACTED}", ("token",), id="bearer"),
    case(
        "API 키는 abcd1234efgh5678 입니다",
        "abcd1234efgh5678",
        f"API 키는 {REDACTED} 입니다",
        ("api_key",),
        id="ko-api-key",
    ),
    case("토큰: xyzXYZ123456789", "xyzXYZ123456789", f"토큰: {REDACTED}", ("token",), id="ko-token"),
    case("시크릿 키: AbCdEfGh12345678", "AbCdEfGh12345678", f"시크릿 키: {REDACTED}", ("api_key",), id="ko-secret-key"),
    case(
        "X-API-Key: 0123456789abcdef0123",
        "0123456789abcdef",
        f"X-API-Key: {REDACTED}",
        ("api_key",),
        id="api-key-header",
    ),
    case(
        "client_secret=8a7b6c5d4e3f2a1b",
        "8a7b6c5d4e3f2a1b",
        f"client_secret={REDACTED}",
        ("api_key",),
        id="client-secret",
    ),
    case("API key is ABCD1234EFGH5678", "ABCD1234EFGH5678", f"API key is {REDACTED}", ("api_key",), id="api-key-is"),
    # connection strings: only the password part
    case("postgres://app:pa55@db", "pa55", f"postgres://app:{REDACTED}@db", ("connection_string",), id="postgres"),
    case(
        "mysql://root:Abc123!@10.0.0.1:3306/db 접속 오류",
        "Abc123!",
        f"mysql://root:{REDACTED}@10.0.0.1:3306/db 접속 오류",
        ("connection_string",),
        id="mysql",
    ),
    case("redis://:s3cret@cache:6379", "s3cret", f"redis://:{REDACTED}@cache:6379", ("connection_string",), id="redis"),
    # several kinds at once
    case(
        "password: Abc123! and token=zyx987ZYX654wvu",
        "zyx987ZYX654wvu",
        f"password: {REDACTED} and token={REDACTED}",
        ("password", "token"),
        id="password-and-token",
    ),
    case(
        f"-----BEGIN EC PRIVATE KEY-----\n{PEM_BODY}\n-----END EC PRIVATE KEY-----\nsk-abcdefghij0123456789xyz",
        "sk-abcdefghij",
        f"{REDACTED}\n{REDACTED}",
        ("api_key", "private_key"),
        id="key-and-api-key",
    ),
]


@pytest.mark.parametrize(("text", "secret", "expected", "kinds"), POSITIVES)
def test_secret_values_are_redacted_and_the_words_around_them_kept(text, secret, expected, kinds):
    result = redact_secrets(text)
    assert secret not in result.text
    assert result.text == expected
    assert result.kinds == kinds and result.found


@pytest.mark.parametrize(("text", "secret", "expected", "kinds"), POSITIVES)
def test_redacting_twice_changes_nothing(text, secret, expected, kinds):
    again = redact_secrets(redact_secrets(text).text)
    assert again.text == expected and not again.found and again.kinds == ()


NEGATIVES = [
    pytest.param("root 패스워드를 공유해야 하나요?", id="ko-must-i-share"),
    pytest.param("비밀번호는 어디로 보내나요?", id="ko-where-to-send"),
    pytest.param("비밀번호는 어떻게 전달하나요", id="ko-how-to-pass-on"),
    pytest.param(
        "KT 고객센터에 요청하셔야 하는 경우에는 계정정보, 해당 VM명, VM의 root 패스워드를 공유해주셔야 합니다.",
        id="ko-guide",
    ),
    pytest.param("패스워드는 KT 고객센터로 보내면 되나요?", id="ko-send-to-kt"),
    pytest.param("비밀번호는 8자 이상이어야 하나요?", id="ko-length"),
    pytest.param("비밀번호는 OTP로 받나요?", id="ko-otp"),
    pytest.param("암호는 AES256으로 저장되나요?", id="ko-cipher"),
    pytest.param("비밀번호 변경은 어디서 하나요", id="ko-change"),
    pytest.param("API 키는 어디서 발급받나요?", id="ko-api-key-question"),
    pytest.param("토큰은 언제 만료되나요?", id="ko-token-question"),
    pytest.param("ID/PW 분실 시 어떻게 하나요?", id="ko-id-pw-lost"),
    pytest.param("What is the password policy?", id="en-policy"),
    pytest.param("password is required?", id="en-required"),
    pytest.param("Do I need to share my root password?", id="en-need-to-share"),
    pytest.param("What is the root password for the VM?", id="en-what-is"),
    pytest.param("The password was reset yesterday", id="en-reset"),
    pytest.param("Is the password case-sensitive?", id="en-case-sensitive"),
    pytest.param("password: see below", id="en-see-below"),
    pytest.param("My password is not working", id="en-not-working"),
    pytest.param("the secret is elsewhere", id="en-secret-word"),
    pytest.param("token is expired", id="en-token-expired"),
    pytest.param("Bearer token 방식인가요?", id="en-bearer-word"),
    pytest.param("boarding pass is ABC12345", id="en-pass-word"),
    pytest.param("password: ********", id="en-masked"),
    pytest.param("private key is stored in ~/.ssh/id_rsa", id="en-key-path"),
    pytest.param("what does BEGIN RSA PRIVATE KEY mean?", id="en-pem-prose"),
    pytest.param("방화벽 오픈 요청은 어디로 하나요?", id="guide-firewall"),
    pytest.param("route add -net 10.21.5.0 netmask 255.255.255.0 gw 10.20.5.1", id="guide-route"),
    pytest.param("mss1@wins21.co.kr 031-622-8592~4", id="guide-contact"),
    pytest.param("ssh 22 port open from any to 14.63.2.9", id="guide-port"),
    pytest.param("https://cloud.kt.com/portal/login 에서 로그인", id="url"),
    pytest.param("ssh root@14.63.2.9 -p 22", id="ssh-command"),
    pytest.param("SK Broadband sk-broadband-network-services-kr 회선", id="sk-name"),
    pytest.param(f"password: {REDACTED}", id="already-redacted"),
    pytest.param(REDACTED, id="redacted-marker"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_messages_are_left_exactly_as_they_are(text):
    result = redact_secrets(text)
    assert result == Redaction(text=text, kinds=())
    assert not result.found


def test_public_api():
    import assistant.secrets as module

    assert module.__all__ == ["REDACTED", "Redaction", "redact_secrets"]
    assert REDACTED == "[REDACTED]"
    result = redact_secrets("pw=hunter22")
    assert isinstance(result, Redaction) and isinstance(result.kinds, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "changed"  # type: ignore[misc]


def test_the_module_uses_the_standard_library_only():
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


# --- properties -----------------------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "password", "pw", "pass", "비밀번호", "비번", "패스워드", "암호",
        "token", "api_key", "secret", "토큰", "API 키",
        "ID/PW", "Authorization", "Bearer", "://", "@", ":", "=", " is ", "는 ", "를 ", " ", "\n", "'", '"', "`", "/",
        "(", ")", "?", "Abc123!", "hunter22", "required", "입니다", "root", "-----", "BEGIN RSA PRIVATE KEY",
        "END RSA PRIVATE KEY", "sk-", "a" * 20, "eyJabcdefghij.", "AKIA", "ABCDEFGHIJKLMNOP", REDACTED, "[", "]",
    ]
)  # fmt: skip
CHATTY = st.lists(FRAGMENTS, max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), CHATTY))
def test_never_raises_and_is_idempotent(text):
    once = redact_secrets(text)
    twice = redact_secrets(once.text)
    assert isinstance(once.text, str) and once.found == bool(once.kinds)
    assert once.kinds == tuple(sorted(set(once.kinds)))
    assert twice.text == once.text and not twice.found
    if not once.found:
        assert once.text == text


SECRET_CHARACTERS = string.ascii_letters + string.digits + "".join(c for c in string.punctuation if c not in "'\"")
SECRETS = st.text(alphabet=SECRET_CHARACTERS, min_size=8, max_size=40).filter(
    lambda s: any(c.isdigit() for c in s) and any(c.isalpha() for c in s)
)
PREFIXES = st.sampled_from(
    ["", "안녕하세요.", "root", "VM root 계정", "KT Cloud 서버 web01의 root", "계정정보 kt-user,"]
)
TEMPLATES = st.sampled_from(
    [
        "{prefix} 비밀번호는 {secret} 입니다",
        "my password is {secret}",
        "password: {secret}",
        "{prefix} root 패스워드: {secret}",
        "비밀번호는 {secret}입니다",
        "pw={secret}",
    ]
)


@settings(max_examples=300, deadline=None)
@given(prefix=PREFIXES, secret=SECRETS, template=TEMPLATES)
def test_a_generated_password_never_survives(prefix, secret, template):
    text = template.format(prefix=prefix, secret=secret)
    result = redact_secrets(text)
    assert secret not in result.text
    assert result.found
    assert result.text.startswith(text[: text.index(secret)])  # everything before the value is kept


NOISE = string.printable + "비밀번호는 패스워드"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("".join(random.Random(0).choices(NOISE, k=100_000)), id="noise"),
        pytest.param("password:" * 11_112, id="keyword-run"),
        pytest.param("pw: " * 25_000, id="keyword-and-separator"),
        pytest.param("-" * 100_000, id="dashes"),
        pytest.param("sk-" * 33_334, id="api-key-prefix"),
        pytest.param("eyJ" * 33_334, id="jwt-prefix"),
        pytest.param("a://b:" * 16_667, id="url-prefix"),
        pytest.param("비밀번호는 Abc123! 입니다. " * 5_000, id="many-passwords"),
    ],
)
def test_a_huge_message_finishes(text):
    result = redact_secrets(text)
    assert isinstance(result.text, str)
    assert redact_secrets(result.text).text == result.text
