"""The training report as an Excel workbook (openpyxl): the held trainings, the sums by year,
county, kind and format, and the register entries never reached. Pure: the caller passes the
rows and the words, so the bytes depend on nothing else."""

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from network_app.hours.exports import FORMULA_TRIGGERS


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list  # lists of str, int or date
    widths: tuple = ()
    total: list | None = None  # a bold last row


def _cell(sheet, row, column, value):
    if isinstance(value, str):
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        cell.data_type = "s"  # never a formula
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return cell
    cell = sheet.cell(row=row, column=column, value=value)
    if hasattr(value, "isoformat"):
        cell.number_format = "yyyy-mm-dd"
    return cell


def report_to_xlsx(sheets, *, title, now):
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title[:200]
    workbook.properties.creator = "SKR"
    workbook.properties.created = workbook.properties.modified = now.replace(tzinfo=None)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        for column, label in enumerate(spec.headers, start=1):
            _cell(sheet, 1, column, str(label)).font = Font(bold=True)
        line = 1
        for line, row in enumerate(spec.rows, start=2):
            for column, value in enumerate(row, start=1):
                _cell(sheet, line, column, value)
        if spec.total is not None:
            for column, value in enumerate(spec.total, start=1):
                _cell(sheet, line + 1, column, value).font = Font(bold=True)
        for column, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
