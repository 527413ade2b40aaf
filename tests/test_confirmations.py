"""Far-reaching actions go through a confirmation page that says what will happen: GET shows
it and changes nothing, the form on it POSTs to the same URL, which acts (issue 14 point 4)."""

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings.models import CalendarFeed
from network_app.networks.models import ParticipationStatus, Person


def _confirm_page(response, button):
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="confirm-consequences"' in html
    assert f">{button}</button>" in html
    form = html.split('class="confirm-consequences"', 1)[1].split("</form>", 1)[0]
    return html, form


def test_closing_a_network_is_confirmed_first(client, auth, world):
    auth.login(world.leader)
    network_page = client.get(f"/networks/{world.network.id}").get_data(as_text=True)
    assert f'href="/networks/{world.network.id}/closed"' in network_page
    html, form = _confirm_page(
        client.get(f"/networks/{world.network.id}/closed"), "Stäng nätverket"
    )
    assert "kan grupperna inte längre logga" in html
    assert 'name="closed" value="1"' in form
    db.session.refresh(world.network)
    assert not world.network.is_closed, "showing the page changes nothing"
    response = client.post(f"/networks/{world.network.id}/closed", data={"closed": "1"})
    assert response.status_code == 302
    db.session.refresh(world.network)
    assert world.network.is_closed
    # Closed: the page is not offered again, reopening needs no confirmation.
    assert client.get(f"/networks/{world.network.id}/closed").status_code == 302
    client.post(f"/networks/{world.network.id}/closed", data={"closed": "0"})
    db.session.refresh(world.network)
    assert not world.network.is_closed


def test_withdrawing_an_organisation_is_confirmed_first(client, auth, world):
    auth.login(world.leader)
    url = f"/participations/{world.own.id}/status"
    group_page = client.get(f"/participations/{world.own.id}").get_data(as_text=True)
    assert f'href="{url}?status=withdrawn"' in group_page
    html, form = _confirm_page(
        client.get(url, query_string={"status": "withdrawn"}),
        "Registrera att organisationen drar sig ur",
    )
    assert "Egna kommun" in html
    assert 'name="status" value="withdrawn"' in form
    db.session.refresh(world.own)
    assert world.own.status == ParticipationStatus.ACCEPTED
    assert client.post(url, data={"status": "withdrawn"}).status_code == 302
    db.session.refresh(world.own)
    assert world.own.status == ParticipationStatus.WITHDRAWN


def test_a_status_without_confirmation_or_not_allowed_has_no_page(client, auth, world):
    auth.login(world.leader)
    url = f"/participations/{world.own.id}/status"
    for status in ("applied", "declined", "nonsense", ""):
        assert client.get(url, query_string={"status": status}).status_code == 302


def test_erasing_a_person_is_confirmed_on_the_confirmation_page(client, auth, world):
    auth.login(world.leader)
    person = world.own.members[0].person
    html, form = _confirm_page(client.get(f"/people/{person.id}/erase"), "Radera uppgifterna")
    assert "Det går inte att ångra." in html
    assert 'name="confirm"' in form
    response = client.post(f"/people/{person.id}/erase", data={})
    assert "Kryssa i rutan" in response.get_data(as_text=True)
    assert db.session.get(Person, person.id).name == "Olle Egen"


def test_a_new_calendar_link_is_confirmed_but_the_first_is_made_at_once(client, auth, world):
    auth.login(world.participant)
    assert client.get("/calendar/link").status_code == 302, "no link yet: nothing to confirm"
    assert client.post("/calendar/link").status_code == 302
    first = db.session.get(CalendarFeed, world.participant.id).secret
    calendar_page = client.get("/calendar").get_data(as_text=True)
    assert 'href="/calendar/link"' in calendar_page
    html, _form = _confirm_page(client.get("/calendar/link"), "Skapa en ny länk")
    assert "Den gamla länken slutar fungera direkt" in html
    db.session.expire_all()
    assert db.session.get(CalendarFeed, world.participant.id).secret == first
    client.post("/calendar/link")
    db.session.expire_all()
    assert db.session.get(CalendarFeed, world.participant.id).secret != first
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.user_id))) == 1
