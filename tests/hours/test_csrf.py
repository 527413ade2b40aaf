"""With CSRF protection on, as users get the app, the hours forms refuse a post without a token."""

from datetime import timedelta

import pytest

from network_app.extensions import db
from network_app.hours.models import HourEntry
from network_app.networks.services import local_today
from tests.hours.builders import add_entry


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def test_hours_forms_need_the_csrf_token(client, world):
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=10)
    world.network.ends_on = today + timedelta(days=10)
    entry = add_entry(world.own, today, 60, today=today)
    db.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    signed_in = client.post(
        "/login",
        data={
            "email": world.participant.email,
            "password": "ett-langt-testlosenord",
            "csrf_token": token,
        },
    )
    assert signed_in.status_code == 302 and "/login" not in signed_in.location
    assert client.get(f"/participations/{world.own.id}/hours/new").status_code == 200
    base = f"/participations/{world.own.id}/hours"
    form = {"worked_on": today.isoformat(), "hours": "1", "activity": "other"}
    assert client.post(f"{base}/new", data=form).status_code == 400
    assert client.post(f"{base}/{entry.id}/edit", data={**form, "hours": "3"}).status_code == 400
    assert client.post(f"{base}/{entry.id}/delete").status_code == 400
    assert db.session.scalars(db.select(HourEntry.minutes)).all() == [60]
