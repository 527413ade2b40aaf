"""The training pages: the public form and its refusals, the confirmation link, requests in the
app, and the leader's scheduling, outcome and cancelling."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications.models import MessageKind, OutboxMessage
from network_app.training.models import TrainingRequest, TrainingStatus
from tests.training.helpers import BODEN, MALMO, make_request

pytestmark = pytest.mark.usefixtures("register_loaded")


def _future(days=30):
    return (utcnow() + timedelta(days=days)).date().isoformat()


def _form(**overrides):
    data = {
        "register_code": MALMO,
        "length": "long",
        "delivery": "remote",
        "assembly": "both",
        "preferred_on": _future(30),
        "preferred_on_2": _future(37),
        "expected_participants": "45",
        "wants_test_session": "y",
        "contact_name": "Kim Kontakt",
        "contact_email": "kim.kontakt@kommun.example",
        "contact_phone": "040-123 45 67",
        "website": "",
    }
    data.update(overrides)
    return data


def _stored():
    return db.session.scalars(sa.select(TrainingRequest)).all()


def _confirm_link():
    mail = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.TRAINING_CONFIRM_REQUEST)
    )
    return re.search(r"http\S*/training/confirm/\S+", mail.text_body).group(0)


def _path(link):
    return link[link.index("/training/") :]


def test_the_public_form_needs_no_account_and_lists_the_register(client):
    page = client.get("/training/request").get_data(as_text=True)
    assert "Beställ utbildning om hot och hat" in page
    assert "Malmö (kommun, Skåne län)" in page
    assert "Västra Götalandsregionen (region, Västra Götalands län)" in page
    assert page.count("<option") == 311 + 1


def test_an_organisation_requests_and_confirms_through_the_link(client):
    response = client.post("/training/request", data=_form())
    assert response.status_code == 302 and response.location.endswith("/training/request/sent")
    [request] = _stored()
    assert (request.length.value, request.delivery.value, request.assembly.value) == (
        "long",
        "remote",
        "both",
    )
    assert request.wants_test_session and request.expected_participants == 45
    assert not request.is_confirmed
    path = _path(_confirm_link())
    page = client.get(path)
    assert page.status_code == 200 and "Bekräfta" in page.get_data(as_text=True)
    assert not request.is_confirmed  # opening the link (a mail scanner) confirms nothing
    assert client.post(path).status_code == 200
    db.session.refresh(request)
    assert request.is_confirmed


def test_a_used_link_is_refused(client):
    client.post("/training/request", data=_form())
    path = _path(_confirm_link())
    client.post(path)
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 410
        assert "redan bekräftad" in response.get_data(as_text=True)


def test_an_expired_link_is_refused(client):
    client.post("/training/request", data=_form())
    path = _path(_confirm_link())
    [request] = _stored()
    request.confirmation_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(path)
    assert response.status_code == 410 and "har gått ut" in response.get_data(as_text=True)
    db.session.refresh(request)
    assert not request.is_confirmed


def test_an_unknown_link_is_404(client):
    response = client.get("/training/confirm/not-a-real-token")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


def test_the_honeypot_refuses_and_stores_nothing(client):
    response = client.post("/training/request", data=_form(website="http://spam.example"))
    assert response.status_code == 200
    assert "lämna det dolda fältet tomt" in response.get_data(as_text=True)
    assert _stored() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"register_code": "9999"}, "Välj er kommun eller region i listan."),
        # Not a code at all (PostgreSQL refuses a NUL: the lookup must not reach it).
        ({"register_code": "\x00"}, "Välj er kommun eller region i listan."),
        ({"register_code": "12\x0080"}, "Välj er kommun eller region i listan."),
        ({"register_code": ""}, "Välj er kommun eller region."),
        ({"preferred_on": date.today().isoformat()}, "Välj ett datum efter i dag."),
        ({"preferred_on": "2020-01-01"}, "Välj ett datum efter i dag."),
        ({"preferred_on": "15/3"}, "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"expected_participants": "0"}, "Ange ett antal mellan 1 och 500."),
        ({"expected_participants": "-3"}, "Ange ett antal mellan 1 och 500."),
        ({"expected_participants": "99999"}, "Ange ett antal mellan 1 och 500."),
        ({"expected_participants": "många"}, "Skriv ett heltal"),
        ({"contact_email": "inte-en-adress"}, "Ange en giltig e-postadress"),
        ({"length": ""}, "Välj ett kortare eller ett längre seminarium."),
    ],
)
def test_each_refusal_has_its_message_and_stores_nothing(client, overrides, message):
    response = client.post("/training/request", data=_form(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _stored() == []


def test_every_error_is_shown_at_once(client):
    page = client.post(
        "/training/request",
        data=_form(register_code="", expected_participants="0", preferred_on="2020-01-01"),
    ).get_data(as_text=True)
    summary = page[page.index("error-summary") : page.index("</ul>", page.index("error-summary"))]
    for message in ("Välj er kommun", "Ange ett antal mellan", "Välj ett datum efter i dag"):
        assert message in summary


@pytest.mark.parametrize("app_config", [{"TRAINING_REQUEST_RATE_LIMIT": 2}])
def test_the_throttle_refuses_and_stores_nothing(client):
    for _ in range(2):
        assert client.post("/training/request", data=_form()).status_code == 302
    response = client.post("/training/request", data=_form())
    assert response.status_code == 429 and response.headers["Retry-After"] == "3600"
    assert len(_stored()) == 2
    assert client.get("/training/request").status_code == 200  # reading the form is not counted


def test_a_participant_requests_for_their_own_organisation(client, auth, world):
    world.own.organisation.register_code = BODEN
    db.session.commit()
    auth.login(world.participant)
    path = f"/organisations/{world.own.organisation_id}/training/new"
    page = client.get(path).get_data(as_text=True)
    assert "Bodens kommun" in page
    form = _form()
    del form["register_code"]  # the page sends the organisation's own code
    assert client.post(path, data=dict(form, register_code=BODEN)).status_code == 302
    response = client.post(path, data=_form(register_code=MALMO))  # another code is ignored
    assert response.status_code == 302
    requests = _stored()
    assert [r.register_code for r in requests] == [BODEN, BODEN]
    request = requests[0]
    assert request.is_confirmed and request.requested_by_id == world.participant.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_an_organisation_without_its_register_entry_cannot_request(client, auth, world):
    auth.login(world.participant)
    path = f"/organisations/{world.own.organisation_id}/training/new"
    assert "inte kopplad till registret" in client.get(path).get_data(as_text=True)
    client.post(path, data=_form())
    assert _stored() == []


def test_another_organisation_is_refused(client, auth, world):
    auth.login(world.other_participant)
    path = f"/organisations/{world.own.organisation_id}/training/new"
    assert client.post(path, data=_form()).status_code == 403
    assert _stored() == []


def test_the_leader_registers_a_request_on_an_organisations_behalf(client, auth, world):
    auth.login(world.leader)
    response = client.post("/training/new", data=_form(register_code="14"))
    [request] = _stored()
    assert response.location.endswith(f"/training/{request.id}")
    assert request.register_code == "14" and request.is_confirmed


def _schedule_form(**overrides):
    data = {
        "start_date": _future(30),
        "start_time": "13:30",
        "end_time": "14:30",
        "trainer": "Tova Utbildare",
        "place": "",
        "online_url": "https://mote.example/utbildning",
        "test_date": _future(29),
        "test_start_time": "13:30",
        "test_end_time": "14:00",
    }
    data.update(overrides)
    return data


def test_the_leader_schedules_holds_and_sees_the_queue(client, auth, world):
    request = make_request(MALMO, delivery="remote", requested_at=utcnow())
    db.session.commit()
    auth.login(world.leader)
    queue = client.get("/training").get_data(as_text=True)
    assert "Malmö stad" in queue and "prioriteras" in queue
    response = client.post(f"/training/{request.id}/schedule", data=_schedule_form())
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.status == TrainingStatus.SCHEDULED
    mail = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.TRAINING_SCHEDULED)
    )
    assert mail.attachments[0].filename == f"utbildning-{request.id}.ics"
    assert "https://mote.example/utbildning" in mail.text_body
    # Not yet held: it has not started.
    page = client.post(f"/training/{request.id}/held", data={"participants": "40"})
    assert "har inte börjat" in page.get_data(as_text=True)
    request.starts_at = utcnow() - timedelta(hours=2)
    request.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    client.post(f"/training/{request.id}/held", data={"participants": "40"})
    db.session.refresh(request)
    assert (request.status, request.participants) == (TrainingStatus.HELD, 40)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": "2020-01-01"}, "Välj en tid efter nu."),
        ({"end_time": "13:00"}, "Sluttiden måste vara efter starttiden."),
        ({"online_url": ""}, "Ange länken till det digitala mötet."),
        ({"online_url": "javascript:alert(1)"}, "börjar med https://"),
        ({"trainer": ""}, "Ange vem som håller utbildningen."),
        ({"test_start_time": ""}, "Ange tiden."),
        ({"test_date": _future(31)}, "Testet av verktyget måste vara före utbildningen."),
    ],
)
def test_scheduling_refusals_store_nothing(client, auth, world, overrides, message):
    request = make_request(MALMO, delivery="remote")
    db.session.commit()
    auth.login(world.leader)
    page = client.post(f"/training/{request.id}/schedule", data=_schedule_form(**overrides))
    assert message in page.get_data(as_text=True)
    db.session.refresh(request)
    assert request.status == TrainingStatus.REQUESTED and request.starts_at is None


def test_a_cancelled_training_cannot_be_scheduled_from_its_page(client, auth, world):
    request = make_request(MALMO, status=TrainingStatus.CANCELLED)
    db.session.commit()
    auth.login(world.leader)
    page = client.post(f"/training/{request.id}/schedule", data=_schedule_form())
    assert "Bara en bekräftad önskan" in page.get_data(as_text=True)
    db.session.refresh(request)
    assert request.status == TrainingStatus.CANCELLED and request.starts_at is None


def test_cancelling_goes_through_the_confirmation_page(client, auth, world):
    request = make_request(MALMO)
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/training/{request.id}/cancel").get_data(as_text=True)
    assert "Ställa in utbildningen för Malmö stad?" in page
    db.session.refresh(request)
    assert request.status == TrainingStatus.REQUESTED
    client.post(f"/training/{request.id}/cancel")
    db.session.refresh(request)
    assert request.status == TrainingStatus.CANCELLED


def test_participants_and_observers_never_reach_the_queue(client, auth, world):
    for user in (world.participant, world.observer):
        auth.login(user)
        assert client.get("/training").status_code == 403
        assert client.get("/training/report").status_code == 403
        auth.logout()


def test_a_training_page_shows_the_organisations_history(client, auth, world):
    held = make_request(MALMO, status=TrainingStatus.HELD, participants=33)
    asked = make_request(MALMO)
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/training/{asked.id}").get_data(as_text=True)
    assert "Organisationens önskningar och utbildningar" in page
    assert ">33<" in page and held.id != asked.id


def test_the_organisations_page_shows_its_trainings(client, auth, world):
    world.own.organisation.register_code = BODEN
    make_request(BODEN, status=TrainingStatus.HELD, participants=77)
    make_request(MALMO, status=TrainingStatus.HELD, participants=12)
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/organisations/{world.own.organisation_id}").get_data(as_text=True)
    assert "Utbildning för förtroendevalda" in page
    assert ">77<" in page and ">12<" not in page
    assert f"/organisations/{world.own.organisation_id}/training/new" in page


def test_the_queue_makes_a_bounded_number_of_queries(client, auth, world, count_queries):
    for code in (MALMO, BODEN):
        make_request(code)
        make_request(code, status=TrainingStatus.SCHEDULED)
        make_request(code, status=TrainingStatus.HELD)
    db.session.commit()
    auth.login(world.leader)
    with count_queries() as counter:
        client.get("/training")
    few = counter.count
    for code in ("0114", "0115", "0117", "0120", "14", "0182"):
        make_request(code)
        make_request(code, status=TrainingStatus.SCHEDULED)
        make_request(code, status=TrainingStatus.CANCELLED)
    db.session.commit()
    with count_queries() as counter:
        client.get("/training")
    assert counter.count == few


def test_a_contact_who_asked_in_english_gets_english_mails_and_calendar_files(client, auth, world):
    client.post("/language", data={"language": "en"})
    client.post("/training/request", data=_form(delivery="on_site"))
    [request] = _stored()
    assert request.language == "en"
    confirm = db.session.scalar(sa.select(OutboxMessage))
    assert confirm.subject == "Confirm your request for the training on threats and hate"
    request.confirmed_at = utcnow()
    db.session.commit()
    client.post("/language", data={"language": "sv"})
    auth.login(world.leader)  # the leader reads Swedish
    client.post(
        f"/training/{request.id}/schedule",
        data=_schedule_form(place="Stadshuset", online_url=""),
    )
    mail = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.TRAINING_SCHEDULED)
    )
    assert mail.subject == "The training on threats and hate is booked"
    content = mail.attachments[0].content
    assert b"SUMMARY:Training on threats and hate: Malm" in content
    assert "Utbildningen är bokad." in client.get(f"/training/{request.id}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/training/confirm/", "/apply/confirm/"])
def test_a_confirmation_link_never_reaches_the_access_log(path):
    import logging

    from network_app import RedactTokens

    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, '"%s" 200', (f"GET {path}s3cr3t-t0ken HTTP/1.1",), None
    )
    RedactTokens().filter(record)
    assert record.getMessage() == f'"GET {path}[redacted] HTTP/1.1" 200'
