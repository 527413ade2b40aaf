"""The leader edits accounts: name, e-mail, role and organisation with the rules' refusals,
deactivation through the confirmation page, last sign-in, search and the account's history."""

from datetime import UTC, datetime

import sqlalchemy as sa

from network_app import audit
from network_app.audit import AuditEvent
from network_app.auth.models import AuthSession, Role, User
from network_app.extensions import db
from tests import factories


def _login(client, user):
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def _form(user, **overrides):
    data = {
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "organisation_id": str(user.organisation_id or 0),
        **overrides,
    }
    return data


def _actions(user):
    return db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.target_type == "user", AuditEvent.target_id == user.id)
        .order_by(AuditEvent.id)
    ).all()


def test_leader_changes_name_and_address_and_it_is_audited_without_values(app, world):
    client = _login(app.test_client(), world.leader)
    response = client.post(
        f"/accounts/{world.participant.id}",
        data=_form(world.participant, name="Egon Egensson", email="Egon@Egna.example"),
    )
    assert response.status_code == 302
    user = db.session.get(User, world.participant.id)
    db.session.refresh(user)
    assert (user.name, user.email) == ("Egon Egensson", "egon@egna.example")
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == audit.ACCOUNT_CHANGED)
    ).one()
    assert event.detail == "email,name" and "Egon" not in event.detail


def test_a_new_role_and_organisation_end_the_accounts_sessions(app, world):
    participant = _login(app.test_client(), world.participant)
    client = _login(app.test_client(), world.leader)
    response = client.post(
        f"/accounts/{world.participant.id}",
        data=_form(world.participant, role="observer", network_ids=[str(world.network.id)]),
    )
    assert response.status_code == 302
    user = db.session.get(User, world.participant.id)
    db.session.refresh(user)
    assert user.role == Role.OBSERVER and user.organisation_id is None
    assert [n.id for n in user.observed_networks] == [world.network.id]
    assert audit.ROLE_CHANGED in _actions(user)
    assert participant.get("/").location.startswith("/login")
    assert not db.session.scalar(
        sa.select(sa.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


def test_a_taken_address_is_refused_with_the_other_errors_and_nothing_stored(app, world):
    client = _login(app.test_client(), world.leader)
    response = client.post(
        f"/accounts/{world.participant.id}",
        data=_form(world.participant, name="", email=world.observer.email.upper()),
    )
    assert response.status_code == 200
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Det finns redan ett konto med den e-postadressen." in summary
    assert "Ange namnet på den som ska få kontot." in summary
    db.session.expire_all()
    assert db.session.get(User, world.participant.id).email == "egen@example.se"


def test_the_last_leader_cannot_lose_the_role(app, world):
    client = _login(app.test_client(), world.leader)
    response = client.post(
        f"/accounts/{world.leader.id}",
        data=_form(
            world.leader, role="participant", organisation_id=str(world.own.organisation_id)
        ),
    )
    assert response.status_code == 200
    assert "enda aktiva projektledarkontot" in response.text
    db.session.expire_all()
    assert db.session.get(User, world.leader.id).role == Role.LEADER
    # With a second leader, the first may become a participant.
    factories.make_user(Role.LEADER, email="ledare2@example.se")
    db.session.commit()
    response = client.post(
        f"/accounts/{world.leader.id}",
        data=_form(
            world.leader, role="participant", organisation_id=str(world.own.organisation_id)
        ),
    )
    assert response.status_code == 302


def test_deactivation_is_confirmed_first_and_reactivation_is_direct(app, world):
    client = _login(app.test_client(), world.leader)
    account_page = client.get(f"/accounts/{world.participant.id}").text
    assert f'href="/accounts/{world.participant.id}/active?next=' in account_page
    page = client.get(f"/accounts/{world.participant.id}/active")
    assert page.status_code == 200
    assert "loggas ut överallt direkt" in page.text and ">Stäng av kontot</button>" in page.text
    db.session.expire_all()
    assert db.session.get(User, world.participant.id).active
    response = client.post(f"/accounts/{world.participant.id}/active", data={"active": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, world.participant.id).active
    # A deactivated account has no confirmation page; reactivating is a plain button.
    assert client.get(f"/accounts/{world.participant.id}/active").status_code == 302
    client.post(f"/accounts/{world.participant.id}/active", data={"active": "1"})
    db.session.expire_all()
    assert db.session.get(User, world.participant.id).active
    assert _actions(world.participant)[-2:] == [
        audit.ACCOUNT_DEACTIVATED,
        audit.ACCOUNT_ACTIVATED,
    ]


def test_the_leader_cannot_deactivate_themselves_from_the_confirmation_page(app, world):
    client = _login(app.test_client(), world.leader)
    assert client.get(f"/accounts/{world.leader.id}/active").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world.leader.id).active


def test_last_sign_in_is_shown_on_the_list_and_the_account(app, world):
    world.participant.last_login_at = datetime(2026, 3, 4, 8, 30, tzinfo=UTC)
    db.session.commit()
    client = _login(app.test_client(), world.leader)
    listing = client.get("/accounts").text
    assert "Senast inloggad 2026-03-04 09:30" in listing
    assert "Aldrig inloggad" in listing  # the observer has never signed in
    assert "2026-03-04 09:30" in client.get(f"/accounts/{world.participant.id}").text


def test_search_by_name_or_address_any_case_and_with_swedish_letters(app, world):
    factories.make_user(Role.OBSERVER, email="asa@example.se", name="Åsa Öberg")
    db.session.commit()
    client = _login(app.test_client(), world.leader)

    def found(query):
        html = client.get("/accounts", query_string={"q": query}).text
        return html.split("<tbody>", 1)[1] if "<tbody>" in html else ""

    assert "Åsa Öberg" in found("åsa") and "Lea Ledare" not in found("åsa")
    assert "Åsa Öberg" in found("ÖBERG") or "Åsa Öberg" in found("öberg")
    assert "coach@example.se" in found("COACH@")
    assert found("%") == "" and found("_") == ""
    assert "Lea Ledare" in found("lea")


def test_the_account_links_to_its_history_in_the_audit_log(app, world):
    _login(app.test_client(), world.participant)
    client = _login(app.test_client(), world.leader)
    page = client.get(f"/accounts/{world.participant.id}").text
    assert f'href="/audit?person={world.participant.id}"' in page
    history = client.get(f"/audit?person={world.participant.id}").text.split("<tbody>", 1)[1]
    assert "Inloggning" in history and world.participant.name in history
    assert "Lea Ledare" not in history  # the leader's own sign-in is not this account's


def test_participants_and_observers_cannot_open_or_change_an_account(app, world):
    for user in (world.participant, world.observer):
        client = _login(app.test_client(), user)
        assert client.get(f"/accounts/{world.other_participant.id}").status_code == 403
        response = client.post(
            f"/accounts/{world.other_participant.id}",
            data=_form(world.other_participant, name="Kapad"),
        )
        assert response.status_code == 403
        assert client.get(f"/accounts/{world.other_participant.id}/active").status_code == 403
    db.session.expire_all()
    assert db.session.get(User, world.other_participant.id).name != "Kapad"


def test_the_account_list_comes_a_page_at_a_time(app, world):
    for number in range(55):
        factories.make_user(
            Role.OBSERVER, email=f"obs{number:02d}@example.se", name=f"Obs {number:02d}"
        )
    db.session.commit()
    client = _login(app.test_client(), world.leader)
    first = client.get("/accounts").text
    assert first.split("<tbody>", 1)[1].count("<tr>") == 50
    assert 'href="/accounts?page=2" rel="next"' in first
    second = client.get("/accounts?page=2").text
    assert second.split("<tbody>", 1)[1].count("<tr>") == 59 - 50
    assert client.get("/accounts?page=0").status_code == 404
    searched = client.get("/accounts", query_string={"q": "obs 0"}).text
    assert searched.split("<tbody>", 1)[1].count("<tr>") == 10
