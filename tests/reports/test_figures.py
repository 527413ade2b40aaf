"""The Word documents state the goals page's figures for the same data, and a learning example's
meeting table holds what the organisation was asked to, with "Kommande" for meetings ahead."""

from datetime import UTC, date, datetime
from io import BytesIO

import docx
import pytest
from lxml import html

from network_app.cases.models import CaseStatus, DocumentStatus, ItemState
from network_app.extensions import db
from network_app.meetings.models import Meeting, MeetingKind, MeetingStatus
from network_app.reports import collect
from network_app.reports.builder import build_learning_example
from tests.cases.helpers import attend, log_hours, make_case, mark_checklist, review

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _figures_of_both(world):
    review(make_case(world.own, title="Ny skolorganisation"))
    make_case(world.own, title="Ny vindkraftspark", status=CaseStatus.CHOSEN)
    mark_checklist(
        world.own,
        {"introduction": ItemState.DONE, "validity": ItemState.DONE, "purpose": ItemState.DONE},
        level=2,
        document=DocumentStatus.DECIDED,
        decided_by="Kommunfullmäktige",
        decided_on=date(2026, 3, 2),
    )
    make_case(world.other, status=CaseStatus.EVALUATED)  # evaluated, but nothing documented
    mark_checklist(world.other, {"introduction": ItemState.DONE}, document=DocumentStatus.DRAFT)
    db.session.commit()


def _goals_page(client, network):
    """{organisation: {column label: cell text without its badge}} from the goals page."""
    tree = html.fromstring(client.get(f"/networks/{network.id}/goals").get_data(as_text=True))
    rows = {}
    for tr in tree.xpath("//table//tbody/tr"):
        name = tr.xpath("string(th)").strip()
        rows[name] = {
            td.get("data-label"): (td.text or "").strip() for td in tr.xpath("td[@data-label]")
        }
    return rows


def _word_goal_table(content):
    document = docx.Document(BytesIO(content))
    table = next(  # the goal table, after the synthesis's tables of organisations
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells][:2] == ["Organisation", "Systemet"]
    )
    return {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}


def test_the_network_reports_figures_equal_the_goals_pages(client, auth, world):
    _figures_of_both(world)
    auth.login(world.leader)
    page = _goals_page(client, world.network)
    word = _word_goal_table(client.get(f"/networks/{world.network.id}/report.docx").data)
    assert set(page) == set(word) == {"Egna kommun", "Andra regionen"}
    for name, cells in page.items():
        system = [
            cells["Checklistan (kapitel 5)"],
            cells["Styrande dokument"],
            cells["Ansvarsnivå"],
        ]
        assert word[name][1].split("\n") == system
        assert word[name][2] == cells["Genomlysta processer"]
    assert page["Egna kommun"]["Checklistan (kapitel 5)"] == "3 av 22 punkter klara"
    assert (
        page["Egna kommun"]["Styrande dokument"] == "Beslutat av Kommunfullmäktige den 2026-03-02"
    )
    assert page["Egna kommun"]["Ansvarsnivå"] == "Nivå 2"
    assert page["Egna kommun"]["Genomlysta processer"] == "1 av 2"
    assert page["Andra regionen"]["Styrande dokument"] == "Utkast"
    assert page["Andra regionen"]["Ansvarsnivå"] == "Ingen nivå vald ännu"
    assert page["Andra regionen"]["Genomlysta processer"] == "0 av 1"
    assert "Komplett" not in html.tostring(
        html.fromstring(client.get(f"/networks/{world.network.id}/goals").data), encoding="unicode"
    )


def _summary(content):
    document = docx.Document(BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs if not p.style.name.startswith("toc")]
    return paragraphs[paragraphs.index("Sammanfattning") + 1]  # the heading, not its TOC entry


def test_the_learning_example_counts_as_the_overview_page_in_proper_swedish(
    app, client, auth, world
):
    _figures_of_both(world)
    auth.login(world.participant)
    overview = html.fromstring(
        client.get(f"/participations/{world.own.id}/cases").get_data(as_text=True)
    )
    facts = dict(
        zip(
            [dt.text_content().strip() for dt in overview.xpath("//dl[@class='facts']/dt")],
            [(dd.text or "").strip() for dd in overview.xpath("//dl[@class='facts']/dd")],
            strict=True,
        )
    )
    summary = _summary(client.get(f"/participations/{world.own.id}/learning-example.docx").data)
    assert facts["Genomlysta politiska processer"] == "1 av 2"
    assert facts["Organisationens system (kapitel 5)"] == "3 av 22 punkter klara"
    assert "Gruppen har genomlyst 1 politisk process: Ny skolorganisation." in summary
    assert "Vald men inte genomlyst ännu: Ny vindkraftspark." in summary
    assert "3 av 22 punkter klara" in summary
    assert "process(er)" not in summary and "politisk(a)" not in summary


@pytest.mark.parametrize(
    "reviewed, expected",
    [
        (0, "Gruppen har genomlyst 0 politiska processer."),
        (2, "Gruppen har genomlyst 2 politiska processer: Första, Andra."),
    ],
)
def test_plural_of_reviewed_processes(app, world, reviewed, expected):
    for title in ("Första", "Andra")[:reviewed]:
        review(make_case(world.own, title=title))
    db.session.commit()
    with app.test_request_context():
        data = collect.learning_example_data(
            world.own, anonymised=False, contact_details=False, now=NOW
        )
        assert expected in _summary(build_learning_example(data))


def _meeting(world, title, starts_at, kind=MeetingKind.NETWORK, host=None, **extra):
    meeting = Meeting(
        network_id=world.network.id,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=23, minute=59),
        host_participation_id=host.id if host else None,
        **extra,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def test_the_meeting_table_holds_shared_meetings_and_the_own_workshop(app, world):
    held = _meeting(world, "Första träffen", datetime(2026, 9, 3, 8, tzinfo=UTC))
    _meeting(world, "Andra träffen", datetime(2026, 10, 3, 8, tzinfo=UTC), MeetingKind.DIGITAL)
    _meeting(
        world,
        "Vår workshop",
        datetime(2026, 10, 20, 8, tzinfo=UTC),
        MeetingKind.WORKSHOP,
        world.own,
    )
    _meeting(
        world,
        "Deras workshop",
        datetime(2026, 10, 21, 8, tzinfo=UTC),
        MeetingKind.WORKSHOP,
        world.other,
    )
    _meeting(
        world,
        "Inställd träff",
        datetime(2026, 10, 25, 8, tzinfo=UTC),
        status=MeetingStatus.CANCELLED,
    )
    # 23:30 UTC on the 19th is past midnight in Stockholm: today there, so not yet held.
    _meeting(world, "Sen träff", datetime(2026, 11, 19, 23, 30, tzinfo=UTC))
    _meeting(world, "Sista träffen", datetime(2026, 12, 3, 8, tzinfo=UTC))
    attend(held, world.own.members[0])
    db.session.commit()
    with app.test_request_context():
        data = collect.learning_example_data(
            world.own, anonymised=False, contact_details=False, now=NOW
        )
        document = docx.Document(BytesIO(build_learning_example(data)))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Träff")
    assert [[c.text for c in r.cells][1:] for r in table.rows[1:]] == [
        ["Första träffen", "Nätverksträff", "Ja"],
        ["Andra träffen", "Digital nätverksträff", "Nej"],
        ["Vår workshop", "Lokal workshop", "Nej"],
        ["Sen träff", "Nätverksträff", "Kommande"],
        ["Sista träffen", "Nätverksträff", "Kommande"],
    ]


@pytest.mark.parametrize(
    "minutes, expected",
    [(60, "Totalt 1 timme (2 persontimmar)"), (90, "Totalt 1,5 timmar (3 persontimmar)")],
)
def test_hours_are_written_in_the_singular_only_for_one_hour(app, world, minutes, expected):
    log_hours(world.own, minutes, people=2)
    db.session.commit()
    with app.test_request_context():
        data = collect.learning_example_data(
            world.own, anonymised=False, contact_details=False, now=NOW
        )
        document = docx.Document(BytesIO(build_learning_example(data)))
    assert any(p.text.startswith(expected) for p in document.paragraphs)
