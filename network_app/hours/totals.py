"""The kept weekly totals of hours (models.HourWeekTotal): recounted from the entries in the
same transaction as every change of an entry or of a network's start, so that they always equal
a recount.

Writes through the ORM (the entry forms, the demo, the tests' factories) are caught at the
flush; a bulk load through Core (the benchmark's data set) calls recount itself."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from network_app.hours.models import HourEntry, HourWeekTotal, counts_toward_target
from network_app.networks.models import Network, Participation


def week_of_network(day, starts_on, dialect):
    """The week of the network a date falls in (0 for its first seven days), in SQL."""
    if dialect == "sqlite":
        return sa.cast((sa.func.julianday(day) - sa.func.julianday(starts_on)) / 7, sa.Integer)
    # PostgreSQL: a date minus a date is a whole number of days; // keeps the division whole.
    return (day - starts_on) // 7


def _counted(column):
    return sa.func.coalesce(sa.func.sum(sa.case((counts_toward_target(), column), else_=0)), 0)


def _recount_select(dialect, participation_ids):
    week = week_of_network(HourEntry.worked_on, Network.starts_on, dialect).label("week")
    query = (
        sa.select(
            HourEntry.participation_id,
            week,
            sa.func.max(sa.case((counts_toward_target(), HourEntry.worked_on))),
            _counted(HourEntry.minutes),
            _counted(HourEntry.minutes * HourEntry.people_present),
            sa.func.max(HourEntry.updated_at),
        )
        .join(Participation, Participation.id == HourEntry.participation_id)
        .join(Network, Network.id == Participation.network_id)
        .group_by(HourEntry.participation_id, week)
    )
    if participation_ids is not None:
        query = query.where(HourEntry.participation_id.in_(participation_ids))
    return query


def recount(connection, participation_ids=None):
    """Replace the kept totals of the participations (of all when None) by a recount of their
    entries."""
    table = HourWeekTotal.__table__
    if participation_ids is not None:
        participation_ids = sorted(participation_ids)
        if not participation_ids:
            return
        # One recount of an organisation at a time (PostgreSQL; SQLite has one writer anyway):
        # a second waits for the first to commit, then reads the entries and totals it left.
        # Without the lock, both would insert the same weeks, or the second miss the first's
        # entry. FOR NO KEY UPDATE: the key-share locks of the entries' foreign keys, which both
        # hold already, do not block it (FOR UPDATE would deadlock on them).
        connection.execute(
            sa.select(Participation.id)
            .where(Participation.id.in_(participation_ids))
            .order_by(Participation.id)
            .with_for_update(key_share=True)
        ).all()
        connection.execute(table.delete().where(table.c.participation_id.in_(participation_ids)))
    else:
        connection.execute(table.delete())
    columns = ["participation_id", "week", "worked_on", "minutes", "person_minutes", "changed_at"]
    connection.execute(
        table.insert().from_select(
            columns, _recount_select(connection.dialect.name, participation_ids)
        )
    )


def _changed_participations(session):
    """The participations whose kept totals the flush about to happen makes stale."""
    found = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, HourEntry):
            state = sa.inspect(instance)
            found.update(state.attrs.participation_id.history.deleted)
            if instance.participation_id is not None:
                found.add(instance.participation_id)
            elif instance.participation is not None:
                found.add(instance.participation)  # new: its id is known after the flush
        elif isinstance(instance, Network) and instance not in session.new:
            if sa.inspect(instance).attrs.starts_on.history.has_changes():
                found.add(instance)  # each of its participations' weeks move
    return found


@sa.event.listens_for(Session, "before_flush")
def _note_stale(session, _flush_context, _instances):
    stale = _changed_participations(session)
    if stale:
        session.info.setdefault("hour_totals_stale", set()).update(stale)


@sa.event.listens_for(Session, "after_flush")
def _recount_stale(session, _flush_context):
    stale = session.info.pop("hour_totals_stale", None)
    if not stale:
        return
    ids = {s for s in stale if isinstance(s, int)}
    ids.update(s.id for s in stale if isinstance(s, Participation))
    networks = [s.id for s in stale if isinstance(s, Network)]
    connection = session.connection()
    if networks:
        ids.update(
            connection.scalars(
                sa.select(Participation.id).where(Participation.network_id.in_(networks))
            )
        )
    recount(connection, ids)


@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_stale(session, _previous_transaction):
    session.info.pop("hour_totals_stale", None)
