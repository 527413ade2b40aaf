"""The audit log: what is recorded, what never is, the log line, and the leader's page."""

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app import audit
from network_app.audit import AuditEvent, escape_for_log
from network_app.db_types import utcnow
from network_app.extensions import db
from tests import factories
from tests.conftest import PROJECT_ROOT


def events(action=None):
    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


# The log line


@pytest.mark.parametrize(
    "value",
    [
        'x\r\naudit action="login" actor="1"',
        "x\nforged",
        "x\rforged",
        "x\x85forged",  # NEL
        "x\u2028forged",  # line separator
        "x\u2029forged",
        "x\x1b[2Jforged",  # a terminal escape
        "x\x00forged",
        'x" actor="1',
        "x\\nforged",
    ],
)
def test_escaped_values_stay_on_one_line_and_cannot_close_a_field(value):
    escaped = escape_for_log(value)
    assert len(escaped.splitlines()) == 1
    assert all(ch.isprintable() for ch in escaped)
    assert '"' not in escaped.replace('\\"', "")
    assert escaped.startswith("x") and "forged" in escaped or "actor" in escaped


def test_escaping_keeps_ordinary_swedish_text_readable():
    assert escape_for_log("Åsa i Örnsköldsvik") == "Åsa i Örnsköldsvik"


def test_a_forged_line_in_a_value_cannot_start_a_log_line(app, caplog):
    forged = 'export\r\naudit action="login" actor="1" detail="-"\n'
    with caplog.at_level(logging.INFO, logger="network_app.audit"):
        with app.test_request_context("/"):
            audit.record(audit.EXPORT, target_type="network", target_id=1, detail=forged)
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 1
    line = lines[0]
    assert "\n" not in line and "\r" not in line
    assert line.count('action="') == 1
    assert line.startswith('audit action="export" ')
    db.session.rollback()


def test_the_detail_is_cut_to_its_column(app):
    with app.test_request_context("/"):
        event = audit.record(audit.EXPORT, detail="x" * 5000, commit=True)
    assert len(event.detail) == audit.DETAIL_MAX_LENGTH


# What is recorded


def test_login_and_logout_are_recorded_with_the_actor(client, auth, world):
    auth.login(world.participant)
    auth.logout()
    login, logout = events(audit.LOGIN)[0], events(audit.LOGOUT)[0]
    assert login.actor_id == world.participant.id and login.target_id == world.participant.id
    assert logout.actor_id == world.participant.id
    assert login.address == "127.0.0.1"


def test_failed_login_is_recorded_without_the_typed_address(client, world, caplog):
    typed = "Hemlig.Person@andra.example"
    with caplog.at_level(logging.INFO, logger="network_app.audit"):
        client.post("/login", data={"email": typed, "password": "fel-lösenord"})
    (failed,) = events(audit.LOGIN_FAILED)
    assert failed.actor_id is None
    key, device = failed.detail.split(" ")
    assert key.startswith("account=") and len(key) == len("account=") + 64
    assert device == "device=unknown"
    stored = " ".join(str(getattr(failed, c.key)) for c in AuditEvent.__table__.columns)
    assert "hemlig" not in stored.lower() and "andra.example" not in stored
    assert "hemlig" not in caplog.text.lower()


def test_a_failed_login_names_the_account_tried_by_its_id(client, world):
    client.post("/login", data={"email": world.leader.email, "password": "fel-lösenord"})
    client.post("/login", data={"email": "ingen@example.se", "password": "fel-lösenord"})
    existing, unknown = events(audit.LOGIN_FAILED)
    assert (existing.target_type, existing.target_id) == ("user", world.leader.id)
    assert (unknown.target_type, unknown.target_id) == (None, None)


def test_the_same_address_gives_the_same_key_whatever_its_case(client, world):
    for typed in ("Nobody@Example.se", "nobody@example.se "):
        client.post("/login", data={"email": typed, "password": "fel-lösenord"})
    first, second = events(audit.LOGIN_FAILED)
    assert first.detail == second.detail


def test_throttled_logins_are_recorded(app, client, world):
    for _ in range(app.config["LOGIN_THROTTLE_PER_ACCOUNT"] + 1):
        client.post("/login", data={"email": world.participant.email, "password": "fel"})
    assert events(audit.LOGIN_FAILED)[-1].detail.startswith("throttled account=")


def test_refused_access_is_recorded_with_endpoint_and_ids(client, auth, world):
    auth.login(world.other_participant)
    response = client.get(f"/participations/{world.own.id}/members/new")
    assert response.status_code == 403
    (denied,) = events(audit.ACCESS_DENIED)
    assert denied.actor_id == world.other_participant.id
    assert (denied.target_type, denied.target_id) == ("participation", world.own.id)
    assert denied.detail == f"GET groups.add_member participation_id={world.own.id}"


def test_refused_post_is_recorded_and_changes_nothing(client, auth, world):
    auth.login(world.observer)
    response = client.post(f"/networks/{world.network.id}/closed", data={"closed": "1"})
    assert response.status_code == 403
    assert events(audit.ACCESS_DENIED)[0].detail.startswith("POST networks.set_closed")
    db.session.expire_all()
    assert world.network.closed_at is None


def test_account_changes_are_recorded(client, auth, world):
    auth.login(world.leader)
    client.post(
        "/accounts/new",
        data={"name": "Ny Person", "email": "ny@example.se", "role": "leader"},
    )
    created = events(audit.ACCOUNT_CREATED)[0]
    assert created.detail == "role=leader" and created.actor_id == world.leader.id
    assert events(audit.ACCOUNT_INVITED)[0].target_id == created.target_id
    client.post(f"/accounts/{world.participant.id}/invitation")
    assert events(audit.ACCOUNT_INVITED)[-1].target_id == world.participant.id
    client.post(f"/accounts/{world.participant.id}/active", data={"active": "0"})
    client.post(f"/accounts/{world.participant.id}/active", data={"active": "1"})
    assert events(audit.ACCOUNT_DEACTIVATED)[0].target_id == world.participant.id
    assert events(audit.ACCOUNT_ACTIVATED)[0].target_id == world.participant.id
    for event in events():
        assert "Ny Person" not in (event.detail or "") and "ny@example" not in (event.detail or "")


def test_inviting_a_group_member_records_the_new_account(client, auth, world):
    auth.login(world.leader)
    member = world.own.members[0]
    client.post(f"/participations/{world.own.id}/members/{member.id}/account")
    created = events(audit.ACCOUNT_CREATED)[0]
    assert created.detail == "role=participant"


def test_an_export_is_recorded_by_one_call(app, client, auth, world):
    auth.login(world.participant)
    with app.test_request_context("/"):
        from flask_login import login_user

        login_user(world.participant)
        audit.record(
            audit.EXPORT,
            target_type="network",
            target_id=world.network.id,
            detail="ics",
            commit=True,
        )
    db.session.rollback()
    (export,) = events(audit.EXPORT)
    assert export.actor_id == world.participant.id and export.detail == "ics"


# The leader's page


def add_events(count, actor=None):
    start = utcnow() - timedelta(days=1)
    db.session.add_all(
        AuditEvent(
            occurred_at=start + timedelta(seconds=i),
            action=audit.LOGIN_FAILED,
            actor_id=actor.id if actor else None,
            detail=f"event {i}",
        )
        for i in range(count)
    )
    db.session.commit()


def test_audit_log_page_is_paginated_newest_first(client, auth, world):
    add_events(120)
    auth.login(world.leader)
    first = client.get("/audit").get_data(as_text=True)
    assert first.count("<tr>") == 51  # the header row and 50 events
    # The leader's login is the newest event, then the added ones from the latest down.
    assert "event 119<" in first and "event 71<" in first and "event 70<" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/audit?page=3").get_data(as_text=True)
    assert 'rel="next"' not in last and "event 0<" in last
    assert client.get("/audit?page=0").status_code == 404
    assert client.get("/audit?page=99999999").status_code == 404
    assert client.get("/audit?page=x").status_code == 200


def test_audit_log_page_makes_the_same_number_of_queries_at_any_size(
    client, auth, world, count_queries
):
    auth.login(world.leader)
    add_events(1, world.observer)
    with count_queries() as small:
        client.get("/audit")
    add_events(300, world.participant)
    with count_queries() as large:
        client.get("/audit")
    assert large.count == small.count


def test_only_the_leader_sees_the_audit_log(client, auth, world):
    auth.login(world.observer)
    assert client.get("/audit").status_code == 403


def test_the_audit_page_shows_no_typed_address(client, auth, world):
    client.post("/login", data={"email": "hemlig.person@andra.example", "password": "fel"})
    auth.login(world.leader)
    page = client.get("/audit").get_data(as_text=True)
    assert "hemlig" not in page.lower()
    assert factories.PASSWORD not in page


def test_audit_lines_reach_the_servers_error_log(tmp_path):
    """In a fresh process, as under gunicorn (no logging set up by pytest): one line on stderr."""
    import os
    import subprocess
    import sys

    script = (
        "from network_app import create_app, audit\n"
        "app = create_app({'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        "with app.test_request_context('/'):\n"
        "    audit.record(audit.EXPORT, target_type='network', target_id=7,\n"
        "                 detail='ics\\nforged')\n"
    )
    env = dict(os.environ, INSTANCE_PATH=str(tmp_path))
    env.pop("APP_ENV", None)
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "audit action=" in line]
    assert len(lines) == 1
    assert 'action="export"' in lines[0] and 'detail="ics\\u000aforged"' in lines[0]


# Changes that the log missed (issue 16, point 5)


def _only_event(action):
    found = events(action)
    assert len(found) == 1, [e.action for e in events()]
    return found[0]


def _no_names_in(event, *names):
    line = audit.format_line(event)
    assert not any(name in line for name in names), line


def test_erasing_a_person_is_recorded(client, auth, world):
    person = world.own.members[0].person
    name, email = person.name, person.email
    auth.login(world.leader)
    client.post(f"/people/{person.id}/erase", data={})  # not confirmed: nothing recorded
    assert events(audit.PERSON_ERASED) == []
    response = client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    assert response.status_code == 302
    event = _only_event(audit.PERSON_ERASED)
    assert (event.actor_id, event.target_type, event.target_id) == (
        world.leader.id,
        "person",
        person.id,
    )
    _no_names_in(event, name, email)


def test_the_retention_command_records_each_person_it_erases(app, runner, world):
    world.network.closed_at = utcnow() - timedelta(days=800)
    people = sorted(member.person.id for p in (world.own, world.other) for member in p.members)
    db.session.commit()
    result = runner.invoke(args=["anonymise-closed-networks"])
    assert result.exit_code == 0, result.output
    recorded = events(audit.PERSON_ERASED)
    assert sorted(e.target_id for e in recorded) == people
    assert {(e.actor_id, e.detail) for e in recorded} == {(None, "retention")}
    runner.invoke(args=["anonymise-closed-networks"])
    assert len(events(audit.PERSON_ERASED)) == len(people)  # nothing erased twice


def test_a_new_calendar_link_is_recorded(client, auth, world):
    auth.login(world.participant)
    client.post("/calendar/link")
    client.post("/calendar/link")
    recorded = events(audit.CALENDAR_LINK_RESET)
    assert [(e.actor_id, e.target_type, e.target_id) for e in recorded] == [
        (world.participant.id, "user", world.participant.id)
    ] * 2


def test_a_change_of_participation_status_is_recorded(client, auth, world):
    applied = factories.make_participation(
        world.network,
        factories.make_organisation("Sökande kommun"),
        status=factories.ParticipationStatus.APPLIED,
    )
    db.session.commit()
    auth.login(world.leader)
    client.post(f"/participations/{world.other.id}/status", data={"status": "withdrawn"})
    client.post(
        f"/participations/{applied.id}/accept",
        data={
            "decision_body": "KS",
            "decision_date": "2026-01-15",
            "decision_reference": "KS 2026/1",
        },
    )
    client.post(f"/participations/{applied.id}/status", data={"status": "nonsense"})
    recorded = events(audit.PARTICIPATION_STATUS_CHANGED)
    assert [(e.target_id, e.detail) for e in recorded] == [
        (world.other.id, "accepted->withdrawn"),
        (applied.id, "applied->accepted"),
    ]
    assert {e.actor_id for e in recorded} == {world.leader.id}


def test_closing_and_reopening_a_network_is_recorded(client, auth, world):
    auth.login(world.leader)
    client.post(f"/networks/{world.network.id}/closed", data={"closed": "1"})
    client.post(f"/networks/{world.network.id}/closed", data={"closed": "0"})
    recorded = [
        (e.action, e.target_type, e.target_id)
        for e in events()
        if e.action in (audit.NETWORK_CLOSED, audit.NETWORK_REOPENED)
    ]
    assert recorded == [
        (audit.NETWORK_CLOSED, "network", world.network.id),
        (audit.NETWORK_REOPENED, "network", world.network.id),
    ]


def test_every_action_has_a_label_on_the_leaders_page():
    actions = {
        value
        for name, value in vars(audit).items()
        if name.isupper() and isinstance(value, str) and name not in {"DETAIL_MAX_LENGTH"}
    }
    assert actions <= set(audit.ACTION_LABELS)
