"""Registration as a group does it: the contact person (or the leader) answers for the whole group
in one form, a deadline after which only the leader changes answers, the leader's summary and the
CSV for the hotel and catering."""

import csv
import io
from datetime import date, timedelta

import sqlalchemy as sa

from network_app.audit import GROUP_REGISTERED, AuditEvent
from network_app.extensions import db
from network_app.meetings import services
from network_app.meetings.models import Registration, RegistrationResponse
from network_app.privacy.services import collect_personal_data
from tests import factories
from tests.meetings.helpers import make_meeting

SOON = date.today() + timedelta(days=20)


def _open_network(world):
    world.network.starts_on = date.today() - timedelta(days=100)
    world.network.ends_on = date.today() + timedelta(days=200)


def _contact(world):
    """The own group's contact person (Olle) signs in as world.participant."""
    olle = next(m for m in world.own.members if m.is_contact)
    world.participant.person_id = olle.person_id
    return olle


def _meeting(world, **values):
    _open_network(world)
    values.setdefault("has_overnight_stay", True)
    meeting = make_meeting(
        world.network, day=SOON, title="Uppstart", place="SKR, Hornsgatan 20", **values
    )
    db.session.commit()
    return meeting


def _answers(world, olle_diet="Vegetarisk", **overrides):
    olle, stina = sorted(world.own.members, key=lambda m: m.person.name)
    data = {
        f"response_{olle.id}": "attending",
        f"overnight_{olle.id}": "y",
        f"diet_{olle.id}": olle_diet,
        f"response_{stina.id}": "not_attending",
    }
    data.update(overrides)
    return data


def _registrations(meeting):
    return db.session.scalars(
        sa.select(Registration).where(Registration.meeting_id == meeting.id)
    ).all()


def _url(meeting, participation):
    return f"/meetings/{meeting.id}/groups/{participation.id}/registration"


def test_contact_person_registers_the_whole_group_in_one_form(client, auth, world):
    olle = _contact(world)
    meeting = _meeting(world, registration_closes_on=SOON - timedelta(days=7))
    auth.login(world.participant)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Anmäl hela gruppen" in page
    form = client.get(_url(meeting, world.own)).get_data(as_text=True)
    # The meeting's date, time and place are on the form, and its deadline.
    assert SOON.isoformat() in form and "SKR, Hornsgatan 20" in form
    assert (SOON - timedelta(days=7)).isoformat() in form
    response = client.post(_url(meeting, world.own), data=_answers(world))
    assert response.status_code == 302
    answers = {r.group_member_id: r for r in _registrations(meeting)}
    assert len(answers) == 2
    assert answers[olle.id].response == RegistrationResponse.ATTENDING
    assert answers[olle.id].overnight_stay and answers[olle.id].dietary_needs == "Vegetarisk"
    stina = next(m for m in world.own.members if m.id != olle.id)
    assert answers[stina.id].response == RegistrationResponse.NOT_ATTENDING
    assert answers[stina.id].dietary_needs == "" and not answers[stina.id].overnight_stay
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == GROUP_REGISTERED))
    assert event.target_id == meeting.id and "Vegetarisk" not in (event.detail or "")


def test_every_missing_answer_is_named_at_once_and_nothing_is_stored(client, auth, world):
    _contact(world)
    meeting = _meeting(world)
    auth.login(world.participant)
    olle, stina = sorted(world.own.members, key=lambda m: m.person.name)
    page = client.post(
        _url(meeting, world.own),
        data={f"diet_{olle.id}": "x" * 501},
    ).get_data(as_text=True)
    assert "Välj om Olle Egen kommer eller inte." in page
    assert "Välj om Stina Egen kommer eller inte." in page
    assert "Högst 500 tecken." in page
    assert _registrations(meeting) == []


def test_a_group_member_who_is_not_the_contact_person_cannot_register_the_group(
    client, auth, world
):
    meeting = _meeting(world)
    auth.login(world.participant)  # not linked to the contact person
    assert client.get(_url(meeting, world.own)).status_code == 403
    assert client.post(_url(meeting, world.own), data=_answers(world)).status_code == 403
    assert _registrations(meeting) == []


def test_after_the_deadline_the_group_is_refused_with_a_message_and_the_leader_may_change(
    client, auth, world
):
    _contact(world)
    closed_on = date.today() - timedelta(days=1)
    meeting = _meeting(world, registration_closes_on=closed_on)
    auth.login(world.participant)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Sista anmälningsdagen har passerat" in page and "Anmäl hela gruppen" not in page
    page = client.post(_url(meeting, world.own), data=_answers(world)).get_data(as_text=True)
    assert f"Sista anmälningsdag var {closed_on.isoformat()}" in page
    assert _registrations(meeting) == []
    olle = world.own.members[0]
    single = client.post(
        f"/meetings/{meeting.id}/members/{olle.id}/registration", data={"response": "attending"}
    ).get_data(as_text=True)
    assert "Sista anmälningsdag var" in single and _registrations(meeting) == []
    auth.logout()
    auth.login(world.leader)
    response = client.post(_url(meeting, world.own), data=_answers(world))
    assert response.status_code == 302 and len(_registrations(meeting)) == 2


def test_a_deadline_after_the_meeting_is_refused(client, auth, world):
    _open_network(world)
    db.session.commit()
    auth.login(world.leader)
    page = client.post(
        f"/networks/{world.network.id}/meetings/new",
        data={
            "title": "Träff",
            "kind": "network",
            "host_participation_id": "0",
            "start_date": SOON.isoformat(),
            "start_time": "09:00",
            "end_date": SOON.isoformat(),
            "end_time": "12:00",
            "registration_closes_on": (SOON + timedelta(days=1)).isoformat(),
            "status": "confirmed",
        },
    ).get_data(as_text=True)
    assert "Sista anmälningsdag kan inte vara efter mötets slutdatum." in page


def test_leader_summary_counts_by_organisation_in_sql_and_lists_diets(
    client, auth, world, count_queries
):
    meeting = _meeting(world)
    leader = world.leader
    olle, stina = sorted(world.own.members, key=lambda m: m.person.name)
    [hemlig] = world.other.members
    for member, response, diet in (
        (olle, RegistrationResponse.ATTENDING, "Vegetarisk"),
        (stina, RegistrationResponse.ATTENDING, "Vegetarisk"),
        (hemlig, RegistrationResponse.ATTENDING, "Glutenfri"),
    ):
        services.register(
            meeting,
            member,
            response=response,
            overnight_stay=member is olle,
            dietary_needs=diet,
            by=leader,
            now=meeting.created_at,
        )
    factories.add_member(world.other, "Nils Nysvar")
    db.session.commit()
    rows = {row.organisation: row for row in services.answers_by_organisation(meeting)}
    own, other = rows["Egna kommun"], rows["Andra regionen"]
    assert (own.members, own.attending, own.unanswered, own.overnight, own.diets) == (2, 2, 0, 1, 2)
    assert (other.members, other.attending, other.unanswered, other.diets) == (2, 1, 1, 1)
    assert services.diet_counts(meeting) == [("Vegetarisk", 2), ("Glutenfri", 1)]
    auth.login(leader)
    with count_queries() as counter:
        page = client.get(f"/meetings/{meeting.id}/registrations").get_data(as_text=True)
    assert "Vegetarisk" in page and "Andra regionen" in page
    assert counter.count <= 12


def test_the_hotel_and_catering_csv_has_only_who_comes_and_what_they_need(client, auth, world):
    meeting = _meeting(world)
    olle, stina = sorted(world.own.members, key=lambda m: m.person.name)
    for member, response, diet in (
        (olle, RegistrationResponse.ATTENDING, '=HYPERLINK("http://x")'),
        (stina, RegistrationResponse.NOT_ATTENDING, ""),
    ):
        services.register(
            meeting,
            member,
            response=response,
            overnight_stay=True,
            dietary_needs=diet,
            by=world.leader,
            now=meeting.created_at,
        )
    db.session.commit()
    auth.login(world.leader)
    response = client.get(f"/meetings/{meeting.id}/hotel-and-catering.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Organisation", "Namn", "Övernattning", "Specialkost"],
        ["Egna kommun", "Olle Egen", "Ja", '\'=HYPERLINK("http://x")'],
    ]
    auth.logout()
    auth.login(world.participant)
    assert client.get(f"/meetings/{meeting.id}/hotel-and-catering.csv").status_code == 403


def test_a_diet_given_in_the_group_form_is_in_the_persons_access_request(world):
    meeting = _meeting(world)
    olle = _contact(world)
    services.register_group(
        meeting,
        world.own,
        [
            services.GroupAnswer(olle, RegistrationResponse.ATTENDING, False, "Laktosfri"),
        ],
        by=world.participant,
        by_leader=False,
        now=meeting.created_at,
    )
    data = collect_personal_data(olle.person)
    assert [r["dietary_needs"] for r in data.own["registrations"]] == ["Laktosfri"]


def _more_organisations(world, count):
    for n in range(count):
        participation = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun {n}")
        )
        for name in ("Anna", "Bo", "Cia"):
            factories.add_member(participation, f"{name} {n}")
    db.session.commit()


def test_summary_and_group_form_queries_do_not_grow_with_organisations_or_members(
    client, auth, world, count_queries
):
    olle = _contact(world)
    meeting = _meeting(world)
    auth.login(world.leader)

    def counts():
        pages = (f"/meetings/{meeting.id}/registrations", _url(meeting, world.own))
        found = []
        for path in pages:
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            found.append(counter.count)
        return found

    before = counts()
    _more_organisations(world, 4)
    for name in ("Dag", "Eva", "Fia"):
        factories.add_member(world.own, f"{name} Egen")
    db.session.commit()
    assert counts() == before
    assert olle is not None
