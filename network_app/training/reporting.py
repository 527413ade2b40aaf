"""What the training has reached (funded by the government since 2017): held trainings and their
participants by year, county, kind of organisation, format and organisation, summed in SQL, and
the register entries that have had neither a network nor a training."""

from dataclasses import dataclass

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import (
    JointMember,
    Organisation,
    Participation,
    ParticipationStatus,
)
from network_app.register.models import KIND_LABELS, EntryKind, RegisterEntry
from network_app.training.models import Delivery, SeminarLength, TrainingRequest, TrainingStatus

FIRST_YEAR = 2017  # the offer has run with the government's support since 2017


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    county_code: str | None = None
    kind: EntryKind | None = None
    length: SeminarLength | None = None
    delivery: Delivery | None = None

    def conditions(self):
        found = [TrainingRequest.status == TrainingStatus.HELD]
        if self.year is not None:
            found.append(_year() == self.year)
        if self.county_code:
            found.append(RegisterEntry.county_code == self.county_code)
        if self.kind is not None:
            found.append(RegisterEntry.kind == self.kind)
        if self.length is not None:
            found.append(TrainingRequest.length == self.length)
        if self.delivery is not None:
            found.append(TrainingRequest.delivery == self.delivery)
        return found


@dataclass(frozen=True)
class Row:
    key: object
    label: str
    trainings: int
    participants: int


def _year():
    return sa.extract("year", TrainingRequest.training_on)


def _totals(columns, filters, group_by, order_by):
    query = (
        sa.select(
            *columns,
            sa.func.count(TrainingRequest.id),
            sa.func.coalesce(sa.func.sum(TrainingRequest.participants), 0),
        )
        .join(RegisterEntry, RegisterEntry.code == TrainingRequest.register_code)
        .where(*filters.conditions())
    )
    if group_by:
        query = query.group_by(*group_by).order_by(*order_by)
    return db.session.execute(query).all()


def total(filters):
    trainings, participants = _totals([], filters, None, None)[0]
    return Row(None, "", trainings, int(participants))


def by_year(filters):
    year = _year().label("year")
    rows = _totals([year], filters, [year], [year])
    return [Row(int(y), str(int(y)), n, int(p)) for y, n, p in rows]


def by_county(filters):
    columns = [RegisterEntry.county_code, RegisterEntry.county_name]
    rows = _totals(columns, filters, columns, [RegisterEntry.county_code])
    return [Row(code, name, n, int(p)) for code, name, n, p in rows]


def by_kind(filters):
    rows = _totals([RegisterEntry.kind], filters, [RegisterEntry.kind], [RegisterEntry.kind])
    return [Row(EntryKind(k), str(_kind_label(k)), n, int(p)) for k, n, p in rows]


def by_format(filters):
    columns = [TrainingRequest.length, TrainingRequest.delivery]
    rows = _totals(columns, filters, columns, columns)
    return [
        Row(
            (SeminarLength(length), Delivery(delivery)),
            f"{SeminarLength(length).label}, {Delivery(delivery).label.lower()}",
            n,
            int(p),
        )
        for length, delivery, n, p in rows
    ]


def by_organisation(filters):
    columns = [RegisterEntry.code, RegisterEntry.long_name, RegisterEntry.county_name]
    rows = _totals(columns, filters, columns, [RegisterEntry.long_name, RegisterEntry.code])
    return [Row(code, f"{name} ({county})", n, int(p)) for code, name, county, n, p in rows]


def held_trainings(filters):
    """Each held training with its register entry, by date (the export's first sheet)."""
    return db.session.execute(
        sa.select(TrainingRequest, RegisterEntry)
        .join(RegisterEntry, RegisterEntry.code == TrainingRequest.register_code)
        .where(*filters.conditions())
        .order_by(TrainingRequest.training_on, TrainingRequest.id)
    ).all()


def years():
    """The years with a held training, and every year since the offer began."""
    found = db.session.scalars(
        sa.select(_year()).where(TrainingRequest.status == TrainingStatus.HELD).distinct()
    ).all()
    latest = max([int(y) for y in found if y is not None] + [FIRST_YEAR])
    return list(range(latest, FIRST_YEAR - 1, -1))


def never_reached():
    """Register entries with no held training and no accepted network participation (on their
    own or as a joint member of one), by county and name. One query (NOT EXISTS three times)."""
    trained = sa.exists().where(
        TrainingRequest.register_code == RegisterEntry.code,
        TrainingRequest.status == TrainingStatus.HELD,
    )
    in_network = sa.exists().where(
        Organisation.register_code == RegisterEntry.code,
        Participation.organisation_id == Organisation.id,
        Participation.status == ParticipationStatus.ACCEPTED,
    )
    joint = sa.exists().where(
        Organisation.register_code == RegisterEntry.code,
        JointMember.organisation_id == Organisation.id,
        Participation.id == JointMember.participation_id,
        Participation.status == ParticipationStatus.ACCEPTED,
    )
    return db.session.scalars(
        sa.select(RegisterEntry)
        .where(~trained, ~in_network, ~joint)
        .order_by(RegisterEntry.county_code, RegisterEntry.kind.desc(), RegisterEntry.name)
    ).all()


def register_size():
    return db.session.scalar(sa.select(sa.func.count()).select_from(RegisterEntry))


def _kind_label(kind):
    return KIND_LABELS[EntryKind(kind)]
