"""The firewall request form as an XLSX workbook (openpyxl), for customers who send the form as a file."""

from __future__ import annotations

import io

from assistant.wording import Phrase
from tools.firewall import FirewallRequest
from tools.firewall_form import form_rows, spreadsheet_safe

__all__ = ["XLSX_MEDIA_TYPE", "to_xlsx"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_TITLE = Phrase("방화벽 정책 신청서", "Firewall policy request")


def to_xlsx(request: FirewallRequest, language: str = "ko") -> bytes:
    """One sheet: the form's field names as the header row, the request as the second row."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    # control characters cannot be stored in XLSX; a leading = would become a live formula
    rows = [
        (field, spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))) for field, value in form_rows(request, language)
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _SHEET_TITLE(language)
    sheet.append([field for field, _ in rows])
    sheet.append([value for _, value in rows])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, (field, value) in zip(sheet.columns, rows, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(field) * 2, len(value) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
