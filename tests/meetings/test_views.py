"""Meeting pages, forms, exports and the subscription feed through the test client."""

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from network_app.extensions import db
from network_app.meetings import feeds, services
from network_app.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationResponse,
)
from tests.meetings.helpers import make_meeting

FUTURE = date.today() + timedelta(days=30)


def _network_in_future(world):
    world.network.starts_on = date.today() - timedelta(days=200)
    world.network.ends_on = date.today() + timedelta(days=200)
    db.session.commit()


def _form(**overrides):
    values = {
        "title": "Nätverksträff i Nacka",
        "kind": "network",
        "host_participation_id": "0",
        "start_date": "2026-03-15",
        "start_time": "09:00",
        "end_date": "2026-03-15",
        "end_time": "12:00",
        "day_end_time": "17:00",
        "day_start_time": "09:00",
        "place": "Stadshuset",
        "online_url": "",
        "agenda": "",
        "status": "confirmed",
    }
    values.update(overrides)
    return values


def test_leader_creates_a_meeting_in_swedish_time(client, auth, world):
    auth.login(world.leader)
    response = client.post(f"/networks/{world.network.id}/meetings/new", data=_form())
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.starts_at == datetime(2026, 3, 15, 8, tzinfo=UTC)
    page = client.get(response.location).get_data(as_text=True)
    assert "Arbetsmöte 1" in page and "2026-03-15 09:00–12:00" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"start_time": "02:30", "start_date": "2026-03-29", "end_date": "2026-03-29"},
            "Den tiden finns inte det datumet",
        ),
        ({"end_time": "08:00"}, "Mötet måste sluta efter att det börjar."),
        ({"start_time": "9"}, "Ange starttid som TT:MM"),
        ({"end_date": "2026-03-25"}, "Ett möte kan vara högst 5 dagar."),
        ({"start_date": "2027-03-15", "end_date": "2027-03-15"}, "inom nätverkets period"),
        ({"kind": "workshop"}, "Välj vilken organisation som håller workshoppen."),
        ({"online_url": "javascript:alert(1)"}, "börjar med https://"),
        ({"title": ""}, "Ange mötets rubrik"),
        ({"kind": "party"}, "Välj ett av alternativen i listan."),
        (
            {"end_date": "2026-03-16", "day_end_time": "08:00"},
            "Första dagen måste sluta efter starttiden.",
        ),
    ],
)
def test_a_refused_meeting_says_why_and_stores_nothing(client, auth, world, overrides, message):
    auth.login(world.leader)
    response = client.post(f"/networks/{world.network.id}/meetings/new", data=_form(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_every_error_of_a_meeting_at_once(client, auth, world):
    """A bad link no longer hides "end before start", nor a missing title the period."""
    auth.login(world.leader)
    response = client.post(
        f"/networks/{world.network.id}/meetings/new",
        data=_form(online_url="javascript:alert(1)", end_time="08:00", title=""),
    )
    page = response.get_data(as_text=True)
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    for message in (
        "börjar med https://",
        "Mötet måste sluta efter att det börjar.",
        "Ange mötets rubrik",
    ):
        assert message in summary
    response = client.post(
        f"/networks/{world.network.id}/meetings/new",
        data=_form(
            start_date="2027-03-15", end_date="2027-03-15", end_time="08:00", kind="workshop"
        ),
    )
    page = response.get_data(as_text=True)
    for message in (
        "inom nätverkets period",
        "Mötet måste sluta efter att det börjar.",
        "Välj vilken organisation som håller workshoppen.",
    ):
        assert message in page
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_editing_the_time_raises_the_sequence_and_keeps_the_uid(client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    auth.login(world.leader)
    before = client.get(f"/meetings/{meeting.id}/calendar.ics").data
    response = client.post(f"/meetings/{meeting.id}/edit", data=_form(start_time="10:00"))
    assert response.status_code == 302
    after = client.get(f"/meetings/{meeting.id}/calendar.ics").data
    assert re.search(rb"UID:(\S+)", before).group(1) == re.search(rb"UID:(\S+)", after).group(1)
    assert b"SEQUENCE:0" in before and b"SEQUENCE:1" in after


def test_standard_programme_in_one_step_then_refused_a_second_time(client, auth, world):
    auth.login(world.leader)
    response = client.post(f"/networks/{world.network.id}/meetings/standard")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 6
    page = client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "Arbetsmöte 4" in page and "Lokal workshop – Egna kommun" in page
    client.post(f"/networks/{world.network.id}/meetings/standard")
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 6


def test_participant_registers_own_member_with_overnight_stay_and_diet(client, auth, world):
    _network_in_future(world)
    meeting = make_meeting(
        world.network,
        day=FUTURE,
        end_day=FUTURE + timedelta(days=1),
        has_overnight_stay=True,
        day_end_time=time(17),
        day_start_time=time(9),
    )
    db.session.commit()
    member = world.own.members[0]
    auth.login(world.participant)
    url = f"/meetings/{meeting.id}/members/{member.id}/registration"
    response = client.post(
        url,
        data={"response": "attending", "overnight_stay": "y", "dietary_needs": "Vegetarisk\x00"},
    )
    assert response.status_code == 302
    registration = db.session.scalar(sa.select(Registration))
    assert (registration.response, registration.overnight_stay, registration.dietary_needs) == (
        RegistrationResponse.ATTENDING,
        True,
        "Vegetarisk",
    )
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Vegetarisk" in page and "Hemlig Person" not in page  # only the own group


def test_nobody_registers_another_organisations_member(client, auth, world):
    _network_in_future(world)
    meeting = make_meeting(world.network, day=FUTURE)
    db.session.commit()
    stranger = world.other.members[0]
    for user in (world.participant, world.observer):
        auth.login(user)
        response = client.post(
            f"/meetings/{meeting.id}/members/{stranger.id}/registration",
            data={"response": "attending"},
        )
        assert response.status_code in (403, 404)
        auth.logout()
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0


def test_observer_sees_names_but_not_dietary_needs(client, auth, world):
    _network_in_future(world)
    meeting = make_meeting(world.network, day=FUTURE)
    db.session.add(
        Registration(
            meeting=meeting,
            group_member_id=world.own.members[0].id,
            response=RegistrationResponse.ATTENDING,
            dietary_needs="Glutenfri",
        )
    )
    db.session.commit()
    auth.login(world.observer)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Olle Egen" in page and "Glutenfri" not in page
    assert "/registration" not in page  # no register links: observers read only


def _other_organisations_workshop(world, day=date(2026, 5, 5)):
    return make_meeting(
        world.network,
        day=day,
        kind=MeetingKind.WORKSHOP,
        host=world.other,
        title="Andras workshop",
    )


def _count_calendar_writes(monkeypatch):
    """A list that gets an item each time a calendar is written from then on."""
    from network_app.meetings import calendar_views

    written = []
    real_writer = calendar_views.meetings_to_ics

    def counting_writer(*args, **kwargs):
        written.append(1)
        return real_writer(*args, **kwargs)

    monkeypatch.setattr(calendar_views, "meetings_to_ics", counting_writer)
    return written


def test_another_organisations_workshop_is_hidden_from_participants(client, auth, world):
    workshop = _other_organisations_workshop(world)
    db.session.commit()
    auth.login(world.participant)
    assert client.get(f"/meetings/{workshop.id}").status_code == 404
    assert client.get(f"/meetings/{workshop.id}/calendar.ics").status_code == 404
    schedule = client.get(f"/networks/{world.network.id}/meetings").get_data(as_text=True)
    assert "Andras workshop" not in schedule
    assert b"Andras workshop" not in client.get(f"/networks/{world.network.id}/calendar.ics").data


def test_attendance_is_recorded_after_the_start_and_refused_before(client, auth, world):
    _network_in_future(world)
    past = make_meeting(world.network, day=date.today() - timedelta(days=3))
    coming = make_meeting(world.network, day=FUTURE)
    db.session.commit()
    olle, stina = world.own.members
    auth.login(world.leader)
    response = client.post(f"/meetings/{coming.id}/attendance", data={"attended": [olle.id]})
    assert "Närvaro kan registreras när mötet har börjat" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{past.id}/attendance", data={"attended": [olle.id]})
    assert response.status_code == 302
    rows = db.session.scalars(sa.select(Registration)).all()
    assert [(r.group_member_id, r.attended) for r in rows] == [(olle.id, True)]
    response = client.post(f"/meetings/{past.id}/attendance", data={"attended": ["999999"]})
    assert "Välj bara personer i listan." in response.get_data(as_text=True)
    response = client.post(f"/meetings/{past.id}/attendance", data={"attended": ["x"]})
    assert response.status_code == 200


def test_csv_export_is_for_excel_private_and_defuses_formulas(client, auth, world):
    _network_in_future(world)
    meeting = make_meeting(world.network, day=FUTURE)
    db.session.add(
        Registration(
            meeting=meeting,
            group_member_id=world.own.members[0].id,
            response=RegistrationResponse.ATTENDING,
            dietary_needs='=HYPERLINK("http://evil")',
        )
    )
    db.session.commit()
    auth.login(world.leader)
    response = client.get(f"/meetings/{meeting.id}/registrations.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store" and "Cookie" in response.headers["Vary"]
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    text = response.data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Organisation;Namn;Titel;Svar;Övernattning;Specialkost;Närvarade"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == [
        "Egna kommun",
        "Olle Egen",
        "Säkerhetssamordnare",
        "Kommer",
        "Nej",
        '\'=HYPERLINK("http://evil")',
        "Ej registrerat",
    ]


def test_ics_downloads_are_private(client, auth, world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    auth.login(world.participant)
    for url in (
        f"/meetings/{meeting.id}/calendar.ics",
        f"/networks/{world.network.id}/calendar.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Cookie" in response.headers["Vary"]


def _feed_url(client, auth, user):
    auth.login(user)
    client.post("/calendar/link")
    page = client.get("/calendar").get_data(as_text=True)
    url = re.search(r'value="http://localhost(/calendar/feed/[^"]+)"', page).group(1)
    assert f'href="webcal://localhost{url}"' in page
    auth.logout()
    return url


def test_feed_works_without_login_and_answers_conditional_requests_with_304(
    app, client, auth, world
):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    url = _feed_url(client, auth, world.participant)
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert b"Arbetsm\xc3\xb6te 1" in response.data
    assert response.headers["Cache-Control"] == "private, no-cache"
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert anonymous.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert anonymous.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert anonymous.head(url, headers={"If-None-Match": etag}).status_code == 304
    meeting.place = "Ny plats"
    meeting.updated_at = datetime.now(UTC)
    db.session.commit()
    changed = anonymous.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"Ny plats" in changed.data


def test_a_feed_poll_answered_304_does_not_build_the_calendar_and_any_change_shows(
    app, client, auth, world, monkeypatch
):
    """The ETag comes from the meeting rows, not the ICS bytes: a poll costs one narrow query.
    A change that leaves updated_at alone (the network's time zone) still changes it."""
    from network_app.meetings import calendar_views

    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    url = _feed_url(client, auth, world.participant)
    anonymous = app.test_client()
    etag = anonymous.get(url).headers["ETag"]

    def no_building(*_args, **_kwargs):
        raise AssertionError("the ICS was built for a 304")

    monkeypatch.setattr(calendar_views, "meetings_to_ics", no_building)
    unchanged = anonymous.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == etag
    monkeypatch.undo()
    meeting.network.time_zone = "Europe/Helsinki"
    db.session.commit()
    changed = anonymous.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    meeting.title = "Nytt namn"  # without touching updated_at
    db.session.commit()
    assert anonymous.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 200


def test_a_reset_or_unknown_feed_token_is_404(app, client, auth, world):
    old = _feed_url(client, auth, world.participant)
    auth.login(world.participant)
    client.post("/calendar/link")
    auth.logout()
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get("/calendar/feed/1-" + "A" * 43).status_code == 404
    assert anonymous.get("/calendar/feed/nonsense").status_code == 404
    token = feeds.token_for(world.participant, app.config["SECRET_KEY"])
    assert anonymous.get(f"/calendar/feed/{token}").status_code == 200


def test_feed_of_an_inactive_account_is_404(app, client, auth, world):
    url = _feed_url(client, auth, world.participant)
    world.participant.active = False
    db.session.commit()
    assert app.test_client().get(url).status_code == 404


def test_the_feed_token_never_reaches_the_access_log():
    import logging

    from network_app import RedactTokens

    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        "",
        0,
        '"%s" 200',
        ("GET /calendar/feed/12-abcDEF_123 HTTP/1.1",),
        None,
    )
    RedactTokens().filter(record)
    assert "abcDEF" not in record.getMessage()


def test_dashboard_counts_next_meetings_from_today_in_the_networks_zone(client, auth, world):
    """The server's date is not the network's: at 13:00 UTC it is already tomorrow in Auckland,
    so a meeting there that ended this (UTC) morning is not among the coming ones."""
    world.network.time_zone = "Pacific/Auckland"
    now = datetime.now(UTC)
    ended = now.replace(hour=8, minute=0, second=0, microsecond=0)
    services.create_meeting(
        world.network,
        now=now,
        kind=MeetingKind.NETWORK,
        title="Gårdagens träff i Auckland",
        starts_at=ended - timedelta(hours=3),
        ends_at=ended,
    )
    db.session.commit()
    auth.login(world.participant)
    with time_machine.travel(ended.replace(hour=13), tick=False):
        page = client.get("/").get_data(as_text=True)
    assert "Gårdagens träff i Auckland" not in page


def test_dashboard_shows_the_next_meetings(client, auth, world):
    _network_in_future(world)
    make_meeting(world.network, day=FUTURE, title="Kommande träff")
    make_meeting(world.network, day=date.today() - timedelta(days=5), title="Gammal träff")
    make_meeting(world.network, day=FUTURE, title="Inställd träff", status=MeetingStatus.CANCELLED)
    db.session.commit()
    auth.login(world.participant)
    page = client.get("/").get_data(as_text=True)
    assert "Kommande träff" in page
    assert "Gammal träff" not in page and "Inställd träff" not in page


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_meeting_form_needs_the_csrf_token(client, auth, world, app_config):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    from tests import factories

    response = client.post(
        "/login",
        data={"email": world.leader.email, "csrf_token": token, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    for url, data in (
        (f"/networks/{world.network.id}/meetings/new", _form()),
        (f"/meetings/{meeting.id}/edit", _form()),
        (f"/networks/{world.network.id}/meetings/standard", {}),
        ("/calendar/link", {}),
    ):
        assert client.post(url, data=data).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 1


def test_schedule_page_makes_a_bounded_number_of_queries(client, auth, world, count_queries):
    def add_meetings(count, start):
        for offset in range(count):
            day = start + timedelta(days=offset)
            make_meeting(world.network, day=day)
            make_meeting(world.network, day=day, kind=MeetingKind.WORKSHOP, host=world.own)
        db.session.commit()

    url = f"/networks/{world.network.id}/meetings"
    add_meetings(1, date(2026, 3, 1))
    auth.login(world.leader)
    db.session.expire_all()  # the test shares the app's session: start each request cold
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add_meetings(20, date(2026, 5, 1))
    db.session.expire_all()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count, "\n".join(many.statements)


def test_meeting_page_makes_a_bounded_number_of_queries(client, auth, world, count_queries):
    from tests import factories

    meeting = make_meeting(world.network, day=date(2026, 3, 1))
    db.session.commit()
    url = f"/meetings/{meeting.id}"
    auth.login(world.leader)
    db.session.expire_all()
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for index in range(4):
        factories.add_member(world.other, f"Person {index}")
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count


def test_the_group_page_lists_its_meetings_but_not_other_groups_workshops(client, auth, world):
    make_meeting(world.network, day=date(2026, 2, 1), title="Gemensam träff")
    _other_organisations_workshop(world, day=date(2026, 4, 2))
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/participations/{world.own.id}").get_data(as_text=True)
    assert "Gemensam träff" in page and "Andras workshop" not in page


def test_a_feed_is_written_once_for_its_validator_and_again_after_any_change(
    app, client, auth, world, monkeypatch
):
    """The written calendar is kept under its ETag: the next full request (another client, a
    client without a copy) does not write it again, and a change writes a new one."""

    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    url = _feed_url(client, auth, world.participant)
    anonymous = app.test_client()
    first = anonymous.get(url)
    written = _count_calendar_writes(monkeypatch)
    again = anonymous.get(url)
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert written == []
    meeting.title = "Nytt namn"
    db.session.commit()
    changed = anonymous.get(url)
    assert written == [1] and b"Nytt namn" in changed.data
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_a_feed_changes_when_a_meeting_leaves_it_without_being_edited(app, client, auth, world):
    """The organisation withdraws: the network's meetings leave its participant's calendar
    though no meeting changed."""
    from network_app.networks.models import ParticipationStatus

    make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    url = _feed_url(client, auth, world.participant)
    anonymous = app.test_client()
    etag = anonymous.get(url).headers["ETag"]
    world.own.status = ParticipationStatus.WITHDRAWN
    db.session.commit()
    changed = anonymous.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"BEGIN:VEVENT" not in changed.data


def test_an_empty_feed_answers_a_conditional_request_with_304(app, client, auth, world):
    url = _feed_url(client, auth, world.participant)
    anonymous = app.test_client()
    empty = anonymous.get(url)
    assert empty.status_code == 200 and "Last-Modified" not in empty.headers
    assert anonymous.get(url, headers={"If-None-Match": empty.headers["ETag"]}).status_code == 304


def test_a_network_calendar_written_for_the_leader_is_never_given_to_a_participant(
    client, auth, world, monkeypatch
):
    """Written network calendars are shared by everyone who sees the same meetings, and only
    by them: after the leader's download (every workshop), a participant still gets a calendar
    without the other organisation's workshop; a second download of the leader's is not
    written again but is audited again."""
    from network_app.audit import AuditEvent

    make_meeting(world.network, day=date(2026, 3, 15), title="Träffen")
    _other_organisations_workshop(world)
    db.session.commit()
    url = f"/networks/{world.network.id}/calendar.ics"
    auth.login(world.leader)
    leaders = client.get(url).data
    assert b"Andras workshop" in leaders
    written = _count_calendar_writes(monkeypatch)
    assert client.get(url).data == leaders and written == []
    audited = db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.detail == "ics")
    )
    assert audited == 2
    auth.logout()
    auth.login(world.participant)
    participants = client.get(url).data
    assert b"Tr\xc3\xa4ffen" in participants and b"Andras workshop" not in participants
    assert written == [1]
