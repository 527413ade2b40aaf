"""Entries of work at home as CSV for Swedish Excel and as XLSX: pure functions returning bytes.

CSV choices, for Excel opened with a double click on a Swedish Windows:
- UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252 and breaks å, ä, ö.
  No "sep=;" line: Excel then ignores the byte order mark.
- Semicolons between fields: Swedish Excel's list separator, since the comma is the decimal sign.
- Numbers with a decimal comma (1,5) and dates as ÅÅÅÅ-MM-DD, which Swedish Excel reads as numbers
  and dates; CRLF line ends as RFC 4180 says.
- Text that begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so that
  a spreadsheet shows it as text and never runs it as a formula (CSV/formula injection).
In XLSX such text is written as a string cell (never a formula) with Excel's quote prefix.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    _l("Organisation"),
    _l("Datum"),
    _l("Aktivitet"),
    _l("Timmar"),
    _l("Antal deltagare"),
    _l("Persontimmar"),
    _l("Anteckning"),
    _l("Case"),
)


@dataclass(frozen=True)
class ExportRow:
    organisation: str
    worked_on: date
    activity: str
    hours: Decimal
    people_present: int
    person_hours: Decimal
    note: str
    case: str = ""  # the title of the case the work served, if any


@dataclass(frozen=True)
class ExportTotal:
    organisation: str
    hours: Decimal
    person_hours: Decimal


def defuse(text):
    """Text a spreadsheet will show as text: a leading apostrophe before a formula trigger."""
    text = str(text or "")
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def swedish_number(value):
    """1.50 -> '1,5', 2.00 -> '2': Swedish Excel reads a decimal comma as a number."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _total_rows(totals, total_label, all_label):
    rows = [(t.organisation, total_label, t.hours, t.person_hours) for t in totals]
    if len(totals) > 1:
        rows.append(
            (
                str(all_label),
                total_label,
                sum((t.hours for t in totals), Decimal(0)),
                sum((t.person_hours for t in totals), Decimal(0)),
            )
        )
    return rows


def entries_to_csv(rows, totals):
    """The entries, a blank line, then each organisation's totals (and all of them together)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([defuse(str(c)) for c in COLUMNS])
    for row in rows:
        writer.writerow(
            [
                defuse(row.organisation),
                row.worked_on.isoformat(),
                defuse(row.activity),
                swedish_number(row.hours),
                row.people_present,
                swedish_number(row.person_hours),
                defuse(row.note),
                defuse(row.case),
            ]
        )
    writer.writerow([])
    for organisation, label, hours, person_hours in _total_rows(
        totals, str(_l("Summa")), _l("Alla organisationer")
    ):
        writer.writerow(
            [
                defuse(organisation),
                defuse(label),
                "",
                swedish_number(hours),
                "",
                swedish_number(person_hours),
                "",
                "",
            ]
        )
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _text_cell(sheet, row, column, value):
    """A string cell whatever the text: openpyxl would otherwise store '=…' as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = str(value or "")
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def _number_cell(sheet, row, column, value, number_format="0.00"):
    cell = sheet.cell(row=row, column=column, value=float(value))
    cell.number_format = number_format
    return cell


def entries_to_xlsx(rows, totals, *, title, now):
    """One sheet: a header, the entries, a blank row, the totals. Numbers and dates are typed."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_l("Arbete på hemmaplan"))
    workbook.properties.title = title[:200]
    workbook.properties.creator = "SKR"
    workbook.properties.created = workbook.properties.modified = now.replace(tzinfo=None)
    for column, label in enumerate(COLUMNS, start=1):
        _text_cell(sheet, 1, column, label).font = Font(bold=True)
    line = 1
    for line, row in enumerate(rows, start=2):
        _text_cell(sheet, line, 1, row.organisation)
        sheet.cell(row=line, column=2, value=row.worked_on).number_format = "yyyy-mm-dd"
        _text_cell(sheet, line, 3, row.activity)
        _number_cell(sheet, line, 4, row.hours)
        _number_cell(sheet, line, 5, row.people_present, "0")
        _number_cell(sheet, line, 6, row.person_hours)
        _text_cell(sheet, line, 7, row.note)
        _text_cell(sheet, line, 8, row.case)
    line += 1
    for organisation, label, hours, person_hours in _total_rows(
        totals, str(_l("Summa")), _l("Alla organisationer")
    ):
        line += 1
        _text_cell(sheet, line, 1, organisation).font = Font(bold=True)
        _text_cell(sheet, line, 2, label).font = Font(bold=True)
        _number_cell(sheet, line, 4, hours).font = Font(bold=True)
        _number_cell(sheet, line, 6, person_hours).font = Font(bold=True)
    for column, width in enumerate((28, 12, 34, 9, 15, 13, 50, 34), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(stem, organisation_or_network, today, extension):
    """A file name safe in any header or file system, keeping Swedish letters (RFC 5987 sends
    them in filename*; Werkzeug adds an ASCII fallback)."""
    words = "".join(ch if ch.isalnum() else " " for ch in organisation_or_network).split()
    name = "-".join([stem, *words, today.isoformat()])
    return f"{name[:120]}.{extension}"
