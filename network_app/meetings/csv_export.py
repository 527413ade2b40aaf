"""A meeting's registrations (all, or who comes for the hotel and catering) -> CSV bytes that
Excel with Swedish settings opens as columns."""

import csv
import io
from dataclasses import dataclass

# A cell starting with one of these is a formula to Excel: prefix it so it stays text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvLabels:
    header: list
    responses: dict
    yes: str
    no: str
    unknown: str


def _cell(value):
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def registrations_to_csv(rows, labels):
    """Semicolon-separated (the list separator of Swedish Excel), UTF-8 with a BOM so that
    å, ä and ö survive, CRLF line ends, and no cell Excel would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(labels.header)
    for row in rows:
        attended = (
            labels.unknown if row.attended is None else (labels.yes if row.attended else labels.no)
        )
        writer.writerow(
            _cell(value)
            for value in (
                row.organisation,
                row.name,
                row.title,
                labels.responses[row.response],
                labels.yes if row.overnight_stay else labels.no,
                row.dietary_needs,
                attended,
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class CateringLabels:
    header: list
    yes: str
    no: str


def catering_to_csv(rows, labels):
    """Who comes, for the hotel and the catering: organisation, name, overnight stay and diet,
    nothing else; the same Excel-safe format as the registrations."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(labels.header)
    for row in rows:
        writer.writerow(
            _cell(value)
            for value in (
                row.organisation,
                row.name,
                labels.yes if row.overnight_stay else labels.no,
                row.dietary_needs,
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
