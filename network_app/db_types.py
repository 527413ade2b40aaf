"""Column types shared by every package's models."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored as naive UTC and read back as aware UTC on SQLite and PostgreSQL alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous: pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow():
    return datetime.now(UTC)


def one_of(column, values):
    """`column IN (values)` for a fixed list of constants (meeting kinds, checklist keys), the
    values written into the statement rather than bound: PostgreSQL's generic plan of a
    prepared statement then estimates them as a custom plan does, so it keeps that plan instead
    of planning the statement again on every run, and the statement stays short enough for
    psycopg to keep its parse (4 kB)."""
    return column.in_([sa.literal(value, column.type, literal_execute=True) for value in values])


def enum_column_type(enum_class: type[enum.Enum], length=20):
    """Store an enum's values (not its names) as a short string, portable across databases."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
