"""Column values to and from JSON, shared by the personal-data export and the backup."""

import base64
import enum
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa


def encode(value):
    """A database value as a JSON-safe value; decode() with the column's type reverses it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _base_type(column_type):
    return column_type.impl if isinstance(column_type, sa.types.TypeDecorator) else column_type


def decode(value, column_type):
    """The Python value a column of this type takes, from what encode() wrote."""
    if value is None:
        return None
    if isinstance(column_type, sa.Interval):  # a TypeDecorator itself: test before unwrapping
        return timedelta(seconds=value)
    base = _base_type(column_type)
    if isinstance(base, sa.Enum) and base.enum_class is not None:
        return base.enum_class(value)
    if isinstance(base, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(base, sa.Date):
        return date.fromisoformat(value)
    if isinstance(base, sa.Time):
        return time.fromisoformat(value)
    if isinstance(base, sa.Numeric) and not isinstance(base, sa.Float):
        return Decimal(value)
    if isinstance(base, sa.LargeBinary):
        return base64.b64decode(value)
    return value
