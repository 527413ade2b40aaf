"""The Word downloads through the client: files, refusals, queries and languages."""

from io import BytesIO

import docx

from network_app.cases import services
from network_app.cases.models import ItemState
from network_app.extensions import db
from network_app.hours.models import ActivityKind
from tests import factories
from tests.cases.helpers import attend, log_hours, make_case, make_meeting, mark_checklist

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_reports_download_as_word_files(client, auth, world):
    make_case(world.own)
    db.session.commit()
    auth.login(world.participant)
    for variant in ("", "?variant=anonymised"):
        response = client.get(f"/participations/{world.own.id}/learning-example.docx{variant}")
        assert response.status_code == 200 and response.mimetype == DOCX
        assert "attachment" in response.headers["Content-Disposition"]
        assert docx.Document(BytesIO(response.data)).core_properties.language == "sv-SE"
    auth.logout()
    auth.login(world.leader)
    response = client.get(f"/networks/{world.network.id}/report.docx")
    assert response.status_code == 200 and response.mimetype == DOCX


def _documented_chapter(participation, meeting):
    """What one chapter of the network report shows: a case with a risk, the checklist, hours
    in two activities and attendance."""
    case = make_case(participation)
    services.add_risk(case, {"description": "Hot på mötet", "likelihood": 2, "consequence": 3})
    mark_checklist(participation, {"introduction": ItemState.DONE})
    log_hours(participation, 60, activity=ActivityKind.RISK_ANALYSIS)
    log_hours(participation, 90, activity=ActivityKind.GROUP_MEETING)
    attend(meeting, participation.members[0])


def test_network_report_makes_as_many_queries_for_six_organisations_as_for_two(
    client, auth, world, count_queries
):
    meeting = make_meeting(world.network)
    for participation in (world.own, world.other):
        _documented_chapter(participation, meeting)
    db.session.commit()
    auth.login(world.leader)
    with count_queries() as two:
        assert client.get(f"/networks/{world.network.id}/report.docx").status_code == 200
    for number in range(4):
        participation = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun {number}")
        )
        factories.add_member(participation, f"Person {number}")
        _documented_chapter(participation, meeting)
    db.session.commit()
    with count_queries() as six:
        response = client.get(f"/networks/{world.network.id}/report.docx")
    document = docx.Document(BytesIO(response.data))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert {"Kommun 0", "Kommun 3", "Egna kommun"} <= set(chapters)
    assert six.count == two.count


def test_reports_are_written_in_the_language_of_each_request(client, auth, world):
    """The reports look their translations up once per report: each in its request's language."""
    _documented_chapter(world.own, make_meeting(world.network))
    db.session.commit()
    auth.login(world.leader)
    swedish = ["Riskanalys", "Inledning och bakgrund", "Klart", "Gruppmöte", "Nätverksträff"]
    english = ["Risk analysis", "Introduction and background", "Done", "Group meeting"]
    for language, shown, hidden in (
        ("en", english, swedish),
        ("sv", swedish, english),
        ("en", english, swedish),
    ):
        client.post("/language", data={"language": language})
        for path in (
            f"/networks/{world.network.id}/report.docx",
            f"/participations/{world.own.id}/learning-example.docx",
        ):
            document = docx.Document(BytesIO(client.get(path).data))
            text = "\n".join(
                [p.text for p in document.paragraphs]
                + [c.text for t in document.tables for r in t.rows for c in r.cells]
            )
            assert all(label in text for label in shown), (language, path)
            assert not any(label in text.split("\n") for label in hidden), (language, path)
