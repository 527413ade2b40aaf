"""Migration i15r_register on a copy of the demo database: the register loaded, organisations
linked to their entries, and what cannot be matched reported and left unlinked."""

from datetime import date

import flask_migrate
import sqlalchemy as sa

from network_app import create_app
from network_app.demo import DEMO_ORGANISATIONS, seed_demo
from network_app.extensions import db
from network_app.register.entries import match_organisation
from tests.conftest import _test_config
from tests.register.test_data import COUNTY_CODES

PREVIOUS = "i12p_approval_digest"

# Organisations typed in before the register, added at the previous revision.
LEGACY = [
    ("Malmö", "municipality"),  # Malmö stad under another spelling: a duplicate
    ("Skåne län", "region"),  # a county, not an organisation
    ("Gotlands kommun", "municipality"),  # the municipality 0980 (the region is 09)
    ("Regoin Dalarna", "region"),  # a typo
]


def test_upgrade_of_the_demo_database_links_its_organisations(backend, empty_database, capsys):
    app = create_app(_test_config(empty_database(backend, "register_migration")))
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(date(2026, 12, 1))
        db.session.commit()
        flask_migrate.downgrade(revision=PREVIOUS)
        with db.engine.begin() as connection:
            for name, kind in LEGACY:
                connection.execute(
                    sa.text(
                        "INSERT INTO organisations (name, kind, created_at) "
                        "VALUES (:name, :kind, CURRENT_TIMESTAMP)"
                    ),
                    {"name": name, "kind": kind},
                )
        capsys.readouterr()
        flask_migrate.upgrade()
        report = capsys.readouterr().out
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT code, kind, county_code FROM register"))
            register = rows.all()
            linked = dict(
                connection.execute(sa.text("SELECT name, register_code FROM organisations")).all()
            )
        db.engine.dispose()

    assert len(register) == 311
    assert len({code for code, _kind, _county in register}) == 311
    assert sum(kind == "municipality" for _code, kind, _county in register) == 290
    assert sum(kind == "region" for _code, kind, _county in register) == 21
    assert sorted({county for _code, _kind, county in register}) == COUNTY_CODES

    for spec in DEMO_ORGANISATIONS:
        if spec.name == "Malmö stad":
            continue
        assert linked[spec.name] == match_organisation(spec.name, spec.kind).code
    assert linked["Gotlands kommun"] == "0980"
    assert linked["Region Gotland"] == "09"  # the demo's region, applying to next year's network
    for name in ("Umeå kommun", "Lunds kommun", "Kiruna kommun"):
        assert linked[name] is not None, name
    # Never a guess: the duplicate pair both stay unlinked, the county and the typo too.
    for name in ("Malmö stad", "Malmö", "Skåne län", "Regoin Dalarna"):
        assert linked[name] is None, name
        assert repr(name) in report
    assert "register entry 1280 is named by: Malmö stad, Malmö" in report
    assert "Göteborgs Stad" not in report


def test_load_register_command_fills_the_table_and_lists_unlinked_organisations(app, runner):
    from tests import factories

    factories.make_organisation(name="Skåne län")
    db.session.commit()
    result = runner.invoke(args=["load-register"])
    assert "311 entries added, 0 updated" in result.output
    assert "not linked to the register: 1 Skåne län" in result.output
    assert runner.invoke(args=["load-register"]).output.startswith("Register: 0 entries added")
