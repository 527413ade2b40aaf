"""The register's rows in the database: loaded from the data file, read for choices and pages."""

import sqlalchemy as sa

from network_app.extensions import db
from network_app.register.entries import CODE_PATTERN, register
from network_app.register.models import EntryKind, RegisterEntry


def entry_values(entry):
    """The columns of a register row for one entry of the data file."""
    return {
        "code": entry.code,
        "kind": EntryKind(entry.kind),
        "name": entry.name,
        "long_name": entry.long_name,
        "county_code": entry.county.code,
        "county_name": entry.county.name,
    }


def load_register(entries=None):
    """Insert the entries the table lacks and update changed ones; returns (added, updated).

    Idempotent: run by `flask load-register` after a new data file, and by the tests."""
    entries = register().entries if entries is None else entries
    existing = {row.code: row for row in db.session.scalars(sa.select(RegisterEntry))}
    added = updated = 0
    for entry in entries:
        values = entry_values(entry)
        row = existing.get(entry.code)
        if row is None:
            db.session.add(RegisterEntry(**values))
            added += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
    db.session.flush()
    return added, updated


def get_entry(code):
    """The register's entry with this code, or None; also None, without asking the database,
    for what cannot be a code (forms pass what was submitted, and PostgreSQL refuses a NUL)."""
    if not isinstance(code, str) or not any(p.fullmatch(code) for p in CODE_PATTERN.values()):
        return None
    return db.session.get(RegisterEntry, code)


def entries(kind=None):
    """Every entry, municipalities and regions apart when a kind is given, sorted by name."""
    query = sa.select(RegisterEntry).order_by(RegisterEntry.name, RegisterEntry.code)
    if kind is not None:
        query = query.where(RegisterEntry.kind == EntryKind(kind))
    return db.session.scalars(query).all()


def counties():
    """[(county code, county name)] by code."""
    return db.session.execute(
        sa.select(RegisterEntry.county_code, RegisterEntry.county_name)
        .distinct()
        .order_by(RegisterEntry.county_code)
    ).all()
