"""Secret redaction: a pasted password, key or token never gets past `redact_secrets`, ordinary questions do."""

from __future__ import annotations

import ast
import dataclasses
import random
import string
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.redaction import REDACTED, Redaction, redact_secrets

PACKAGE = Path(__file__).resolve().parents[2] / "assistant" / "redaction"

PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dV"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
GITHUB = "ghp_" + "A1b2C3d4E5" * 4
GOOGLE = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5pQr"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ZWSP, SHY, ZWJ = "\u200b", "\u00ad", "\u200d"


def fullwidth(text: str) -> str:
    """ASCII letters, digits and symbols in their full-width forms ("Abc1!" -> "Ａｂｃ１！")."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


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
    # disguised: full-width forms and invisible characters (the output is then the NFKC text without them)
    case(
        fullwidth("password:") + " Abc123!xyz",
        "Abc123!xyz",
        f"password: {REDACTED}",
        ("password",),
        id="disguise-fullwidth-keyword",
    ),
    case(
        "비밀번호는 " + fullwidth("Abc123!xyz"),
        fullwidth("Abc123!xyz"),
        f"비밀번호는 {REDACTED}",
        ("password",),
        id="disguise-fullwidth-value",
    ),
    case(
        f"비밀번호{SHY}는 Abc123!xyz", "Abc123!xyz", f"비밀번호는 {REDACTED}", ("password",), id="disguise-soft-hyphen"
    ),
    case(
        f"비밀{ZWSP}번호는 Abc123!xyz 입니다",
        "Abc123!xyz",
        f"비밀번호는 {REDACTED} 입니다",
        ("password",),
        id="disguise-zero-width-space-ko",
    ),
    case(f"pass{ZWSP}word: Abc123!xyz", "Abc123!xyz", f"password: {REDACTED}", ("password",), id="disguise-zwsp-en"),
    case(f"비{ZWJ}번 Qwer1234!", "Qwer1234!", f"비번 {REDACTED}", ("password",), id="disguise-zero-width-joiner"),
    case(
        "root 비밀번호：" + fullwidth("Pass1234"),
        fullwidth("Pass1234"),
        f"root 비밀번호:{REDACTED}",
        ("password",),
        id="disguise-fullwidth-colon",
    ),
    case(fullwidth("root/P@ssw0rd"), fullwidth("P@ssw0rd"), f"root/{REDACTED}", ("password",), id="disguise-pair"),
    # all-digit passwords after a password word
    case("root 계정 비번 123456789", "123456789", f"root 계정 비번 {REDACTED}", ("password",), id="digits-bibeon"),
    case("비번 12345678", "12345678", f"비번 {REDACTED}", ("password",), id="digits-no-separator"),
    case("password: 123456", "123456", f"password: {REDACTED}", ("password",), id="digits-colon"),
    case("비밀번호는 0000", "0000", f"비밀번호는 {REDACTED}", ("password",), id="digits-four"),
    case("비밀번호 1234 5678 입니다", "5678", f"비밀번호 {REDACTED} 입니다", ("password",), id="digits-spaced"),
    case("root 계정 비번은 0000이에요", "0000", f"root 계정 비번은 {REDACTED}이에요", ("password",), id="digits-glued"),
    # "pass", "passcode", "PIN"
    case(
        "the root pass for the VM is Tr0ub4dor&3",
        "Tr0ub4dor&3",
        f"the root pass for the VM is {REDACTED}",
        ("password",),
        id="pass-for-the-vm",
    ),
    case("PIN: 482913", "482913", f"PIN: {REDACTED}", ("password",), id="pin-colon"),
    case("the PIN is 4829", "4829", f"the PIN is {REDACTED}", ("password",), id="pin-is"),
    case("PIN번호는 482913", "482913", f"PIN번호는 {REDACTED}", ("password",), id="pin-ko"),
    case("passcode: 9911", "9911", f"passcode: {REDACTED}", ("password",), id="passcode"),
    # no separator, Korean particles and phrases between the word and the value
    case("패스워드Abc123!입니다", "Abc123!", f"패스워드{REDACTED}입니다", ("password",), id="ko-glued-keyword"),
    case("비밀번호가 뭐냐면 zxcv!234", "zxcv!234", f"비밀번호가 뭐냐면 {REDACTED}", ("password",), id="ko-mwonyamyeon"),
    case(
        "비밀번호는 안녕하세요123 입니다",
        "안녕하세요123",
        f"비밀번호는 {REDACTED} 입니다",
        ("password",),
        id="ko-hangul-value",
    ),
    case(
        "비번 알려드릴게요: Qwer1234", "Qwer1234", f"비번 알려드릴게요: {REDACTED}", ("password",), id="ko-phrase-colon"
    ),
    case(
        "비밀번호는 다음과 같습니다.\nAbc123!xyz",
        "Abc123!xyz",
        f"비밀번호는 다음과 같습니다.\n{REDACTED}",
        ("password",),
        id="ko-as-follows",
    ),
    case(
        "비밀번호를 알려드리면 Qwer!234 입니다",
        "Qwer!234",
        f"비밀번호를 알려드리면 {REDACTED} 입니다",
        ("password",),
        id="ko-if-i-tell-you",
    ),
    # account/password pairs without a password word
    case(
        "root/P@ssw0rd 로 접속 안돼요",
        "P@ssw0rd",
        f"root/{REDACTED} 로 접속 안돼요",
        ("password",),
        id="pair-slash",
    ),
    case(
        "접속정보 root / Qwerty!23", "Qwerty!23", f"접속정보 root / {REDACTED}", ("password",), id="pair-spaced-slash"
    ),
    case(
        "root Qwerty!23 으로 로그인",
        "Qwerty!23",
        f"root {REDACTED} 으로 로그인",
        ("password",),
        id="pair-space",
    ),
    case("계정 admin 비번 P@ss1234", "P@ss1234", f"계정 admin 비번 {REDACTED}", ("password",), id="pair-admin-bibeon"),
    case("id: admin pw: P@ss1234", "P@ss1234", f"id: admin pw: {REDACTED}", ("password",), id="pair-id-pw"),
    case("admin:S3cret!x@host", "S3cret!x", f"admin:{REDACTED}", ("password",), id="pair-colon-at-host"),
    case(
        "admin:S3cret!x@10.0.0.5 로 접속",
        "S3cret!x",
        f"admin:{REDACTED}@10.0.0.5 로 접속",
        ("password",),
        id="pair-colon-at-ip",
    ),
    case(
        "echo 'root:Passw0rd!' | chpasswd",
        "Passw0rd!",
        f"echo 'root:{REDACTED}' | chpasswd",
        ("password",),
        id="pair-chpasswd",
    ),
    # command lines
    case(
        "sshpass -p 'Zx9!kLm2' ssh root@1.2.3.4",
        "Zx9!kLm2",
        f"sshpass -p '{REDACTED}' ssh root@1.2.3.4",
        ("password",),
        id="cli-sshpass",
    ),
    case(
        "sshpass -p Pw1stX ssh -p 2222 h; sshpass -p Pw2ndY scp -P 22 f h:",
        "Pw2ndY",
        f"sshpass -p {REDACTED} ssh -p 2222 h; sshpass -p {REDACTED} scp -P 22 f h:",
        ("password",),
        id="cli-sshpass-twice-ports-kept",
    ),
    case(
        "mysql -uroot -pSuperSecret123",
        "SuperSecret123",
        f"mysql -uroot -p{REDACTED}",
        ("password",),
        id="cli-mysql-glued",
    ),
    case("mysql -u root -p'S3cret!'", "S3cret!", f"mysql -u root -p'{REDACTED}'", ("password",), id="cli-mysql-quoted"),
    case(
        "mysqldump -u root -pDump2024! db > x.sql",
        "Dump2024!",
        f"mysqldump -u root -p{REDACTED} db > x.sql",
        ("password",),
        id="cli-mysqldump",
    ),
    case("--password=abc123XYZ", "abc123XYZ", f"--password={REDACTED}", ("password",), id="cli-password-equals"),
    case("--password abc123XYZ", "abc123XYZ", f"--password {REDACTED}", ("password",), id="cli-password-space"),
    case(
        "PGPASSWORD=Secret123 psql -h db",
        "Secret123",
        f"PGPASSWORD={REDACTED} psql -h db",
        ("password",),
        id="cli-pgpassword",
    ),
    case(
        "net user administrator Passw0rd! ",
        "Passw0rd!",
        f"net user administrator {REDACTED} ",
        ("password",),
        id="cli-net-user",
    ),
    case(
        "net user john Passw0rd! /add",
        "Passw0rd!",
        f"net user john {REDACTED} /add",
        ("password",),
        id="cli-net-user-add",
    ),
    case(
        "curl -u admin:Passw0rd! https://api.example.com",
        "Passw0rd!",
        f"curl -u admin:{REDACTED} https://api.example.com",
        ("password",),
        id="cli-curl-user",
    ),
    case(
        "redis-cli -h 10.0.0.1 -a R3dis!pass ping",
        "R3dis!pass",
        f"redis-cli -h 10.0.0.1 -a {REDACTED} ping",
        ("password",),
        id="cli-redis",
    ),
    case(
        "ipmitool -I lanplus -H 10.0.0.9 -U admin -P Ipmi#2024 power status",
        "Ipmi#2024",
        f"ipmitool -I lanplus -H 10.0.0.9 -U admin -P {REDACTED} power status",
        ("password",),
        id="cli-ipmitool",
    ),
    # VPN pre-shared keys
    case("VPN PSK: MyPreShared!Key2024", "MyPreShared!Key2024", f"VPN PSK: {REDACTED}", ("preshared_key",), id="psk"),
    case(
        "pre-shared key는 vpnKey#8812 입니다",
        "vpnKey#8812",
        f"pre-shared key는 {REDACTED} 입니다",
        ("preshared_key",),
        id="psk-pre-shared-key",
    ),
    case("사전 공유 키: abc123!@#", "abc123!@#", f"사전 공유 키: {REDACTED}", ("preshared_key",), id="psk-ko"),
    case("IKE PSK = Abcd1234!", "Abcd1234!", f"IKE PSK = {REDACTED}", ("preshared_key",), id="psk-ike"),
    case("Pre-Shared Key: kt1234", "kt1234", f"Pre-Shared Key: {REDACTED}", ("preshared_key",), id="psk-short"),
    # AWS secret access key next to its key id, without a separator
    case(
        f"AWS key AKIAIOSFODNN7EXAMPLE secret {AWS_SECRET}",
        AWS_SECRET,
        f"AWS key {REDACTED} secret {REDACTED}",
        ("api_key",),
        id="aws-id-and-secret",
    ),
    case(
        f"aws configure: AKIAIOSFODNN7EXAMPLE / {AWS_SECRET}",
        AWS_SECRET,
        f"aws configure: {REDACTED} / {REDACTED}",
        ("api_key",),
        id="aws-configure",
    ),
    case(f"시크릿 {AWS_SECRET} 입니다", AWS_SECRET, f"시크릿 {REDACTED} 입니다", ("api_key",), id="aws-secret-ko"),
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
    # near misses of the rules above
    pytest.param("route -p add 10.21.5.0 mask 255.255.255.0 10.20.5.1", id="near-route-persistent"),
    pytest.param("route add 10.0.0.0 mask 255.0.0.0 10.1.1.1 -p", id="near-route-p-last"),
    pytest.param("ssh -p 2222 root@14.63.2.9", id="near-ssh-port"),
    pytest.param("ping -p ff 10.0.0.1", id="near-ping-pattern"),
    pytest.param("docker run -u root -p 8080:80 nginx", id="near-docker-port"),
    pytest.param("mysql -u root -p mydb", id="near-mysql-prompt"),
    pytest.param("mysql -h db -P 3306 -u root -p", id="near-mysql-port"),
    pytest.param("sshpass -p $PASS ssh root@host", id="near-sshpass-variable"),
    pytest.param("curl -u admin https://example.com", id="near-curl-prompt"),
    pytest.param("net user administrator /active:yes", id="near-net-user-switch"),
    pytest.param("root /etc/sysconfig/network-scripts/ifcfg-eth1", id="near-root-path"),
    pytest.param("root@ test ~]# cd /etc/sysconfig/network-scripts/", id="near-root-prompt"),
    pytest.param(
        "[root@Public~]# route add -net 10.21.X.0 netmask 255.255.255.0 gw 10.20.X.1", id="near-root-prompt-route"
    ),
    pytest.param("root 패스워드를 공유해주셔야 합니다", id="near-root-share"),
    pytest.param("계정정보, 해당 VM명, VM의 root 패스워드를 공유해주셔야 합니다", id="near-guide-share"),
    pytest.param("root:22", id="near-root-port"),
    pytest.param("root 10.0.0.1", id="near-root-ip"),
    pytest.param("root:x:0:0:root:/root:/bin/bash", id="near-passwd-line"),
    pytest.param("chown -R ubuntu:ubuntu /home/ubuntu", id="near-chown"),
    pytest.param("/root/.ssh/authorized_keys", id="near-root-dir"),
    pytest.param("ubuntu 22.04.3-LTS 이미지", id="near-ubuntu-version"),
    pytest.param("FROM ubuntu:22.04", id="near-ubuntu-tag"),
    pytest.param("user admin@10.0.0.1", id="near-user-at-host"),
    pytest.param("user: kim2024", id="near-user-name"),
    pytest.param("ssh -i key.pem ec2-user@1.2.3.4", id="near-ec2-user"),
    pytest.param("비밀번호는 8~16자", id="near-length-range"),
    pytest.param("비밀번호는 최소10자리", id="near-min-length"),
    pytest.param("비밀번호 변경 주기는 90일", id="near-rotation"),
    pytest.param("비밀번호는 영문+숫자+특수문자 조합인가요?", id="near-composition"),
    pytest.param("비밀번호는 특수문자(!@#) 포함해야 하나요", id="near-special-characters"),
    pytest.param("비밀번호는 모르겠어요!!", id="near-hangul-exclamation"),
    pytest.param("비밀번호 분실 시 문의: 031-622-8592", id="near-phone-after-phrase"),
    pytest.param("비밀번호 변경 URL: https://cloud.kt.com/portal", id="near-url-after-phrase"),
    pytest.param("비밀번호를 바꿨는데 web-server01에 접속이 안돼요", id="near-host-after-sentence"),
    pytest.param("암호화 방식: AES-256", id="near-cipher"),
    pytest.param("비밀번호 관련 문의: help@kt.com", id="near-email-after-phrase"),
    pytest.param("비밀번호를 help@kt.com으로 보내면 되나요?", id="near-email-as-object"),
    pytest.param("비밀번호 5회 틀리면 잠기나요?", id="near-attempts"),
    pytest.param("the pin is required", id="near-pin-word"),
    pytest.param("the pass for the exam is tomorrow", id="near-pass-word"),
    pytest.param("PSK는 어디서 설정하나요?", id="near-psk-question"),
    pytest.param("commit 3f786850e387550fdab836ed7e6dc881de23001b secret", id="near-git-hash"),
    # disguised text without a secret comes back exactly as it was
    pytest.param(fullwidth("VM") + " 이름은 " + fullwidth("web01") + " 입니다", id="fullwidth-no-secret"),
    pytest.param(f"root{SHY} 패스워드를 공유해야 하나요?", id="soft-hyphen-no-secret"),
    pytest.param(f"안녕하세요{ZWSP} 방화벽 문의 ㅠㅠ", id="zero-width-no-secret"),
    pytest.param(f"password: {REDACTED}", id="already-redacted"),
    pytest.param(REDACTED, id="redacted-marker"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_messages_are_left_exactly_as_they_are(text):
    result = redact_secrets(text)
    assert result == Redaction(text=text, kinds=())
    assert not result.found


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        pytest.param("비밀번호는 " + fullwidth("Abc123!xyz") + " 입니다", "Abc123!xyz", id="fullwidth-value"),
        pytest.param(f"비밀번호는 Abc{ZWSP}123!xyz 입니다", "Abc123!xyz", id="zero-width-in-value"),
        pytest.param(f"{fullwidth('password')}{SHY}: {fullwidth('S3cr3t!')}", "S3cr3t!", id="everything-disguised"),
        pytest.param(f"mysql -uroot -p{fullwidth('S3cret2024')}", "S3cret2024", id="fullwidth-cli"),
    ],
)
def test_a_disguised_secret_survives_in_no_form(text, secret):
    result = redact_secrets(text)
    assert result.found
    for form in (secret, fullwidth(secret), unicodedata.normalize("NFKC", secret)):
        assert form not in result.text
    assert ZWSP not in result.text and SHY not in result.text  # the redacted text is the folded one


def test_a_command_with_many_password_flags_is_redacted_in_one_call():
    text = "mysql -pA1x -pB2y -pC3z -pD4w -pE5v -pF6u db"
    result = redact_secrets(text)
    assert result.text == "mysql" + f" -p{REDACTED}" * 6 + " db"
    assert redact_secrets(result.text).text == result.text


def test_public_api():
    import assistant.redaction as module

    assert module.__all__ == ["REDACTED", "Redaction", "redact_secrets"]
    assert REDACTED == "[REDACTED]"
    result = redact_secrets("pw=hunter22")
    assert isinstance(result, Redaction) and isinstance(result.kinds, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_package_uses_the_standard_library_only(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    foreign = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names and not name.startswith("assistant.redaction")
    }
    assert not foreign, foreign


# --- properties -----------------------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "password", "pw", "pass", "비밀번호", "비번", "패스워드", "암호",
        "token", "api_key", "secret", "토큰", "API 키",
        "ID/PW", "Authorization", "Bearer", "://", "@", ":", "=", " is ", "는 ", "를 ", " ", "\n", "'", '"', "`", "/",
        "(", ")", "?", "Abc123!", "hunter22", "required", "입니다", "root", "-----", "BEGIN RSA PRIVATE KEY",
        "END RSA PRIVATE KEY", "sk-", "a" * 20, "eyJabcdefghij.", "AKIA", "ABCDEFGHIJKLMNOP", REDACTED, "[", "]",
        "PIN", "passcode", "PSK", "사전 공유 키", "secret ", AWS_SECRET, "admin", "ubuntu", "user", "net user ",
        "sshpass ", "mysql ", "curl ", "ssh ", "-p", "-p ", "-u ", "-P ", "%", ";", "|", "뭐냐면 ", "알려드릴게요:",
        "안녕하세요123", "1234", " 5678", "8~16자", "0000", ZWSP, SHY, ZWJ, "\ufeff", fullwidth("pw: Abc1!"), "：",
        "ｐ", "ㅠㅠ", "e\u0301", "\u1100\u1161",
    ]
)  # fmt: skip
CHATTY = st.lists(FRAGMENTS, max_size=30).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


DISGUISES = st.sampled_from(["fullwidth", "zwsp", "soft-hyphen", "bom"])


@settings(max_examples=300, deadline=None)
@given(prefix=PREFIXES, secret=SECRETS, template=TEMPLATES, disguise=DISGUISES)
def test_a_disguised_password_never_survives(prefix, secret, template, disguise):
    """Full-width forms, or an invisible character after every character of the words before it, hide nothing."""
    text = template.format(prefix=prefix, secret=secret)
    head = text[: text.index(secret)]
    if disguise == "fullwidth":
        text = fullwidth(text)
    else:
        invisible = {"zwsp": ZWSP, "soft-hyphen": SHY, "bom": "\ufeff"}[disguise]
        text = "".join(ch + invisible for ch in head) + text[len(head) :]
    result = redact_secrets(text)
    assert result.found
    assert secret not in result.text and fullwidth(secret) not in result.text
    assert redact_secrets(result.text) == Redaction(text=result.text, kinds=())


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
        pytest.param("".join(random.Random(1).choices(fullwidth(NOISE) + ZWSP + SHY, k=100_000)), id="disguised-noise"),
        pytest.param("root/" * 20_000, id="account-run"),
        pytest.param("root " * 20_000, id="account-and-space"),
        pytest.param("sshpass " + "-p " * 33_000, id="cli-flags"),
        pytest.param("mysql " + "-pX " * 25_000, id="cli-glued-flags"),
        pytest.param("curl -u " * 12_500, id="cli-commands"),
        pytest.param("pin: " * 20_000, id="pin-run"),
        pytest.param("비밀번호가 " * 16_000, id="korean-phrase-run"),
        pytest.param("비번 가나 다라 마바:" * 8_000, id="korean-bridge-run"),
        pytest.param("secret " + ("Ab1/" * 10 + " ") * 2_300, id="aws-secret-run"),
        pytest.param("비밀번호 " + "1234 " * 20_000, id="digit-groups"),
        pytest.param("\u200b" * 100_000, id="invisible-run"),
    ],
)
def test_a_huge_message_finishes(text):
    result = redact_secrets(text)
    assert isinstance(result.text, str)
    assert redact_secrets(result.text).text == result.text


def test_a_secret_key_of_any_length_after_the_word_secret_is_redacted():
    text = "Here's our API key AKIAZ7Q3KT9EXAMPLE42 and secret wJalrK7MDENGbPxRfiCYzEXAMPLEKEY9. How do I ask?"
    result = redact_secrets(text)
    assert "wJalrK7MDENGbPxRfiCYzEXAMPLEKEY9" not in result.text and "AKIAZ7Q3KT9EXAMPLE42" not in result.text
    assert result.text.endswith("How do I ask?")


SPACED_KEYWORDS = st.sampled_from(
    ["pw", "PW", "비번", "비밀번호", "암호", "password", "Password", "passwd", "패스워드"]
)
SPACED_SEPARATORS = st.sampled_from(["는", "은", "이", "가", ":", "=", "is", "란", "will be"])
STRONG_PASSWORDS = st.from_regex(r"[A-Za-z]{3,6}[0-9]{2,4}[!@#$%][A-Za-z0-9]{1,4}", fullmatch=True)


@given(
    keyword=SPACED_KEYWORDS,
    separator=SPACED_SEPARATORS,
    before=st.integers(0, 2),
    after=st.integers(0, 2),
    secret=STRONG_PASSWORDS,
    tail=st.sampled_from(["", " 입니다", " 이에요", " 요", ". thanks", " - 라우팅 요청합니다"]),
)
def test_a_password_after_its_keyword_is_redacted_with_any_spacing_around_the_particle(
    keyword, separator, before, after, secret, tail
):
    """ "pw 는 x", "비번 : x", "password  is x": the particle or sign may stand apart from the keyword."""
    if separator in ("is", "will be"):  # an English word needs its spaces
        before, after = max(before, 1), max(after, 1)
    text = f"{keyword}{' ' * before}{separator}{' ' * after}{secret}{tail}"
    result = redact_secrets(text)
    assert secret not in result.text and result.found, text


@given(
    keyword=st.sampled_from(["pre-shared key", "PSK", "IPsec PSK", "사전 공유키", "preshared secret"]),
    separator=st.sampled_from([" will be ", " is ", ": ", "는 ", " = "]),
    quote=st.sampled_from(["", "'", '"']),
    secret=STRONG_PASSWORDS,
)
def test_a_vpn_pre_shared_key_is_redacted_however_it_is_announced(keyword, separator, quote, secret):
    text = f"VPN 신청은 포탈 어디서 하나요? Our {keyword}{separator}{quote}{secret}{quote} if that matters."
    result = redact_secrets(text)
    assert secret not in result.text and result.found, text


@given(token=st.from_regex(r"[a-z]{2,4}_(?:live|test)_[0-9a-f]{12,24}", fullmatch=True))
def test_a_long_token_after_its_name_needs_no_separator(token):
    assert token not in redact_secrets(f"my token {token} - use it if you need it").text
    assert token not in redact_secrets(f"토큰 {token} 붙여둘게요").text


@pytest.mark.parametrize(
    "text",
    [
        "the token expired yesterday",
        "api key rotation policy docs",
        "토큰 발급은 어디서 하나요?",
        "pw 는 뭐로 해야 해요?",
    ],
)
def test_words_after_a_key_name_without_a_secret_stay(text):
    assert redact_secrets(text).text == text
