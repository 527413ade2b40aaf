"""network_app.db_types.one_of: a fixed list of constants written into the statement, which
selects the same rows as an IN of bound values."""

import sqlalchemy as sa

from network_app.db_types import one_of
from network_app.extensions import db
from network_app.networks.models import Organisation, OrganisationKind
from tests.factories import make_organisation


def _statements(count_queries, statement):
    with count_queries() as counter:
        rows = db.session.scalars(statement).all()
    return rows, counter.statements


def test_the_values_are_in_the_statement_and_select_as_a_bound_in(app, count_queries):
    make_organisation("Arboga kommun", kind=OrganisationKind.MUNICIPALITY)
    make_organisation("Region Dalarna", kind=OrganisationKind.REGION)
    kinds = (OrganisationKind.REGION,)
    written = sa.select(Organisation.name).where(one_of(Organisation.kind, kinds))
    bound = sa.select(Organisation.name).where(Organisation.kind.in_(kinds))
    rows, (statement,) = _statements(count_queries, written)
    assert rows == db.session.scalars(bound).all() == ["Region Dalarna"]
    assert "IN ('region')" in statement


def test_a_value_with_a_quote_is_written_safely(app, count_queries):
    make_organisation("O'Brien kommun")
    names = ("O'Brien kommun", "x') OR 1=1 --")
    rows, (statement,) = _statements(
        count_queries, sa.select(Organisation.name).where(one_of(Organisation.name, names))
    )
    assert rows == ["O'Brien kommun"]
    assert "'O''Brien kommun'" in statement
