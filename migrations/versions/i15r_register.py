"""the register of municipalities and regions; organisations linked to their entry

Revision ID: i15r_register
Revises: i16_totp_encrypted
Create Date: 2026-12-01 06:20:00

Loads the 290 municipalities and 21 regions from network_app/register/data/
kommuner_och_regioner.csv, then links each existing organisation to the one entry its name and
kind match (network_app.register.entries.match_organisation: never a guess). Organisations that
match no entry, or that match an entry another organisation matches too, stay unlinked and are
reported here (printed and logged); the leader sees them on the organisations page and chooses
their entry by hand.
"""
import logging
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa

from network_app.register.entries import match_organisation, register


revision = "i15r_register"
down_revision = "i12p_approval_digest"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

organisations = sa.table(
    "organisations",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("register_code", sa.String),
)


def upgrade():
    register_table = op.create_table(
        "register",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("municipality", "region", name="kind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("long_name", sa.String(length=100), nullable=False),
        sa.Column("county_code", sa.String(length=2), nullable=False),
        sa.Column("county_name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_register")),
    )
    op.create_index(op.f("ix_register_county_code"), "register", ["county_code"], unique=False)
    # Rebuilding organisations (SQLite) comes before any row is written: see _rebuilding.
    with _rebuilding("organisations") as batch_op:
        batch_op.add_column(sa.Column("register_code", sa.String(length=4), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_organisations_register_code"), ["register_code"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_organisations_register_code_register"),
            "register",
            ["register_code"],
            ["code"],
            ondelete="RESTRICT",
        )
    op.bulk_insert(
        register_table,
        [
            {
                "code": e.code,
                "kind": e.kind.value,
                "name": e.name,
                "long_name": e.long_name,
                "county_code": e.county.code,
                "county_name": e.county.name,
            }
            for e in register().entries
        ],
    )
    link_organisations(op.get_bind())


@contextmanager
def _rebuilding(table):
    """Batch mode, which on SQLite copies the table into a new one and drops the old. Other
    tables (participations, people, accounts) refer to organisations: with foreign keys on, the
    DROP would fail on a database with data. SQLite only switches them off outside a
    transaction, so this runs before the migration writes any row, and checks that it worked."""
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        if connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise RuntimeError(
                "SQLite kept its foreign keys on (a transaction is open): run this migration "
                "on its own: flask --app wsgi db upgrade " + revision
            )
    with op.batch_alter_table(table, schema=None) as batch_op:
        yield batch_op
    if sqlite:
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if problems:
            raise RuntimeError(f"foreign keys broken by rebuilding {table}: {problems[:5]}")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def link_organisations(connection):
    """Link every organisation that matches exactly one entry no other organisation matches;
    return and report the rest as [(id, name, reason)]."""
    rows = connection.execute(
        sa.select(organisations.c.id, organisations.c.name, organisations.c.kind).order_by(
            organisations.c.id
        )
    ).all()
    by_code, unmatched = {}, []
    for organisation_id, name, kind in rows:
        entry = match_organisation(name, kind)
        if entry is None:
            unmatched.append((organisation_id, name, "no single register entry has this name"))
        else:
            by_code.setdefault(entry.code, []).append((organisation_id, name))
    for code, named in by_code.items():
        if len(named) == 1:
            connection.execute(
                organisations.update()
                .where(organisations.c.id == named[0][0])
                .values(register_code=code)
            )
        else:
            others = ", ".join(name for _id, name in named)
            unmatched += [
                (organisation_id, name, f"register entry {code} is named by: {others}")
                for organisation_id, name in named
            ]
    for organisation_id, name, reason in sorted(unmatched):
        message = f"organisation {organisation_id} {name!r} not linked to the register: {reason}"
        log.warning(message)
        print(message)
    return sorted(unmatched)


def downgrade():
    with _rebuilding("organisations") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_organisations_register_code_register"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_organisations_register_code"), type_="unique")
        batch_op.drop_column("register_code")
    op.drop_index(op.f("ix_register_county_code"), table_name="register")
    op.drop_table("register")
