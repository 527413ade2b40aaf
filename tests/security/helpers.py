"""What the security tests share: a database snapshot and a sign-in that works with CSRF on."""

import re

import sqlalchemy as sa

from network_app.extensions import db
from tests import factories

_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def snapshot(exclude=()):
    """Every row of every table, so a test can prove that a refused request changed nothing."""
    db.session.expire_all()
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name in exclude:
            continue
        rows = db.session.execute(sa.select(table)).all()
        state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    db.session.rollback()
    return state


def csrf_token(client, path="/login"):
    forget_request_user()
    page = client.get(path).get_data(as_text=True)
    return _CSRF_FIELD.search(page).group(1)


def forget_request_user():
    """Tests share one app context with the requests, and Flask-Login and Flask-WTF cache the
    signed-in user and the CSRF token on it: a new request must not inherit the previous one's."""
    from flask import g

    g.pop("_login_user", None)
    g.pop("csrf_token", None)


def sign_in_with_csrf(client, user):
    forget_request_user()
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302, "login with a CSRF token failed"
