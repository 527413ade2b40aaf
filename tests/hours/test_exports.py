"""CSV and XLSX exports: read back with the csv module and openpyxl, formulas defused, headers."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from network_app.extensions import db
from network_app.hours.exports import (
    ExportRow,
    ExportTotal,
    entries_to_csv,
    entries_to_xlsx,
    export_filename,
)
from network_app.networks.services import local_today
from tests.hours.builders import add_entry

D = Decimal
INJECTIONS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def _rows():
    rows = [
        ExportRow(
            "Malmö stad",
            date(2026, 3, 1),
            "Gruppmöte",
            D("1.50"),
            3,
            D("4.50"),
            "Åsa och Örjan",
            "Nya detaljplanen",
        ),
        ExportRow("Malmö stad", date(2026, 3, 8), "Annat", D("2.00"), 0, D("0.00"), "007 på plats"),
    ]
    rows += [
        ExportRow(
            "Västra Götalandsregionen",
            date(2026, 4, 1),
            "Dokumentation",
            D("0.25"),
            1,
            D("0.25"),
            note,
        )
        for note in INJECTIONS
    ]
    return rows


def _totals():
    return [
        ExportTotal("Malmö stad", D("3.50"), D("4.50")),
        ExportTotal("Västra Götalandsregionen", D("1.50"), D("1.50")),
    ]


def _read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_bom_semicolons_swedish_letters_and_decimal_commas():
    data = entries_to_csv(_rows(), _totals())
    assert b"\r\n" in data
    lines = _read_csv(data)
    assert lines[0] == [
        "Organisation",
        "Datum",
        "Aktivitet",
        "Timmar",
        "Antal deltagare",
        "Persontimmar",
        "Anteckning",
        "Case",
    ]
    assert lines[1] == [
        "Malmö stad",
        "2026-03-01",
        "Gruppmöte",
        "1,5",
        "3",
        "4,5",
        "Åsa och Örjan",
        "Nya detaljplanen",
    ]
    assert lines[2][3:6] == ["2", "0", "0"]
    assert lines[2][6] == "007 på plats"


def test_csv_defuses_every_formula_trigger():
    lines = _read_csv(entries_to_csv(_rows(), _totals()))
    notes = [line[6] for line in lines[3:9]]
    assert notes == ["'" + text for text in INJECTIONS]


def test_a_case_title_is_defused_too():
    row = ExportRow("Malmö stad", date(2026, 3, 1), "Annat", D("1"), 1, D("1"), "", "=2+2")
    assert _read_csv(entries_to_csv([row], _totals()[:1]))[1][7] == "'=2+2"
    sheet = load_workbook(io.BytesIO(_xlsx([row], _totals()[:1]))).active
    assert sheet["H2"].value == "=2+2" and sheet["H2"].data_type == "s"


def test_csv_ends_with_totals_per_organisation_and_for_all():
    lines = _read_csv(entries_to_csv(_rows(), _totals()))
    assert lines[9] == []
    assert lines[10] == ["Malmö stad", "Summa", "", "3,5", "", "4,5", "", ""]
    assert lines[11] == ["Västra Götalandsregionen", "Summa", "", "1,5", "", "1,5", "", ""]
    assert lines[12] == ["Alla organisationer", "Summa", "", "5", "", "6", "", ""]


def test_csv_of_one_organisation_has_no_grand_total():
    lines = _read_csv(entries_to_csv(_rows()[:2], _totals()[:1]))
    assert lines[-1][0] == "Malmö stad"


def _xlsx(rows=None, totals=None):
    return entries_to_xlsx(
        rows or _rows(),
        totals or _totals(),
        title="Test",
        now=datetime(2026, 11, 23, 12, tzinfo=UTC),
    )


def test_xlsx_has_typed_dates_and_numbers():
    sheet = load_workbook(io.BytesIO(_xlsx())).active
    assert [c.value for c in sheet[1]] == [
        "Organisation",
        "Datum",
        "Aktivitet",
        "Timmar",
        "Antal deltagare",
        "Persontimmar",
        "Anteckning",
        "Case",
    ]
    assert sheet["A2"].value == "Malmö stad"
    assert sheet["H2"].value == "Nya detaljplanen" and not sheet["H3"].value
    assert sheet["B2"].value.date() == date(2026, 3, 1)
    assert (sheet["D2"].value, sheet["E2"].value, sheet["F2"].value) == (1.5, 3, 4.5)
    assert sheet["G2"].value == "Åsa och Örjan"


def test_xlsx_writes_formula_like_text_as_string_cells():
    data = _xlsx()
    sheet = load_workbook(io.BytesIO(data)).active
    for row, text in enumerate(INJECTIONS, start=4):
        cell = sheet.cell(row=row, column=7)
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_xlsx_totals():
    sheet = load_workbook(io.BytesIO(_xlsx())).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=11)]
    assert values[0][:6] == ["Malmö stad", "Summa", None, 3.5, None, 4.5]
    assert values[-1][:6] == ["Alla organisationer", "Summa", None, 5.0, None, 6.0]


def test_export_filename_is_safe_and_keeps_swedish_letters():
    name = export_filename("arbete-hemmaplan", 'Malmö "stad"/../\r\nx', date(2026, 3, 1), "csv")
    assert name == "arbete-hemmaplan-Malmö-stad-x-2026-03-01.csv"


# Through the app


@pytest.fixture
def swedish_world(world):
    world.own.organisation.name = "Örkelljunga kommun"
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=30)
    world.network.ends_on = today + timedelta(days=30)
    add_entry(world.own, today, 90, world.own.members, note="=1+1", today=today)
    add_entry(world.other, today, 60, note="Andra", today=today)
    db.session.commit()
    return world


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_organisation_export_headers(client, auth, swedish_world, extension):
    auth.login(swedish_world.participant)
    response = client.get(f"/participations/{swedish_world.own.id}/hours/export.{extension}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Cookie" in response.headers.get_all("Vary")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote("arbete-hemmaplan-Örkelljunga-kommun") in disposition
    assert 'filename="arbete-hemmaplan-Orkelljunga-kommun-' in disposition or (
        "filename=arbete-hemmaplan-Orkelljunga-kommun-" in disposition
    )
    expected_type = "text/csv" if extension == "csv" else "application/vnd.openxmlformats"
    assert response.mimetype.startswith(expected_type)


def test_organisation_csv_holds_only_its_own_entries(client, auth, swedish_world):
    auth.login(swedish_world.participant)
    response = client.get(f"/participations/{swedish_world.own.id}/hours/export.csv")
    lines = _read_csv(response.data)
    assert [line[0] for line in lines[1:2]] == ["Örkelljunga kommun"]
    assert lines[1][3:7] == ["1,5", "2", "3", "'=1+1"]
    assert "Andra" not in response.data.decode("utf-8-sig")


def test_network_xlsx_for_an_observer_has_every_organisation_and_totals(
    client, auth, swedish_world
):
    auth.login(swedish_world.observer)
    response = client.get(f"/networks/{swedish_world.network.id}/hours/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names[:2] == ["Andra regionen", "Örkelljunga kommun"]
    assert names[-1] == "Alla organisationer"
    assert sheet.cell(row=sheet.max_row, column=4).value == 2.5


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_exports_name_the_case_each_entry_served(client, auth, world, extension):
    from tests.cases.helpers import make_case

    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=30)
    world.network.ends_on = today + timedelta(days=30)
    case = make_case(world.own, title="Detaljplan för Byskolan")
    add_entry(world.own, today, 60, note="Med case", today=today, case=case)
    add_entry(world.own, today, 30, note="Utan case", today=today)
    db.session.commit()
    auth.login(world.participant)
    response = client.get(f"/participations/{world.own.id}/hours/export.{extension}")
    if extension == "csv":
        lines = _read_csv(response.data)
        by_note = {line[6]: line[7] for line in lines[1:3]}
    else:
        sheet = load_workbook(io.BytesIO(response.data)).active
        by_note = {
            sheet.cell(row=r, column=7).value: sheet.cell(row=r, column=8).value or ""
            for r in (2, 3)
        }
    assert by_note == {"Med case": "Detaljplan för Byskolan", "Utan case": ""}
