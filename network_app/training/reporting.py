"""What the training has reached (funded by the government since 2017): held trainings and their
participants by year, county, kind of organisation, format and organisation, summed in SQL, and
the register entries that have had neither a network nor a training."""

import functools
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


# The filters' values are bound parameters, so that each statement is built once per shape of
# filter (which of them are chosen): building the report's statements cost more than running
# them (bench.profile, the training report).
_FILTER_NAMES = ("year", "county_code", "kind", "length", "delivery")


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    county_code: str | None = None
    kind: EntryKind | None = None
    length: SeminarLength | None = None
    delivery: Delivery | None = None

    def parameters(self):
        """The chosen filters' values, by name: the values of conditions()' parameters."""
        return {
            name: getattr(self, name)
            for name in _FILTER_NAMES
            if getattr(self, name) not in (None, "")
        }

    @property
    def shape(self):
        return tuple(self.parameters())

    def conditions(self):
        return _conditions(self.shape)


def _conditions(shape):
    """The conditions on held trainings (and their register entries) of the chosen filters."""
    found = [TrainingRequest.status == TrainingStatus.HELD]
    columns = {
        "year": _year(),
        "county_code": RegisterEntry.county_code,
        "kind": RegisterEntry.kind,
        "length": TrainingRequest.length,
        "delivery": TrainingRequest.delivery,
    }
    found.extend(columns[name] == sa.bindparam(name) for name in shape)
    return found


@dataclass(frozen=True, slots=True)
class Row:
    key: object
    label: str
    trainings: int
    participants: int


def _year():
    return sa.extract("year", TrainingRequest.training_on)


def _year_row(year, n, p):
    return Row(int(year), str(int(year)), n, int(p))


def _county_row(code, name, n, p):
    return Row(code, name, n, int(p))


def _kind_row(kind, n, p):
    return Row(EntryKind(kind), str(_kind_label(kind)), n, int(p))


def _format_row(length, delivery, n, p):
    length, delivery = SeminarLength(length), Delivery(delivery)
    return Row((length, delivery), f"{length.label}, {delivery.label.lower()}", n, int(p))


def _organisation_row(code, name, county, n, p):
    return Row(code, f"{name} ({county})", n, int(p))


# The report's sums, each grouped by its columns: (group columns, order, a function making a Row
# of the group's values, the count and the sum).
def _groupings():
    year = _year()
    county = [RegisterEntry.county_code, RegisterEntry.county_name]
    length_delivery = [TrainingRequest.length, TrainingRequest.delivery]
    organisation = [RegisterEntry.code, RegisterEntry.long_name, RegisterEntry.county_name]
    return {
        "per_year": ([year], [year], _year_row),
        "per_county": (county, [RegisterEntry.county_code], _county_row),
        "per_kind": ([RegisterEntry.kind], [RegisterEntry.kind], _kind_row),
        "per_format": (length_delivery, length_delivery, _format_row),
        "per_organisation": (
            organisation,
            [RegisterEntry.long_name, RegisterEntry.code],
            _organisation_row,
        ),
    }


def _sums(columns, shape):
    return (
        sa.select(
            *columns,
            sa.func.count(TrainingRequest.id),
            sa.func.coalesce(sa.func.sum(TrainingRequest.participants), 0),
        )
        .join(RegisterEntry, RegisterEntry.code == TrainingRequest.register_code)
        .where(*_conditions(shape))
    )


@functools.cache
def _grouped_query(name, shape):
    if name == "total":
        return _sums([], shape)
    columns, order, _row = _groupings()[name]
    return _sums(columns, shape).group_by(*columns).order_by(*order)


def _totals(name, filters):
    return db.session.execute(_grouped_query(name, filters.shape), filters.parameters()).all()


def total(filters):
    trainings, participants = _totals("total", filters)[0]
    return Row(None, "", trainings, int(participants))


def _grouped(name, filters):
    make_row = _groupings()[name][2]
    return [make_row(*values) for values in _totals(name, filters)]


def by_year(filters):
    return _grouped("per_year", filters)


def by_county(filters):
    return _grouped("per_county", filters)


def by_kind(filters):
    return _grouped("per_kind", filters)


def by_format(filters):
    return _grouped("per_format", filters)


def by_organisation(filters):
    return _grouped("per_organisation", filters)


KEYS = 3  # the most columns a grouping has


def _labelled(number, keys, sort):
    """The columns of a grouping's part of _figures_query: its number, keys and sort."""
    return [
        sa.literal_column(str(number)).label("part"),
        *((keys[i] if i < len(keys) else sa.null()).label(f"key_{i}") for i in range(KEYS)),
        *((sort[i] if i < len(sort) else sa.null()).label(f"sort_{i}") for i in range(KEYS)),
    ]


@functools.cache
def _figures_query(shape):
    """Every sum of the report in one statement: UNION ALL of the groupings, each row tagged
    with its grouping's number and its group's columns as text (NULL where it has fewer), in
    each grouping's order."""
    parts = [_sums(_labelled(0, [], []), shape)]
    for number, (columns, order, _row) in enumerate(_groupings().values(), start=1):
        keys = [sa.cast(column, sa.String) for column in columns]
        sort = [sa.cast(column, sa.String) for column in order]
        parts.append(_sums(_labelled(number, keys, sort), shape).group_by(*columns))
    union = sa.union_all(*parts).subquery()
    return sa.select(union).order_by(union.c.part, *(union.c[f"sort_{i}"] for i in range(KEYS)))


def figures(filters):
    """{"total": Row, "per_year": [Row], ...}: the sums of total() and the by_... functions,
    from one statement."""
    names = list(_groupings())
    found = {name: [] for name in names}
    totals = None
    for part, *values in db.session.execute(_figures_query(filters.shape), filters.parameters()):
        keys, trainings, participants = values[:KEYS], values[-2], values[-1]
        if part == 0:
            totals = Row(None, "", trainings, int(participants))
            continue
        name = names[part - 1]
        columns, _order, make_row = _groupings()[name]
        found[name].append(make_row(*keys[: len(columns)], trainings, participants))
    return {"total": totals, **found}


def held_trainings(filters):
    """Each held training with its register entry, by date (the export's first sheet)."""
    return db.session.execute(
        sa.select(TrainingRequest, RegisterEntry)
        .join(RegisterEntry, RegisterEntry.code == TrainingRequest.register_code)
        .where(*filters.conditions())
        .order_by(TrainingRequest.training_on, TrainingRequest.id),
        filters.parameters(),
    ).all()


def years():
    """The years with a held training, and every year since the offer began."""
    found = db.session.scalars(
        sa.select(_year()).where(TrainingRequest.status == TrainingStatus.HELD).distinct()
    ).all()
    latest = max([int(y) for y in found if y is not None] + [FIRST_YEAR])
    return list(range(latest, FIRST_YEAR - 1, -1))


@dataclass(frozen=True, slots=True)
class Entry:
    """A register entry as the list of those never reached shows it."""

    code: str
    long_name: str
    kind: EntryKind
    county_name: str

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@functools.cache
def _never_reached_query():
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
    return (
        sa.select(
            RegisterEntry.code,
            RegisterEntry.long_name,
            RegisterEntry.kind,
            RegisterEntry.county_name,
        )
        .where(~trained, ~in_network, ~joint)
        .order_by(RegisterEntry.county_code, RegisterEntry.kind.desc(), RegisterEntry.name)
    )


def never_reached():
    """Register entries (Entry) with no held training and no accepted network participation (on
    their own or as a joint member of one), by county and name. One query (NOT EXISTS three
    times)."""
    return [Entry(*row) for row in db.session.execute(_never_reached_query())]


def register_size():
    return db.session.scalar(sa.select(sa.func.count()).select_from(RegisterEntry))


def _kind_label(kind):
    return KIND_LABELS[EntryKind(kind)]
