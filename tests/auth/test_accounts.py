"""The leader's people and account management: invite, reinvite, deactivate, and who may not."""

import re

import pytest
import sqlalchemy as sa

from network_app.auth.models import Invitation, Role, User
from network_app.extensions import db
from tests import factories

NEW_PASSWORD = "mitt-eget-nya-losenord"


def _login(client, user, password=factories.PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302
    return client


def _member(participation, name):
    return next(m for m in participation.members if m.person.name == name)


def _link(response):
    match = re.search(r'value="(http://localhost/invitation/[^"]+)"', response.text)
    assert match, "the page shows the link to copy"
    return match.group(1).replace("http://localhost", "")


def _users():
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def _section(html):
    start = html.index('id="people-heading"')
    return html[start:]


def test_leader_sees_the_groups_people_and_whether_each_has_an_account(client, world):
    stina = _member(world.own, "Stina Egen")
    world.participant.person = stina.person
    db.session.commit()
    _login(client, world.leader)
    section = _section(client.get(f"/participations/{world.own.id}").text)
    assert "Personer och konton" in client.get(f"/participations/{world.own.id}").text
    assert "Olle Egen" in section and "Stina Egen" in section
    assert "Inget konto" in section and "Aktivt konto" in section
    assert "Bjud in" in section and "Ny inbjudningslänk" in section and "Stäng av" in section


def test_participant_and_observer_do_not_see_account_management(app, world):
    for user, participation in ((world.participant, world.own), (world.observer, world.own)):
        client = _login(app.test_client(), user)
        html = client.get(f"/participations/{participation.id}").text
        assert "Personer och konton" not in html and "Bjud in" not in html
        assert "Stäng av" not in html


def test_leader_invites_a_member_who_then_sets_a_password_and_signs_in(app, client, world):
    olle = _member(world.own, "Olle Egen")
    _login(client, world.leader)
    response = client.post(f"/participations/{world.own.id}/members/{olle.id}/account")
    assert response.status_code == 200
    assert "Inbjudningslänk för Olle Egen" in response.text
    link = _link(response)
    user = db.session.scalar(sa.select(User).where(User.person_id == olle.person_id))
    assert user.role == Role.PARTICIPANT and user.organisation_id == world.own.organisation_id
    assert user.email == "olle.egen@example.se" and user.password_hash is None
    section = _section(client.get(f"/participations/{world.own.id}").text)
    assert "Inbjuden, länken gäller till" in section

    invited = app.test_client()
    response = invited.post(link, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status_code == 302
    assert invited.get(f"/participations/{world.own.id}").status_code == 200
    assert invited.get(f"/participations/{world.other.id}").status_code == 403
    section = _section(client.get(f"/participations/{world.own.id}").text)
    assert "Olle Egen" in section and "Aktivt konto" in section


def test_reinviting_gives_a_new_link_and_the_old_one_stops_working(client, world):
    olle = _member(world.own, "Olle Egen")
    _login(client, world.leader)
    first = _link(client.post(f"/participations/{world.own.id}/members/{olle.id}/account"))
    second = _link(client.post(f"/participations/{world.own.id}/members/{olle.id}/account"))
    assert first != second
    assert (
        db.session.scalar(sa.select(sa.func.count(User.id)).where(User.person_id == olle.person_id))
        == 1
    )
    client.post("/logout")
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_deactivating_from_the_group_page_logs_the_person_out(app, client, world):
    stina = _member(world.own, "Stina Egen")
    world.participant.person = stina.person
    db.session.commit()
    victim = _login(app.test_client(), world.participant)
    assert victim.get("/").status_code == 200

    _login(client, world.leader)
    back = f"/participations/{world.own.id}#people-heading"
    response = client.post(
        f"/accounts/{world.participant.id}/active", data={"active": "0", "next": back}
    )
    assert response.status_code == 302 and response.location == back
    assert victim.get("/").location.startswith("/login"), "the deactivated user is logged out"
    assert (
        victim.post(
            "/login", data={"email": world.participant.email, "password": factories.PASSWORD}
        ).status_code
        == 200
    )
    page = client.get(f"/participations/{world.own.id}").text
    assert "Kontot för" in page and "avstängt och utloggat" in page
    assert "Avstängt" in _section(page) and "Aktivera" in _section(page)

    # No new link for a deactivated account, from either page.
    stina_member = _member(world.own, "Stina Egen")
    for path in (
        f"/participations/{world.own.id}/members/{stina_member.id}/account",
        f"/accounts/{world.participant.id}/invitation",
    ):
        response = client.post(path, follow_redirects=True)
        assert "är avstängt. Aktivera det först" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0

    client.post(f"/accounts/{world.participant.id}/active", data={"active": "1", "next": back})
    assert _login(app.test_client(), world.participant)


def test_the_leader_cannot_deactivate_their_own_account(client, world):
    _login(client, world.leader)
    response = client.post(
        f"/accounts/{world.leader.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "Du kan inte stänga av ditt eget konto." in response.text
    db.session.expire_all()
    assert world.leader.active


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example"])
def test_account_actions_return_only_to_pages_of_the_app(client, world, target):
    _login(client, world.leader)
    response = client.post(
        f"/accounts/{world.participant.id}/active", data={"active": "0", "next": target}
    )
    assert response.location == "/accounts"


def test_other_accounts_of_the_organisation_are_managed_on_the_group_page(client, world):
    _login(client, world.leader)
    section = _section(client.get(f"/participations/{world.own.id}").text)
    assert "Andra konton i organisationen" in section
    assert world.participant.email in section
    assert "andra@example.se" not in section, "another organisation's account is not listed"


def test_a_members_address_used_by_another_account_is_refused_with_a_message(client, world):
    olle = _member(world.own, "Olle Egen")
    olle.person.email = world.leader.email
    db.session.commit()
    before = _users()
    _login(client, world.leader)
    response = client.post(
        f"/participations/{world.own.id}/members/{olle.id}/account", follow_redirects=True
    )
    assert "Det finns redan ett konto med e-postadressen" in response.text
    assert _users() == before
    db.session.expire_all()
    assert world.leader.person_id is None


def test_an_account_made_by_hand_for_the_member_is_linked_not_duplicated(client, world):
    olle = _member(world.own, "Olle Egen")
    hand_made = factories.make_user(
        Role.PARTICIPANT,
        email="olle.egen@example.se",
        name="Olle E",
        organisation=world.own.organisation,
        password_hash=None,
    )
    db.session.commit()
    before = _users()
    _login(client, world.leader)
    response = client.post(f"/participations/{world.own.id}/members/{olle.id}/account")
    assert response.status_code == 200
    assert _users() == before
    db.session.expire_all()
    assert hand_made.person_id == olle.person_id


@pytest.mark.parametrize("role", ["participant", "other_participant", "observer"])
def test_only_the_leader_manages_accounts(app, world, role):
    client = _login(app.test_client(), getattr(world, role))
    olle = _member(world.own, "Olle Egen")
    before = _users()
    assert (
        client.post(f"/participations/{world.own.id}/members/{olle.id}/account").status_code == 403
    )
    assert client.post(f"/accounts/{world.participant.id}/invitation").status_code == 403
    assert (
        client.post(
            f"/accounts/{world.other_participant.id}/active", data={"active": "0"}
        ).status_code
        == 403
    )
    assert client.get("/accounts").status_code == 403
    assert (
        client.post(
            "/accounts/new", data={"name": "X", "email": "x@x.se", "role": "leader"}
        ).status_code
        == 403
    )
    assert _users() == before
    db.session.expire_all()
    assert world.other_participant.active
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_anonymous_visitors_are_sent_to_login_and_nothing_changes(client, world):
    olle = _member(world.own, "Olle Egen")
    response = client.post(f"/participations/{world.own.id}/members/{olle.id}/account")
    assert response.status_code == 302 and response.location.startswith("/login")
    response = client.post(f"/accounts/{world.participant.id}/active", data={"active": "0"})
    assert response.location.startswith("/login")
    db.session.expire_all()
    assert world.participant.active


def test_a_member_of_another_group_is_not_reachable_through_this_groups_url(client, world):
    _login(client, world.leader)
    hidden = world.other.members[0]
    response = client.post(f"/participations/{world.own.id}/members/{hidden.id}/account")
    assert response.status_code == 404


# The account form


def test_leader_creates_an_observer_account_and_gets_its_link(client, world):
    _login(client, world.leader)
    response = client.post(
        "/accounts/new",
        data={
            "name": "Cecilia Coach",
            "email": "cecilia@coach.example",
            "role": "observer",
            "organisation_id": "0",
            "network_ids": [str(world.network.id)],
        },
    )
    assert response.status_code == 200 and "/invitation/" in response.text
    user = db.session.scalar(sa.select(User).where(User.email == "cecilia@coach.example"))
    assert user.role == Role.OBSERVER and user.observed_networks == [world.network]
    assert user.organisation_id is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Namn: Ange namnet på den som ska få kontot."),
        ({"email": ""}, "E-postadress: Ange e-postadressen som kontot loggar in med."),
        ({"email": "inte en adress"}, "E-postadress: Ange en giltig e-postadress"),
        (
            {"email": "EGEN@example.se"},
            "E-postadress: Det finns redan ett konto med den e-postadressen.",
        ),
        ({"role": ""}, "Roll: Välj en roll."),
        ({"role": "admin"}, "Roll: Välj ett av alternativen i listan."),
        ({"organisation_id": "0"}, "Organisation: Välj deltagarens organisation."),
        ({"organisation_id": "abc"}, "Organisation: Välj ett av alternativen i listan."),
        ({"organisation_id": "999999"}, "Organisation: Välj ett av alternativen i listan."),
        (
            {"role": "observer", "organisation_id": "0"},
            "Nätverk att observera: Välj minst ett nätverk som observatören ska se.",
        ),
        (
            {"role": "observer", "network_ids": ["x"]},
            "Nätverk att observera: Välj ett av alternativen i listan.",
        ),
    ],
)
def test_refused_account_names_the_field_and_stores_nothing(client, world, data, message):
    _login(client, world.leader)
    before = _users()
    form = {
        "name": "Ny Person",
        "email": "ny@egna.example",
        "role": "participant",
        "organisation_id": str(world.own.organisation_id),
        **data,
    }
    response = client.post("/accounts/new", data=form)
    assert response.status_code == 200
    assert message in response.text
    assert _users() == before


def test_the_account_list_shows_state_and_actions(client, world):
    _login(client, world.leader)
    html = client.get("/accounts").text
    for user in (world.participant, world.other_participant, world.observer):
        assert user.email in html
    assert "Aktivt" in html
    # The actions are on each account's page, one click from the list.
    assert f'href="/accounts/{world.participant.id}"' in html
    account = client.get(f"/accounts/{world.participant.id}").text
    assert "Stäng av" in account and "Ny inbjudningslänk" in account


def test_the_account_list_names_each_accounts_organisation_or_observed_networks(client, world):
    second = factories.make_network(name="Andra nätverket")
    world.observer.observed_networks.append(second)
    db.session.commit()
    _login(client, world.leader)
    html = client.get("/accounts").text
    rows = {row.split("</tr>")[0] for row in html.split("<tr>")}
    participant = next(row for row in rows if world.participant.email in row)
    observer = next(row for row in rows if world.observer.email in row)
    leader = next(row for row in rows if world.leader.email in row)
    assert "Egna kommun" in participant
    assert f"{world.network.name}, Andra nätverket" in observer
    assert '<td data-label="Organisation eller nätverk">–</td>' in leader
    assert html.count(f'href="/accounts/{world.observer.id}"') == 1  # one row however many


def test_the_group_page_makes_a_bounded_number_of_queries(client, world, count_queries):
    _login(client, world.leader)
    path = f"/participations/{world.own.id}"
    db.session.expire_all()  # as after the commit below
    with count_queries() as few:
        client.get(path)
    for index in range(4):
        member = factories.add_member(world.own, f"Extra Person{index}")
        factories.make_user(
            Role.PARTICIPANT,
            email=f"extra{index}@egna.example",
            organisation=world.own.organisation,
        ).person = member.person
    db.session.commit()
    with count_queries() as many:
        html = client.get(path).text
    assert "Extra Person3" in html
    assert many.count <= few.count


def test_deactivation_ends_the_calendar_link_for_good(app, client, world):
    """Reactivating the account must not bring the old subscription URL back to life."""
    from network_app.db_types import utcnow
    from network_app.meetings import feeds

    feeds.reset(world.participant, now=utcnow())
    db.session.commit()
    old = feeds.token_for(world.participant, app.config["SECRET_KEY"])
    calendar = app.test_client()
    assert calendar.get(f"/calendar/feed/{old}").status_code == 200

    _login(client, world.leader)
    client.post(f"/accounts/{world.participant.id}/active", data={"active": "0"})
    assert calendar.get(f"/calendar/feed/{old}").status_code == 404
    client.post(f"/accounts/{world.participant.id}/active", data={"active": "1"})

    assert calendar.get(f"/calendar/feed/{old}").status_code == 404
    new = feeds.token_for(world.participant, app.config["SECRET_KEY"])
    assert new and new != old
    assert calendar.get(f"/calendar/feed/{new}").status_code == 200


def test_deactivating_an_account_without_a_calendar_link_creates_none(client, world):
    from network_app.meetings.models import CalendarFeed

    _login(client, world.leader)
    client.post(f"/accounts/{world.participant.id}/active", data={"active": "0"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0
