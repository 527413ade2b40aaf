"""backup and restore: every row of every table survives the trip, on SQLite and PostgreSQL."""

import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import flask_migrate
import pytest
import sqlalchemy as sa

from network_app import audit, create_app, json_values
from network_app.auth import services as account_services
from network_app.auth import two_factor
from network_app.auth.models import LoginFailure, RateLimitHit, Role
from network_app.extensions import db
from network_app.networks.models import Organisation, OrganisationKind
from tests import factories
from tests.conftest import _test_config
from tests.test_personal_data import _olle, _records_about


def _rows_of_every_table(engine):
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def full_world(world):
    """The world with a row in every table, and values of every kind: dates, enums, None."""
    _records_about(world, _olle(world))
    world.observer.observed_networks.append(world.network)
    account_services.start_session(world.leader, now=datetime.now(UTC), lifetime=timedelta(hours=1))
    db.session.add(LoginFailure(account_key="k" * 64, address="127.0.0.1"))
    db.session.add(RateLimitHit(bucket="invitation", key="127.0.0.1"))
    db.session.commit()
    _rows_of_the_later_features(world)
    return world


def _rows_of_the_later_features(world):
    """Meetings' feeds, hours' history, cases, approvals, checklists, two-factor codes, audit."""
    from network_app.cases import services as case_services
    from network_app.cases.checklist import ITEM_KEYS
    from network_app.cases.models import DecisionKind, ItemState
    from network_app.meetings import feeds
    from tests.test_access import _url_values

    now = datetime.now(UTC)
    _url_values(world)  # a hosted workshop, a case with a risk and a communication, an hour entry
    case = case_services.create_case(
        world.own, {"title": "Andra caset", "decision_kind": DecisionKind.VALUES}
    )
    case_services.add_journal_entry(
        case, written_on=date(2026, 3, 2), text="Anteckning", author=world.participant
    )
    checklist = case_services.checklist_for(world.own)
    case_services.update_checklist(
        checklist, {}, {ITEM_KEYS[0]: (ItemState.DONE, "Klart")}, expected_version=0
    )
    case_services.approve_learning_example(world.own, world.participant, "0" * 64)
    case_services.add_redactions(world.own, ["Kalle Reporter"], world.participant)
    case_services.publish_in_library(world.own, world.leader)
    feeds.reset(world.participant, now=now)
    two_factor.replace_recovery_codes(world.leader, now=now)
    audit.record(audit.EXPORT, target_type="network", target_id=world.network.id, detail="csv")
    _rows_of_the_outbox(world, now)
    _rows_of_recruitment(world, now)
    db.session.commit()


def _rows_of_recruitment(world, now):
    """A register entry, a joint member, an application with a proposed member, a telephone
    follow-up and a decision."""
    from network_app.recruitment.models import (
        Application,
        DecisionState,
        FollowUpCall,
        MemberRole,
        Outcome,
        ProposedMember,
        SelectionDecision,
    )
    from tests import factories

    factories.register_entry("0862")
    from network_app.networks import services as network_services

    network_services.add_joint_member(
        world.own, factories.make_organisation("Grannby kommun"), now=now
    )
    db.session.add(
        Application(
            network=world.network,
            register_code="0862",
            participation=world.own,
            contact_name="Lina Sökande",
            contact_email="lina@example.se",
            decision_state=DecisionState.PLANNED,
            decision_body="Kommunstyrelsen",
            decision_date=date(2026, 12, 10),
            token_hash="a" * 64,
            token_expires_at=now + timedelta(hours=72),
            submitted_at=now,
            confirmed_at=now,
            members=[
                ProposedMember(name="Per", title="Kommunalråd", role=MemberRole.ELECTED_OFFICIAL)
            ],
        )
    )
    db.session.add(
        FollowUpCall(
            participation_id=world.own.id,
            held_on=date(2026, 12, 2),
            with_whom="Lina Sökande",
            notes="Bra samtal",
            logged_by_id=world.leader.id,
        )
    )
    db.session.add(
        SelectionDecision(
            participation_id=world.own.id,
            outcome=Outcome.ACCEPTED,
            reason="Bra ansökan",
            decided_by_id=world.leader.id,
            mailed=True,
        )
    )


def _rows_of_the_outbox(world, now):
    """A message with an attachment, an account's mail language and a kind turned off."""
    from network_app.notifications import services as mail

    mail.enqueue(
        "generic",
        to=world.participant.email,
        user=world.participant,
        now=now,
        context={"subject": "Ämne", "text": "Text"},
        attachments=[mail.Attachment("mote.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n")],
        dedupe_key="backup-test",
    )
    mail.set_preferences(world.participant, language="en", wanted=[])


@pytest.fixture
def migrated_target(backend, empty_database):
    """An app on a fresh database built by the migrations, as an operator would restore into."""
    target = create_app(_test_config(empty_database(backend, "restore")))
    with target.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    yield target
    with target.app_context():
        db.engine.dispose()


def _invoke(target, *args):
    """The CLI of another app: its context must be the current one, or Flask reuses the test's."""
    with target.app_context():
        result = target.test_cli_runner().invoke(args=list(args))
        db.session.remove()
        db.engine.dispose()
    return result


def _backup(runner, tmp_path):
    path = tmp_path / "backup.zip"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_backup_and_restore_round_trip_every_row(
    app, runner, full_world, migrated_target, tmp_path
):
    source_rows = _rows_of_every_table(db.engine)
    assert all(source_rows.values()), [name for name, rows in source_rows.items() if not rows]
    path = _backup(runner, tmp_path)
    assert "Backed up" in runner.invoke(args=["backup", str(path)]).output

    result = _invoke(migrated_target, "restore", str(path))

    assert result.exit_code == 0, result.output
    assert f"Restored {sum(map(len, source_rows.values()))} rows" in result.output
    with migrated_target.app_context():
        assert _rows_of_every_table(db.engine) == source_rows
        # The id sequences moved past the restored ids, so new rows get new ids (PostgreSQL).
        organisation = Organisation(name="Ny kommun", kind=OrganisationKind.MUNICIPALITY)
        db.session.add(organisation)
        db.session.commit()
        assert organisation.id > max(row[0] for row in source_rows["organisations"])
        db.session.remove()


def test_restore_refuses_a_database_with_data(app, runner, full_world, tmp_path):
    path = _backup(runner, tmp_path)
    before = _rows_of_every_table(db.engine)
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert "not empty" in result.output and "has rows" in result.output
    assert _rows_of_every_table(db.engine) == before


def test_restore_refuses_a_database_without_the_schema(
    app, runner, full_world, backend, empty_database, tmp_path
):
    path = _backup(runner, tmp_path)
    bare = create_app(_test_config(empty_database(backend, "bare")))
    result = _invoke(bare, "restore", str(path))
    assert result.exit_code != 0 and "db upgrade" in result.output


def test_restore_refuses_a_backup_of_another_schema_revision(
    app, runner, full_world, migrated_target, tmp_path
):
    path = _backup(runner, tmp_path)
    with zipfile.ZipFile(path) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(entries["manifest.json"])
    manifest["revision"] = "0123456789ab"
    entries["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    result = _invoke(migrated_target, "restore", str(path))
    assert result.exit_code != 0 and "revision 0123456789ab" in result.output


def test_restore_refuses_a_file_that_is_not_a_backup(runner, world, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "not a readable backup" in result.output


@pytest.mark.parametrize(
    ("value", "column_type"),
    [
        (date(2026, 3, 1), sa.Date()),
        (datetime(2026, 3, 1, 8, 30, tzinfo=UTC), sa.DateTime(timezone=True)),
        (Decimal("12.50"), sa.Numeric(10, 2)),
        (Role.OBSERVER, sa.Enum(Role)),
        (b"\x00\xffbytes", sa.LargeBinary()),
        (timedelta(minutes=90), sa.Interval()),
        (None, sa.Date()),
        ("text", sa.String()),
    ],
)
def test_column_values_round_trip_through_json(value, column_type):
    encoded = json.loads(json.dumps(json_values.encode(value)))
    assert json_values.decode(encoded, column_type) == value


def test_a_restored_account_can_still_log_in(app, runner, world, migrated_target, tmp_path):
    path = _backup(runner, tmp_path)
    assert _invoke(migrated_target, "restore", str(path)).exit_code == 0
    client = migrated_target.test_client()
    response = client.post(
        "/login", data={"email": world.leader.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302 and client.get("/").status_code == 200
    with migrated_target.app_context():
        db.session.remove()
