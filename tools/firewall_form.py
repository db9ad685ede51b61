"""The firewall policy request as the security managed service receives it: the form's rows (Korean field names by
default, as on "첨부#1. 방화벽 정책 신청서"), a Markdown table, CSV and a ready e-mail with the guide's contact.

XLSX is rendered above this layer, where openpyxl is available.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from tools.firewall import FORM_NAME, MSS_EMAIL, MSS_PHONE, FirewallRequest

__all__ = [
    "FIELDS_EN",
    "FIELDS_KO",
    "EmailDraft",
    "email_draft",
    "form_rows",
    "spreadsheet_safe",
    "to_csv",
    "to_markdown",
]


FIELDS_KO = (
    "방화벽 구분",
    "출발지 IP",
    "목적지 IP",
    "프로토콜",
    "포트",
    "허용/차단",
    "방향",
    "신청 사유",
    "적용 기간",
    "신청자",
)
FIELDS_EN = (
    "Firewall",
    "Source IP",
    "Destination IP",
    "Protocol",
    "Port",
    "Allow/Deny",
    "Direction",
    "Reason",
    "Period",
    "Requester",
)
_VALUES_KO = {"allow": "허용", "deny": "차단", "inbound": "인바운드", "outbound": "아웃바운드"}


def form_rows(request: FirewallRequest, language: str = "ko") -> list[tuple[str, str]]:
    """(field, value) pairs of the form, with Korean field names by default (the form the MSS uses)."""
    translate = (lambda v: _VALUES_KO.get(v, v)) if language == "ko" else (lambda v: v)
    blank = "(기재 필요)" if language == "ko" else "(to fill in)"
    values = (
        request.firewall,
        request.source,
        request.destination,
        request.protocol.upper(),
        request.port_text,
        translate(request.action),
        translate(request.direction),
        request.reason or blank,
        request.period or blank,
        request.requester or blank,
    )
    return list(zip(FIELDS_KO if language == "ko" else FIELDS_EN, values, strict=True))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(request: FirewallRequest, language: str = "ko") -> str:
    rows = form_rows(request, language)
    header = "| " + " | ".join(_cell(f) for f, _ in rows) + " |"
    rule = "|" + "---|" * len(rows)
    values = "| " + " | ".join(_cell(v) for _, v in rows) + " |"
    return "\n".join([header, rule, values])


def spreadsheet_safe(value: str) -> str:
    """A cell value no spreadsheet runs as a formula: a leading =, +, -, @, tab or carriage return gets a quote
    before it (OWASP's CSV-injection list)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(request: FirewallRequest, language: str = "ko") -> str:
    rows = form_rows(request, language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f for f, _ in rows])
    writer.writerow([spreadsheet_safe(v) for _, v in rows])
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class EmailDraft:
    to: str
    phone: str
    subject: str
    body: str
    section_id: str = "vm-firewall-policy"


def email_draft(request: FirewallRequest, language: str = "ko") -> EmailDraft:
    """A ready e-mail to the security managed service, with the contact exactly as the guide gives it."""
    target = f"{request.destination}:{request.port_text}" if request.ports else request.destination
    lines = [f"- {field}: {value}" for field, value in form_rows(request, language)]
    if language == "ko":
        subject = f"[방화벽 정책 신청] {request.firewall} {request.source} → {target}"
        body = "\n".join(
            [
                "안녕하세요.",
                f"아래와 같이 {request.firewall} 정책 설정을 요청드립니다 ({FORM_NAME} 양식 기준).",
                "",
                *lines,
                "",
                f"문의 전화: {MSS_PHONE}",
                "감사합니다.",
            ]
        )
    else:
        subject = f"[Firewall policy request] {request.firewall} {request.source} -> {target}"
        body = "\n".join(
            [
                "Hello,",
                f"Please apply the following {request.firewall} policy (per the form {FORM_NAME}).",
                "",
                *lines,
                "",
                f"Phone: {MSS_PHONE}",
                "Thank you.",
            ]
        )
    return EmailDraft(MSS_EMAIL, MSS_PHONE, subject, body)
