"""The audit log people can read: names with links, filters by person, action, kind,
organisation and period (in SQL), paging that keeps the filters, and the leader's CSV."""

import csv
import io
from datetime import UTC, date, datetime

import sqlalchemy as sa

from network_app import audit
from network_app.audit import AuditEvent
from network_app.auth import audit_log
from network_app.extensions import db
from tests.factories import PASSWORD


def _event(action, *, actor=None, target_type=None, target_id=None, detail=None, at=None):
    event = AuditEvent(
        occurred_at=at or datetime(2026, 3, 10, 12, tzinfo=UTC),
        actor_id=actor.id if actor else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
        address="127.0.0.1",
    )
    db.session.add(event)
    db.session.flush()
    return event


def _seed(world):
    """A change of the own group by the leader, a refused page view by the other participant,
    an export by the observer and a login of the own participant, on four days."""
    db.session.execute(sa.delete(AuditEvent))
    changed = _event(
        audit.PARTICIPATION_STATUS_CHANGED,
        actor=world.leader,
        target_type="participation",
        target_id=world.own.id,
        detail="accepted->withdrawn",
        at=datetime(2026, 3, 1, 9, tzinfo=UTC),
    )
    refused = _event(
        audit.ACCESS_DENIED,
        actor=world.other_participant,
        target_type="participation",
        target_id=world.own.id,
        detail=f"GET networks.participation participation_id={world.own.id}",
        at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    exported = _event(
        audit.EXPORT,
        actor=world.observer,
        target_type="network",
        target_id=world.network.id,
        detail="ics",
        at=datetime(2026, 3, 3, 9, tzinfo=UTC),
    )
    login = _event(
        audit.LOGIN,
        actor=world.participant,
        target_type="user",
        target_id=world.participant.id,
        detail="password",
        at=datetime(2026, 3, 4, 9, tzinfo=UTC),
    )
    db.session.commit()
    return changed, refused, exported, login


def _ids(**chosen):
    events, _more = audit_log.page_of_events(audit_log.LogFilter(**chosen), page=1, per_page=50)
    return [event.id for event in events]


def test_filters_by_person_action_kind_organisation_and_period(app, world):
    changed, refused, exported, login = _seed(world)
    assert _ids() == [login.id, exported.id, refused.id, changed.id]
    assert _ids(actor_id=world.observer.id) == [exported.id]
    # The account's history: its own login, and events about it.
    assert _ids(actor_id=world.participant.id) == [login.id]
    # By part of a name or an address, in any case: the accounts' events and those about them.
    assert _ids(actor_text="COACH@") == [exported.id]
    assert _ids(actor_text="egen@") == [login.id]
    assert _ids(action=audit.EXPORT) == [exported.id]
    # Changes: never a refused page view or a download.
    assert _ids(category=audit_log.CHANGES) == [changed.id]
    assert _ids(category=audit_log.REFUSALS) == [refused.id]
    # The own organisation: its group's change and the refusal about it, its account's login.
    assert _ids(organisation_id=world.own.organisation_id) == [login.id, refused.id, changed.id]
    # The other organisation: the refusal its account met.
    assert _ids(organisation_id=world.other.organisation_id) == [refused.id]
    # Period in Swedish days, both ends included.
    assert _ids(since=date(2026, 3, 2), until=date(2026, 3, 3)) == [exported.id, refused.id]
    assert _ids(since=date(2026, 3, 4)) == [login.id]
    assert _ids(until=date(2026, 3, 1)) == [changed.id]


def test_the_page_names_people_and_objects_with_links_in_words(client, auth, world):
    _seed(world)
    auth.login(world.leader)
    html = client.get("/audit", query_string={"organisation": world.own.organisation_id}).text
    assert f'href="/accounts/{world.leader.id}">Lea Ledare</a>' in html
    assert f'href="/participations/{world.own.id}">Egna kommun – ' in html
    assert "Deltagandets status ändrad" in html and "→" in html
    assert "Försökte öppna en sida" in html
    assert "GET networks.participation" not in html
    assert "user " not in html.split("<tbody>", 1)[1]


def test_the_filters_and_their_errors_on_the_page(client, auth, world):
    _seed(world)
    auth.login(world.leader)
    html = client.get("/audit", query_string={"category": "changes", "since": "2026-03-01"}).text
    body = html.split("<tbody>", 1)[1]
    assert "Deltagandets status ändrad" in body and "Inloggning" not in body
    html = client.get("/audit", query_string={"since": "första mars", "until": "2026-02-01"}).text
    assert 'class="error-summary"' in html and "ÅÅÅÅ-MM-DD" in html
    html = client.get("/audit", query_string={"since": "2026-03-05", "until": "2026-03-01"}).text
    assert "Slutdatumet måste vara samma dag som eller efter startdatumet." in html


def test_the_history_of_one_account_says_whose_it_is(client, auth, world):
    _seed(world)
    auth.login(world.leader)
    html = client.get(
        "/audit", query_string={"person": world.observer.id, "category": "exports"}
    ).text
    assert "Visar historiken för kontot" in html and world.observer.name in html
    assert 'href="/audit?category=exports">Visa alla personer</a>' in html
    assert html.split("<tbody>", 1)[1].count("<tr>") == 1
    html = client.get("/audit", query_string={"who": "coach"}).text
    assert html.split("<tbody>", 1)[1].count("<tr>") == 1


def test_paging_keeps_the_filters(client, auth, world):
    db.session.execute(sa.delete(AuditEvent))
    for number in range(60):
        _event(audit.EXPORT, actor=world.observer, detail=f"event {number}")
    db.session.commit()
    auth.login(world.leader)
    html = client.get("/audit", query_string={"action": "export"}).text
    assert 'href="/audit?page=2&amp;action=export" rel="next"' in html
    second = client.get("/audit", query_string={"action": "export", "page": 2}).text
    assert second.split("<tbody>", 1)[1].count("<tr>") == 10


def test_the_csv_has_the_filtered_events_in_words_and_no_formula(client, auth, world):
    _seed(world)
    _event(audit.EXPORT, actor=world.observer, detail='=HYPERLINK("http://x")')
    db.session.commit()
    auth.login(world.leader)
    response = client.get("/audit/export.csv", query_string={"action": "export"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Tid", "Händelse", "Vem"]
    assert len(rows) == 3 and all(row[1] == "Export" for row in rows[1:])
    assert {row[2] for row in rows[1:]} == {world.observer.name}
    assert any(row[5] == '\'=HYPERLINK("http://x")' for row in rows[1:])
    exports = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.detail == "audit_csv")
    ).all()
    assert len(exports) == 1 and exports[0].actor_id == world.leader.id


def test_only_the_leader_reads_or_downloads_the_log(app, auth, world):
    for user in (world.participant, world.observer):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert client.get("/audit").status_code == 403
        assert client.get("/audit/export.csv").status_code == 403


def test_a_broken_account_link_says_so_in_swedish(client, auth, world):
    auth.login(world.leader)
    html = client.get("/audit", query_string={"person": "abc"}).text
    assert "Länken till kontots historik är trasig." in html
    assert "Not a valid" not in html
