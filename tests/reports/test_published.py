"""The Word documents look published (issue 12 point 5) and the network report opens with the
network as a whole (point 6): each document of the demo opened with python-docx."""

import os
import re
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image, ImageDraw

from network_app.cases import services
from network_app.demo import seed_demo
from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.reports import collect, fonts
from network_app.reports.builder import PUBLISHER, build_learning_example, build_network_report
from network_app.reports.chart import TARGET_COLOUR, _font, bar_chart_png, draw_bar_chart
from network_app.reports.docx_writer import APPLICATION, CELL_MARGINS_TWIPS
from tests.cases.helpers import approve, make_case
from tests.reports.test_builder import NOW, _documented

TODAY = date(2026, 12, 1)
DEMO_NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def require_metric_fonts():
    """The widths are only proved with Calibri's metrics (Carlito); CI installs the fonts and
    sets REQUIRE_FONTS=1, so that there a missing font fails instead of skipping."""
    if fonts.metric_compatible():
        return
    message = "Carlito (fonts-crosextra-carlito) is not installed: no Calibri metrics to measure"
    if os.environ.get("REQUIRE_FONTS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def demo_documents(app):
    """{name: docx bytes}: every learning example of the demo, plain and anonymised, and both
    network reports."""
    network = seed_demo(TODAY)
    db.session.commit()
    documents = {}
    for participation in network_services.accepted_participations(network):
        for anonymised in (False, True):
            data = collect.learning_example_data(
                participation, anonymised=anonymised, contact_details=True, now=DEMO_NOW
            )
            name = f"{participation.organisation.name}{' anonymised' if anonymised else ''}"
            documents[name] = build_learning_example(data)
    for anonymised in (False, True):
        data = collect.network_report_data(
            network, anonymised=anonymised, contact_details=True, now=DEMO_NOW
        )
        documents[f"network{' anonymised' if anonymised else ''}"] = build_network_report(data)
    return documents


def _open(content):
    return docx.Document(BytesIO(content))


def _part(content, name):
    with zipfile.ZipFile(BytesIO(content)) as package:
        return package.read(name).decode("utf-8")


def _headings(document, depth):
    return [
        p.text
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and int(p.style.name.split()[-1]) <= depth
    ]


def _toc(document):
    return [p.text for p in document.paragraphs if p.style.name.startswith("toc ")]


def test_every_document_has_a_written_table_of_contents_equal_to_its_headings(demo_documents):
    for name, content in demo_documents.items():
        document = _open(content)
        body = _part(content, "word/document.xml")
        depth = int(re.search(r'TOC \\o "1-(\d)"', body).group(1))
        assert depth == (1 if name.startswith("network") else 2), name
        assert _toc(document) == _headings(document, depth), name
        # Each entry links to its heading's bookmark; Word refreshes the table on opening.
        anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', body)
        bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
        assert anchors and set(anchors) <= bookmarks
        assert '<w:updateFields w:val="true"/>' in _part(content, "word/settings.xml")
        assert "Högerklicka" not in body


def test_the_settings_keep_the_schema_order(demo_documents):
    """w:updateFields before w:compat, or Word reports the file as damaged."""
    settings = _part(demo_documents["network"], "word/settings.xml")
    assert settings.index("<w:updateFields") < settings.index("<w:compat>")


def test_no_table_cell_is_narrower_than_its_longest_word(demo_documents):
    require_metric_fonts()
    checked = 0
    for name, content in demo_documents.items():
        document = _open(content)
        for table in document.tables:
            grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
            assert sum(grid) <= 16 * 567, name
            for row in table.rows:
                for column, cell in enumerate(row.cells):
                    width = int(cell._tc.tcPr.tcW.get(qn("w:w")))
                    assert width == grid[column], name  # Word reads one, LibreOffice the other
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            points = run.font.size.pt
                            for word in run.text.split():
                                wide = fonts.em_width(word, bool(run.bold)) * points * 20
                                assert wide <= width - CELL_MARGINS_TWIPS, (name, word, width)
                                checked += 1
    assert checked > 1000
    for word in ("Tjänsteperson", "Sannolikhet", "Kommunikationschef", "Nätverksträffar"):
        assert any(word in _part(c, "word/document.xml") for c in demo_documents.values())


def test_tables_use_a_fixed_layout_with_their_widths_everywhere(demo_documents):
    body = _part(demo_documents["network"], "word/document.xml")
    assert body.count('<w:tblLayout w:type="fixed"/>') == body.count("<w:tbl>")
    assert '<w:tblW w:w="0" w:type="auto"/>' not in body
    styles = _part(demo_documents["network"], "word/styles.xml")
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    assert f'w:ascii="{fonts.FONT_NAME}"' in styles


def test_document_properties_are_true(demo_documents):
    for name, content in demo_documents.items():
        app_xml = _part(content, "docProps/app.xml")
        assert f"<Application>{APPLICATION} " in app_xml, name
        for invented in ("<Pages>", "<Words>", "<Characters>", "<Lines>", "Microsoft"):
            assert invented not in app_xml, (name, invented)
        properties = _open(content).core_properties
        assert properties.version.startswith("1.0.20261201")
        assert properties.created == DEMO_NOW
        assert properties.title and properties.language == "sv-SE"


def test_the_cover_page_names_network_organisation_period_publisher_date_and_version(
    demo_documents,
):
    for name, content in demo_documents.items():
        paragraphs = [p.text for p in _open(content).paragraphs]
        cover = paragraphs[: paragraphs.index("Innehåll")]
        assert cover[0].startswith("Lärande exempel: " if "network" not in name else "Nätverk")
        for line in (
            "Nätverk: Nätverk för att med systematik förebygga hot, hat och våld mot "
            "förtroendevalda 2026",
            "Period: 2026-01-01 – 2026-12-31",
            f"Utgivare: {PUBLISHER}",
            "Datum: 2026-12-01",
            "Version: 1.0.20261201.0930",
        ):
            assert line in cover, (name, line)
        if "network" not in name:
            organisation = name.removesuffix(" anonymised")
            assert f"Organisation: {organisation}" in cover
        variant = "Avidentifierad version för publicering" if "anonymised" in name else "Arbetsv"
        assert cover[1].startswith(variant)


def test_the_network_report_opens_with_the_network_as_a_whole(demo_documents):
    content = demo_documents["network"]
    document = _open(content)
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Nätverket som helhet")
    for part in (
        "Typer av beslut",
        "Vanligaste riskerna och valda åtgärder",
        "Metoder",
        "Organisationernas system (kapitel 5)",
        "Nivå, timmar och närvaro",
        "Lärdomar i nätverket",
    ):
        assert ("Heading 2", part) in headings[:8]
    organisations = [
        "Bodens kommun",
        "Emmaboda kommun",
        "Göteborgs Stad",
        "Malmö stad",
        "Nacka kommun",
        "Västra Götalandsregionen",
    ]
    heat = next(t for t in document.tables if t.rows[0].cells[-1].text == "Totalt")
    assert [c.text for c in heat.rows[0].cells][:3] == ["Organisation", "Avsnitt 1", "Avsnitt 2"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Avsnitten: 1 Inledande formalia; 2 Förtroendevaldas villkor;" in text
    assert [r.cells[0].text for r in heat.rows[1:]] == organisations
    malmo = next(r for r in heat.rows if r.cells[0].text == "Malmö stad")
    assert malmo.cells[-1].text == "22/22"
    methods = next(t for t in document.tables if t.rows[0].cells[1].text == "Metod")
    kinds = {r.cells[0].text for r in methods.rows[1:]}
    assert kinds <= {"Proaktiva metoder", "Reaktiva metoder", "Uppföljande arbete"}
    assert len(kinds) == 3
    body = _part(content, "word/document.xml")
    descr = re.search(r'<wp:docPr [^>]*descr="(Kapitel 5-checklistans[^"]*)"', body).group(1)
    for organisation in organisations:
        assert f"{organisation}: Inledande formalia" in descr
    assert descr.endswith("totalt 22 av 22.")  # whole, to its last organisation's total
    levels = next(t for t in document.tables if t.rows[0].cells[1].text == "Nivå")
    assert levels.rows[0].cells[3].text == "Timmar (mål 30–40)"
    goals = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Organisation" and len(t.columns) == 6
    )
    goal_figures = {r.cells[0].text: r.cells[4].text for r in goals.rows[1:]}
    assert {r.cells[0].text: r.cells[4].text for r in levels.rows[1:]} == goal_figures


def test_the_synthesis_is_drawn_only_from_the_chapters_the_report_holds(world):
    """The publication variant holds only approved chapters (i12p filters report.chapters):
    the synthesis is built from that same list, so what is not approved is not summed up."""
    _documented(world)
    other = make_case(world.other, title="Ny vindkraftspark", lessons="Hemlig lärdom.")
    services.add_risk(
        other,
        {
            "description": "Risk som inte är godkänd",
            "targets": "Vindkraftsgruppen",
            "likelihood": 2,
            "consequence": 2,
        },
    )
    approve(world.own, world.participant)
    db.session.commit()
    report = collect.network_report_data(
        world.network, anonymised=True, contact_details=False, now=NOW
    )
    report.chapters = [c for c in report.chapters if c.approved_at]
    document = _open(build_network_report(report))
    synthesis, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            if inside:
                break
            inside = paragraph.text == "Nätverket som helhet"
        if inside:
            synthesis.append(paragraph.text)
    text = "\n".join(synthesis)
    assert "kapitlen från 1 organisation i" in text and "Börja tidigt." in text
    assert "Hemlig lärdom." not in text
    tables = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Vindkraftsgruppen" not in tables and "Risk som inte är godkänd" not in tables


def test_the_publication_variant_sums_up_only_approved_chapters(world):
    """Through collect: the publication variant holds only approved chapters (i12p), and the
    synthesis at its start is drawn from those."""
    _documented(world)
    make_case(world.other, title="Ny vindkraftspark", lessons="Hemlig lärdom.")
    approve(world.own, world.participant)
    db.session.commit()
    report = collect.network_report_data(
        world.network, anonymised=True, contact_details=False, now=NOW
    )
    document = _open(build_network_report(report))
    heat = next(t for t in document.tables if t.rows[0].cells[-1].text == "Totalt")
    assert [r.cells[0].text for r in heat.rows[1:]] == ["Egna kommun"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Hemlig lärdom." not in text and "kapitlen från 1 organisation i" in text
    assert text.count("Inte godkända ännu: Andra regionen.") == 1


def test_the_target_line_never_runs_through_a_label():
    """The line at 30 h crosses where the label of the 28 h bar is written."""
    bars = [("Egna kommun", 28), ("Andra regionen", 30), ("Tredje", 12)]
    image = draw_bar_chart(bars, unit="h", target=30, target_label_text="Mål", scale=2)
    scale, label_width, chart_width = 2, 500, 660
    x = label_width + int(chart_width * 30 / 30)
    at = (label_width + int(chart_width * 28 / 30) + 6 * scale, 24 + 48 + 4 * scale)
    left, top, right, bottom = ImageDraw.Draw(image).textbbox(at, "28 h", font=_font(15 * scale))
    assert left < x < right  # the line does cross the label's place
    label = image.crop((left, top, right, bottom)).convert("RGB")
    assert TARGET_COLOUR not in {colour for _count, colour in label.getcolors(100_000)}
    column = image.crop((x - 2, 72, x + 2, image.height - 24)).convert("RGB")
    assert TARGET_COLOUR in {colour for _count, colour in column.getcolors(100_000)}


def test_alt_text_is_whole_and_the_title_short(world):
    long_name = "Kommunalförbundet för räddningstjänst och gemensam nämnd " * 3  # 174 characters
    world.other.organisation.name = long_name.strip()
    db.session.commit()
    content = build_network_report(
        collect.network_report_data(world.network, anonymised=False, contact_details=False, now=NOW)
    )
    body = _part(content, "word/document.xml")
    for descr, title in re.findall(r'<wp:docPr [^>]*descr="([^"]*)" title="([^"]*)"', body):
        assert len(title) < 120 and descr.endswith(".")
        assert descr.startswith(title)
    assert body.count(long_name.strip()) >= 4  # chart alt text, heat map alt text, tables
    assert Image.open(BytesIO(bar_chart_png([(long_name, 3)]))).size[0] > 0
