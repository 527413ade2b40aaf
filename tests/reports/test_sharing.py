"""Sharing between groups (issue 13 point 4): the participants of a network read the approved
anonymised learning examples of the other organisations, as HTML and as the same Word file, and
nothing else: not an unapproved one, not one changed since its approval, not another network's."""

import re
from datetime import UTC, datetime
from io import BytesIO

import docx

from network_app.audit import AuditEvent
from network_app.auth.models import Role
from network_app.cases.models import DecisionKind
from network_app.extensions import db
from network_app.reports import collect
from network_app.reports.builder import build_learning_example
from tests import factories
from tests.cases.helpers import approve, make_case
from tests.reports.test_publication import _leaks, _package_text, _test_network

DESCRIPTION = (
    "Olle Egen har fått hot. Journalisten ringde på 070-111 11 11 och skrev till "
    "olle.egen@example.se om beslutet."
)


def _approved_own_example(world):
    case = make_case(world.own, description=DESCRIPTION)
    approve(world.own, world.participant)
    db.session.commit()
    return case


def _document(page):
    return page.split('class="publication-preview shared-example"', 1)[1].split("</article>")[0]


def test_another_organisation_reads_the_approved_example_as_the_word_file_says(client, auth, world):
    _approved_own_example(world)
    auth.login(world.other_participant)
    listing = client.get(f"/networks/{world.network.id}/learning-examples")
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert f"/participations/{world.own.id}/shared" in text
    assert "Lärande exempel: Egna kommun" in text and 'data-label="Godkänt"' in text
    assert f"/participations/{world.other.id}/shared" not in text  # not approved

    page = client.get(f"/participations/{world.own.id}/shared")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    document = _document(html)
    assert "om beslutet" in document and "[telefonnummer]" in document
    assert "Olle" not in html and "070-111" not in html and "olle.egen@" not in html
    assert "<mark" not in document and "visually-hidden" not in document  # no marks

    word = client.get(f"/participations/{world.own.id}/shared.docx")
    assert word.status_code == 200
    assert word.headers["Cache-Control"].startswith("no-store") or "no-store" in str(
        word.headers["Cache-Control"]
    )
    same = build_learning_example(
        collect.learning_example_data(
            world.own, anonymised=True, contact_details=False, now=datetime.now(UTC)
        )
    )
    paragraphs = [p.text for p in docx.Document(BytesIO(word.data)).paragraphs]
    expected = [p.text for p in docx.Document(BytesIO(same)).paragraphs]
    assert paragraphs == expected  # the approval page's anonymised Word file, made today
    assert (
        db.session.scalar(db.select(AuditEvent).where(AuditEvent.detail == "docx anonymised"))
        is not None
    )


def test_an_unapproved_example_answers_404(client, auth, world):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    auth.login(world.other_participant)
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 404
    assert client.get(f"/participations/{world.own.id}/shared.docx").status_code == 404
    listing = client.get(f"/networks/{world.network.id}/learning-examples")
    assert "Ingen organisation i nätverket har godkänt" in listing.get_data(as_text=True)


def test_an_example_changed_after_its_approval_answers_404(client, auth, world):
    case = _approved_own_example(world)
    auth.login(world.other_participant)
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 200
    # A change the withdrawal rule catches: the approval is withdrawn.
    from network_app.cases import services

    services.update_case(case, {"lessons": "Nya lärdomar."}, expected_version=case.version)
    db.session.commit()
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 404

    # A change it does not catch (a new person of the network is recognised now in the text):
    # the approval stands, but its digest no longer equals the content, so nothing is shown.
    approve(world.own, world.participant)
    db.session.commit()
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 200
    case.description = "Frågor till Provsson om beslutet."
    approve(world.own, world.participant)
    db.session.commit()
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 200
    factories.add_member(world.other, "Vera Provsson")
    db.session.commit()
    assert collect.case_services.current_approval(world.own) is not None
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 404
    assert client.get(f"/participations/{world.own.id}/shared.docx").status_code == 404


def test_a_participant_of_another_network_gets_404_everywhere(client, auth, world):
    _approved_own_example(world)
    elsewhere = factories.make_participation(
        factories.make_network(name="Nästa nätverk"), factories.make_organisation("Tredje kommun")
    )
    stranger = factories.make_user(
        Role.PARTICIPANT, email="tredje@example.se", organisation=elsewhere.organisation
    )
    db.session.commit()
    auth.login(stranger)
    assert client.get(f"/networks/{world.network.id}/learning-examples").status_code == 404
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 404
    assert client.get(f"/participations/{world.own.id}/shared.docx").status_code == 404


def test_the_leader_and_the_observer_read_it_and_anonymous_visitors_nothing(client, auth, world):
    _approved_own_example(world)
    for user in (world.leader, world.observer, world.participant):
        auth.login(user)
        assert client.get(f"/participations/{world.own.id}/shared").status_code == 200
        auth.logout()
    response = client.get(f"/participations/{world.own.id}/shared")
    assert response.status_code == 302 and "/login" in response.location


def test_the_page_names_no_person_of_the_network(client, auth, world):
    """The corpus of tests/reports/test_publication.py written into every field of four
    organisations: the HTML pages of their approved examples hold none of their names, name
    parts, e-mail addresses or phone numbers, and the page's document is the Word file's text."""
    participations = _test_network(world)
    participations[0].members[0].is_contact = True
    for participation in participations:
        approve(participation, world.participant)
    db.session.commit()
    auth.login(world.other_participant)
    for participation in participations:
        response = client.get(f"/participations/{participation.id}/shared")
        assert response.status_code == 200, participation.organisation.name
        page = response.get_data(as_text=True)
        assert _leaks(page) == [], participation.organisation.name
        assert "[telefonnummer]" in page and "[e-postadress]" in page
        word = client.get(f"/participations/{participation.id}/shared.docx")
        assert _leaks(_package_text(word.data)) == [], participation.organisation.name


def test_the_network_page_links_the_examples(client, auth, world):
    auth.login(world.other_participant)
    page = client.get(f"/networks/{world.network.id}").get_data(as_text=True)
    assert f"/networks/{world.network.id}/learning-examples" in page
    assert re.search("Lärande exempel i nätverket", page)
    assert DecisionKind.VALUES  # the world's case kind exists


def test_the_demo_shows_its_approved_example_to_the_other_organisations(app, client, auth):
    """The demo's approved learning example (cases.demo) reads, in the app, for a participant of
    another demo organisation; the unapproved ones answer 404."""
    from datetime import date

    from network_app.auth import services as account_services
    from network_app.cases import services
    from network_app.demo import DEMO_ORGANISATIONS, DEMO_PASSWORD, participant_email, seed_demo
    from network_app.networks import services as network_services

    network = seed_demo(date.today())
    db.session.commit()
    approved = set(services.approvals_by_participation(network))
    assert len(approved) == 1
    participations = network_services.accepted_participations(network)
    reader = next(p for p in participations if p.id not in approved)
    slug = next(o.slug for o in DEMO_ORGANISATIONS if o.name == reader.organisation.name)
    auth.login(account_services.find_user_by_email(participant_email(slug)), DEMO_PASSWORD)
    listing = client.get(f"/networks/{network.id}/learning-examples").get_data(as_text=True)
    for participation in participations:
        path = f"/participations/{participation.id}/shared"
        expected = 200 if participation.id in approved else 404
        assert client.get(path).status_code == expected, participation.organisation.name
        assert (path in listing) == (participation.id in approved)
    # Last year's network, closed: Uppsala's example in the library, for every participant.
    library = client.get("/library").get_data(as_text=True)
    assert "Uppsala kommun" in library
    path = re.search(r'href="(/participations/\d+/shared)"', library).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Oskar" not in page.get_data(as_text=True)
