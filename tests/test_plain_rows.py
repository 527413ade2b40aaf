"""network_app.plain_rows: a statement of columns run on the session's connection gives the rows
the ORM gives, in the same transaction, and sees what the session has pending as an autoflush
would (and, as the ORM, not inside no_autoflush)."""

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import Organisation, OrganisationKind
from network_app.plain_rows import plain_rows
from tests.factories import make_organisation


def _names():
    return sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)


def test_the_rows_are_those_the_orm_gives(app):
    make_organisation("Borlänge kommun")
    make_organisation("Arboga kommun")
    assert plain_rows(_names()).all() == db.session.execute(_names()).all()
    assert [name for _id, name in plain_rows(_names())] == ["Arboga kommun", "Borlänge kommun"]


def test_bound_parameters_are_passed(app):
    make_organisation("Arboga kommun")
    make_organisation("Borlänge kommun")
    statement = sa.select(Organisation.name).where(Organisation.name == sa.bindparam("name"))
    assert plain_rows(statement, {"name": "Borlänge kommun"}).scalars().all() == ["Borlänge kommun"]


def test_what_is_pending_is_flushed_first(app):
    db.session.add(Organisation(name="Ludvika kommun", kind=OrganisationKind.MUNICIPALITY))
    assert [name for _id, name in plain_rows(_names())] == ["Ludvika kommun"]


def test_nothing_is_flushed_inside_no_autoflush(app):
    with db.session.no_autoflush:
        db.session.add(Organisation(name="Ludvika kommun", kind=OrganisationKind.MUNICIPALITY))
        assert plain_rows(_names()).all() == []
    assert [name for _id, name in plain_rows(_names())] == ["Ludvika kommun"]


def test_it_reads_in_the_session_transaction(app):
    make_organisation("Arboga kommun")  # flushed, not committed
    db.session.rollback()
    assert plain_rows(_names()).all() == []
