"""Every error of a form in one round: the form's own checks and the services' refusals
together, each in the error summary (issue 14 point 4)."""

import sqlalchemy as sa

from network_app.auth.models import User
from network_app.extensions import db
from network_app.networks.models import Organisation, Participation, Person


def _summary(response):
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


def _count(model):
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_account_form_shows_a_taken_address_with_the_other_errors(client, auth, world):
    auth.login(world.leader)
    before = _count(User)
    summary = _summary(
        client.post(
            "/accounts/new",
            data={"name": "", "email": "EGEN@example.se", "role": "participant"},
        )
    )
    assert "Ange namnet på den som ska få kontot." in summary
    assert "Det finns redan ett konto med den e-postadressen." in summary
    assert "Välj deltagarens organisation." in summary
    assert _count(User) == before


def test_password_change_shows_a_wrong_current_password_with_a_weak_new_one(client, auth, world):
    auth.login(world.participant)
    summary = _summary(
        client.post(
            "/account/password",
            data={"current_password": "fel-losenord-1", "password": "kort", "repeat": "kort"},
        )
    )
    assert "Lösenordet stämmer inte." in summary
    assert "12" in summary  # the new password's length rule


def test_member_form_shows_an_address_already_in_the_group_with_the_other_errors(
    client, auth, world
):
    auth.login(world.leader)
    olle = world.own.members[0].person
    before = _count(Person)
    summary = _summary(
        client.post(
            f"/participations/{world.own.id}/members/new",
            data={"name": "", "email": olle.email, "kind": "official", "function": ""},
        )
    )
    assert "Ange personens namn." in summary
    assert "redan med i gruppen" in summary
    assert _count(Person) == before


def test_organisation_form_shows_every_error_at_once(client, auth, world):
    auth.login(world.leader)
    summary = _summary(
        client.post("/organisations/new", data={"register_code": "", "contact_email": "inte"})
    )
    assert "Välj kommunen eller regionen i registret." in summary
    assert "Ange en giltig e-postadress" in summary
    assert _count(Organisation) == 2


def test_application_form_shows_every_error_at_once(client, auth, world):
    auth.login(world.leader)
    before = _count(Participation)
    summary = _summary(
        client.post(
            f"/networks/{world.network.id}/applications/new",
            data={"organisation_id": "0", "register_code": "", "applied_on": "18/3"},
        )
    )
    assert "inte båda" in summary
    assert "ÅÅÅÅ-MM-DD" in summary
    assert _count(Participation) == before
