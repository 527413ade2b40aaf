"""The seams between features: each page links to the next one people need."""

from network_app.extensions import db
from tests.cases.helpers import make_case


def test_network_page_links_schedule_hours_goals_and_report(client, auth, world):
    auth.login(world.observer)
    page = client.get(f"/networks/{world.network.id}").get_data(as_text=True)
    network = world.network.id
    for href in (
        f"/networks/{network}/meetings",
        f"/networks/{network}/hours",
        f"/networks/{network}/goals",
        f"/networks/{network}/report.docx",
        f"/networks/{network}/report.docx?variant=anonymised",
    ):
        assert f'href="{href}"' in page, href


def test_participants_network_page_has_no_links_they_cannot_follow(client, auth, world):
    auth.login(world.participant)
    page = client.get(f"/networks/{world.network.id}").get_data(as_text=True)
    assert "report.docx" not in page and "/goals" not in page
    assert f'href="/networks/{world.network.id}/meetings"' in page


def test_group_page_links_meetings_hours_case_and_learning_example(client, auth, world):
    case = make_case(world.own, title="Byskolan")
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/participations/{world.own.id}").get_data(as_text=True)
    own = world.own.id
    for href in (
        f"/networks/{world.network.id}/meetings",
        f"/participations/{own}/hours",
        f"/cases/{case.id}",
        f"/participations/{own}/cases",
        f"/participations/{own}/learning-example.docx",
        f"/participations/{own}/learning-example.docx?variant=anonymised",
    ):
        assert f'href="{href}"' in page, href
    assert "Byskolan" in page


def test_case_form_pages_mark_the_participants_organisation_in_the_menu(client, auth, world):
    case = make_case(world.own)
    db.session.commit()
    auth.login(world.participant)
    for url in (f"/cases/{case.id}/edit", f"/cases/{case.id}/risks/new"):
        page = client.get(url).get_data(as_text=True)
        assert 'aria-current="page">Min organisation' in page.replace("\n", ""), url


def test_participants_dashboard_links_hours_and_cases(client, auth, world):
    auth.login(world.participant)
    page = client.get("/").get_data(as_text=True)
    assert f'href="/participations/{world.own.id}/hours"' in page
    assert f'href="/participations/{world.own.id}/cases"' in page
