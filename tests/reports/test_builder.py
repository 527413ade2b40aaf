"""The Word reports: content checked against the data, anonymisation, hostile text and speed."""

import re
import time
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO
from xml.sax.saxutils import escape

import docx
import pytest
from lxml import etree
from PIL import Image

from network_app.cases import services
from network_app.cases.models import CaseStatus, ItemState
from network_app.extensions import db
from network_app.hours.models import ActivityKind
from network_app.networks.models import Person
from network_app.reports import collect
from network_app.reports.builder import build_learning_example, build_network_report
from network_app.reports.chart import bar_chart_png, draw_bar_chart, hours_number
from tests import factories
from tests.cases.helpers import (
    approve,
    attend,
    log_hours,
    make_case,
    make_meeting,
    mark_checklist,
)

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
# What a database accepts (PostgreSQL refuses NUL), and what the builder must survive anyway.
STORED_HOSTILE = "vt\x0b ff\x0c esc\x1b bell\x07 \"citat\" 'apostrof' <tag> & 😀 "
HOSTILE = "Nul\x00 " + STORED_HOSTILE + " \ud800 \ufffe"


@pytest.fixture(autouse=True)
def request_context(app):
    """The builders translate their labels, which needs a request (the locale is per session)."""
    with app.test_request_context():
        yield


def _documented(world):
    case = make_case(
        world.own,
        status=CaseStatus.EVALUATED,
        decision_expected_on=date(2026, 12, 1),
        lessons="Börja tidigt.",
        gender_perspective="Kvinnor utsätts oftare för sexualiserade hot.",
    )
    services.add_risk(
        case,
        {
            "description": "Hot mot Olle Egen i sociala medier",
            "targets": "Ordföranden",
            "likelihood": 3,
            "consequence": 4,
            "measures": "Säkerhetssamtal före mötet",
            "owner": "Säkerhetschef",
        },
    )
    services.add_risk(
        case, {"description": "Störningar på mötet", "likelihood": 1, "consequence": 2}
    )
    services.add_communication(
        case,
        {
            "message": "Ring Stina Egen på 070-111 11 11",
            "planned_on": date(2026, 11, 25),
            "channel": "Webb",
            "audience": "Föräldrar",
        },
    )
    services.add_journal_entry(
        case,
        written_on=datetime(2026, 4, 2).date(),
        text="Kontakt: olle.egen@example.se",
        author=world.participant,
    )
    mark_checklist(world.own, {"introduction": ItemState.DONE, "validity": ItemState.IN_PROGRESS})
    log_hours(world.own, 120, activity=ActivityKind.RISK_ANALYSIS)
    log_hours(world.own, 90, activity=ActivityKind.GROUP_MEETING)
    meeting = make_meeting(world.network)
    attend(meeting, world.own.members[0])
    db.session.commit()
    return case


def _open(content):
    return docx.Document(BytesIO(content))


def _all_xml(content):
    with zipfile.ZipFile(BytesIO(content)) as package:
        return "\n".join(
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


def _headings(document):
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Head")]


def test_learning_example_shows_the_case_risks_checklist_hours_and_meetings(world):
    _documented(world)
    data = collect.learning_example_data(world.own, anonymised=False, contact_details=True, now=NOW)
    document = _open(build_learning_example(data))
    headings = _headings(document)
    assert ("Heading 1", "Case: Nedläggning av Byskolan") in headings
    for level, text in [
        ("Heading 1", "Sammanfattning"),
        ("Heading 2", "Riskanalys"),
        ("Heading 1", "Organisationens system"),
        ("Heading 1", "Lärdomar"),
        ("Heading 1", "Arbete på hemmaplan"),
        ("Heading 1", "Nätverksträffar"),
    ]:
        assert (level, text) in headings
    risk_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nr")
    assert [c.text for c in risk_table.rows[1].cells][1:6] == [
        "Hot mot Olle Egen i sociala medier",
        "Ordföranden",
        "3",
        "4",
        "Mycket hög (12)",
    ]
    assert len(risk_table.rows) == 3
    checklist_table = next(
        t for t in document.tables if t.rows[0].cells[0].text.startswith("Punkt")
    )
    states = {r.cells[0].text: r.cells[1].text for r in checklist_table.rows[1:]}
    assert states["Inledning och bakgrund"] == "Klart" and states["Giltighetstid"] == "Pågår"
    assert states["Incidentrapportering"] == "Saknas"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Totalt 3,5 timmar" in text and "Börja tidigt." in text
    activity = next(t for t in document.tables if t.rows[0].cells[0].text == "Aktivitet")
    assert [[c.text for c in r.cells] for r in activity.rows[1:]] == [
        ["Gruppmöte", "1,5"],
        ["Riskanalys av caset", "2"],  # the activity as the hours form names it
    ]
    meetings = next(t for t in document.tables if t.rows[0].cells[1].text == "Träff")
    assert [c.text for c in meetings.rows[1].cells][1:] == [
        "Första nätverksträffen",
        "Nätverksträff",
        "Ja",
    ]


def test_word_structure_properties_language_page_numbers_header_rows_and_alt_text(world):
    _documented(world)
    data = collect.learning_example_data(world.own, anonymised=False, contact_details=True, now=NOW)
    content = build_learning_example(data)
    document = _open(content)
    properties = document.core_properties
    assert properties.title == "Lärande exempel: Egna kommun"
    assert properties.author == "Egna kommun" and properties.language == "sv-SE"
    assert "python-docx" not in _all_xml(content)
    with zipfile.ZipFile(BytesIO(content)) as package:
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
        footer = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
        assert "docProps/thumbnail.jpeg" not in package.read("_rels/.rels").decode()
    assert 'w:lang w:val="sv-SE"' in styles
    style_ids = re.findall(r'w:styleId="([^"]+)"', styles)
    assert len(style_ids) == len(set(style_ids))
    used = set(re.findall(r'<w:(?:pStyle|tblStyle|rStyle) w:val="([^"]+)"', body))
    assert used and used <= set(style_ids)  # a missing style id makes Word repair the file
    assert 'w:fldCharType="begin"' in footer and "PAGE" in footer
    assert body.count("<w:tblHeader/>") == len(document.tables)
    assert re.search(r'<w:shd w:val="clear" w:color="auto" w:fill="E06666"/>', body)
    assert re.search(r'<wp:docPr [^>]*descr="Timmar per aktivitet: Gruppmöte 1,5 h', body)
    doc_pr_ids = re.findall(r'<wp:docPr id="(\d+)"', body)
    assert len(doc_pr_ids) == len(set(doc_pr_ids))
    # w:shd must precede w:vAlign etc. inside w:tcPr (Word repairs the file otherwise).
    for properties_xml in re.findall(r"<w:tcPr>(.*?)</w:tcPr>", body):
        if "<w:shd" in properties_xml and "<w:vAlign" in properties_xml:
            assert properties_xml.index("<w:shd") < properties_xml.index("<w:vAlign")


def _every_person_text():
    texts = set()
    for person in db.session.scalars(db.select(Person)):
        texts.update({person.name, person.email})
        if person.phone:
            texts.add(person.phone)
    return texts


@pytest.mark.parametrize("build", ["learning_example", "network_report"])
def test_anonymised_variants_contain_no_name_email_or_phone_of_anyone(world, build):
    _documented(world)
    approve(world.own, world.participant)
    world.participant.name = "Petra Deltagare"
    db.session.commit()
    if build == "learning_example":
        content = build_learning_example(
            collect.learning_example_data(world.own, anonymised=True, contact_details=True, now=NOW)
        )
    else:
        content = build_network_report(
            collect.network_report_data(
                world.network, anonymised=True, contact_details=True, now=NOW
            )
        )
    xml = _all_xml(content)
    people = _every_person_text() | {u.name for u in (world.leader, world.participant)}
    people |= {u.email for u in (world.leader, world.participant, world.observer)}
    for text in people:
        assert text not in xml and escape(text) not in xml, text
    assert "0701111111" not in re.sub(r"[\s-]", "", re.sub(r"<[^>]+>", "", xml))
    assert "Säkerhetssamordnare" not in xml  # a title singles a person out
    document = _open(content)
    assert document.core_properties.author in ("Egna kommun", "SKR")


def test_the_plain_variant_keeps_names_and_shows_contact_details_only_when_allowed(world):
    _documented(world)
    shown = collect.learning_example_data(
        world.own, anonymised=False, contact_details=True, now=NOW
    )
    hidden = collect.learning_example_data(
        world.own, anonymised=False, contact_details=False, now=NOW
    )

    def group_table(data):
        document = _open(build_learning_example(data))
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "Namn")
        return [[c.text for c in row.cells] for row in table.rows]

    assert group_table(shown)[0] == ["Namn", "Titel", "Roll", "E-post", "Telefon"]
    assert group_table(shown)[1][3:] == ["olle.egen@example.se", "070-111 11 11"]
    assert group_table(hidden)[0] == ["Namn", "Titel", "Roll"]
    assert group_table(hidden)[1][0] == "Olle Egen (kontaktperson)"


def test_hostile_text_is_cleaned_and_long_text_and_emoji_survive(world):
    long_text = ("ordlöst" * 3000) + " " + ("ett långt stycke. " * 2000)
    case = make_case(
        world.own,
        title=STORED_HOSTILE,
        description=STORED_HOSTILE + long_text,
        lessons=STORED_HOSTILE,
    )
    services.add_risk(
        case,
        {
            "description": STORED_HOSTILE,
            "targets": STORED_HOSTILE,
            "likelihood": 4,
            "consequence": 4,
            "measures": STORED_HOSTILE,
            "owner": STORED_HOSTILE,
        },
    )
    services.add_communication(
        case, {"message": STORED_HOSTILE, "channel": STORED_HOSTILE, "audience": STORED_HOSTILE}
    )
    world.own.organisation.name = "Egna \x1b kommun 😀"
    db.session.commit()
    for anonymised in (False, True):
        data = collect.learning_example_data(
            world.own, anonymised=anonymised, contact_details=True, now=NOW
        )
        data.cases[0].affected = HOSTILE  # text from elsewhere (an import) may hold anything
        data.cases[0].risks[0].owner = HOSTILE
        content = build_learning_example(data)
        text = "\n".join(p.text for p in _open(content).paragraphs)
        assert "😀" in text and '"citat"' in text and "<tag> &" in text and long_text[:500] in text
        assert not re.search("[\x00\x07\x0b\x0c\x1b\ufffe]", _all_xml(content))
    network = build_network_report(
        collect.network_report_data(world.network, anonymised=False, contact_details=True, now=NOW)
    )
    assert _open(network).core_properties.title.startswith("Nätverksrapport")


def test_network_report_compiles_goals_meetings_and_one_chapter_per_organisation(world):
    _documented(world)
    services.approve_learning_example(world.own, world.participant)
    make_case(world.other, title="Ny vindkraftspark")
    db.session.commit()
    content = build_network_report(
        collect.network_report_data(world.network, anonymised=False, contact_details=False, now=NOW)
    )
    document = _open(content)
    headings = _headings(document)
    for text in (
        "Nätverket och dess mål",
        "Träffarnas tidslinje",
        "Måluppfyllelse",
        "Timmar per organisation",
        "Egna kommun",
        "Andra regionen",
    ):
        assert ("Heading 1", text) in headings
    assert ("Heading 2", "Case: Ny vindkraftspark") in headings
    assert ("Heading 3", "Riskanalys") in headings
    goals = next(  # the goal table, after the synthesis's tables of organisations
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Organisation" and len(t.columns) == 6
    )
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in goals.rows[1:]}
    nothing_decided = "Inget styrande dokument ännu\nIngen nivå vald ännu"
    assert rows["Egna kommun"][1:] == [
        "1 av 22 punkter klara\n" + nothing_decided,
        "1 av 1",
        "3,5",
        "1 / 1",
        "Godkänt",
    ]
    assert rows["Andra regionen"][1:] == [
        "0 av 22 punkter klara\n" + nothing_decided,
        "0 av 1",
        "0",
        "0 / 1",
        "Inte godkänt",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Godkänt för publicering av" not in text  # never who approved
    group_headers = [
        [c.text for c in t.rows[0].cells]
        for t in document.tables
        if t.rows[0].cells[0].text == "Namn"
    ]
    assert group_headers and all("E-post" not in h for h in group_headers)  # leader only


def test_network_report_of_fifty_organisations_builds_in_under_three_seconds(world):
    for number in range(48):
        participation = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun nummer {number}")
        )
        for member in range(4):
            factories.add_member(
                participation,
                f"Person {number} {member}",
                email=f"p{number}.{member}@example.se",
                phone=f"070-{number:03d} {member:02d} 00",
            )
        case = make_case(participation, description="Beskrivning. " * 50, lessons="Lärdom. " * 40)
        for risk in range(5):
            services.add_risk(
                case,
                {
                    "description": f"Risk {risk}",
                    "likelihood": risk % 4 + 1,
                    "consequence": 4 - risk % 4,
                    "measures": "Åtgärd. " * 10,
                },
            )
        mark_checklist(participation, {"introduction": ItemState.DONE})
        log_hours(participation, 600)
    db.session.commit()
    for participation in world.network.participations:
        approve(participation, world.participant)  # the publication variant holds them all
    db.session.commit()
    for anonymised in (False, True):
        # CPU time, not wall-clock: the shared test machine's other processes must not count.
        started = time.process_time()
        content = build_network_report(
            collect.network_report_data(
                world.network, anonymised=anonymised, contact_details=True, now=NOW
            )
        )
        elapsed = time.process_time() - started
        assert len(_open(content).tables) > 50 * 5
        assert elapsed < 3, f"{elapsed:.2f} s for 50 organisations (anonymised={anonymised})"


@pytest.mark.parametrize(
    "hours, text", [(27.25, "27,25"), (2.75, "2,75"), (2.5, "2,5"), (28, "28"), (0, "0")]
)
def test_reports_write_hours_as_the_hours_pages_do(hours, text):
    assert hours_number(hours) == text


@pytest.mark.parametrize("target", [None, 30])
def test_charts_are_written_as_png_of_exactly_the_drawn_pixels(target):
    bars = [("Gruppmöte", 12.5), ("Förankring hos förtroendevalda " * 3, 0), ("Annat", 41.25)]
    drawn = draw_bar_chart(bars, unit="h", target=target, target_label_text="Mål", scale=2)
    written = Image.open(BytesIO(bar_chart_png(bars, target=target)))
    assert (written.format, written.mode, written.size) == ("PNG", "RGB", drawn.size)
    assert written.tobytes() == drawn.tobytes()


def test_the_document_part_is_well_formed_and_as_lxml_writes_it(world):
    """The body is written as text, never parsed: it must be what lxml would serialize, which
    is what Word and python-docx read back."""
    _documented(world)
    case = make_case(world.own, title=STORED_HOSTILE, description="Rad ett\n\nRad två\ttab")
    services.add_communication(case, {"message": "", "channel": STORED_HOSTILE, "audience": ""})
    world.other.organisation.name = 'Andra "region" <&> \tflik 😀 \x1b'
    db.session.commit()
    data = collect.network_report_data(
        world.network, anonymised=False, contact_details=True, now=NOW
    )
    next(c for c in data.chapters if c.cases).cases[0].affected = HOSTILE
    with zipfile.ZipFile(BytesIO(build_network_report(data))) as package:
        body = package.read("word/document.xml")
    reserialized = etree.tostring(etree.fromstring(body), encoding="UTF-8", standalone=True)
    assert body == reserialized
    assert 'descr="Timmar på hemmaplan per organisation, streckad linje vid målet' in body.decode()
    assert "Andra &quot;region&quot; &lt;&amp;&gt; &#9;flik 😀" in body.decode()


def test_identical_charts_share_one_image_part(world):
    log_hours(world.own, 90)
    log_hours(world.other, 90)
    db.session.commit()
    content = build_network_report(
        collect.network_report_data(world.network, anonymised=False, contact_details=False, now=NOW)
    )
    with zipfile.ZipFile(BytesIO(content)) as package:
        body = package.read("word/document.xml").decode()
        media = [name for name in package.namelist() if name.startswith("word/media/")]
    embedded = re.findall(r'r:embed="(rId\d+)"', body)
    # The heat map, the network's chart and the two organisations' charts, which are the same
    # picture.
    assert len(embedded) == 4 and len(set(embedded)) == 3
    assert sorted(media) == [f"word/media/image{n}.png" for n in (1, 2, 3)]
    assert len(re.findall(r'<wp:docPr id="(\d+)"', body)) == 4


@pytest.mark.parametrize("name", ["Rad ett\nrad två", "Tab\tbar\r\nkommun", "\n"])
def test_a_chart_label_with_line_breaks_is_drawn_on_one_line(name):
    """An organisation name stored by the command line or an import may hold a line break,
    which Pillow cannot measure: the label is drawn on one line instead of failing the report."""
    image = Image.open(BytesIO(bar_chart_png([(name, 12.5), ("Malmö", 30)], target=30)))
    assert image.size[0] > 0 and image.size[1] > 0
