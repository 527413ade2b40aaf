"""Demo entries of work at home: every organisation has some, and they stand differently."""

from datetime import timedelta

import sqlalchemy as sa

from network_app.auth.models import User
from network_app.extensions import db
from network_app.hours import entries, progress
from network_app.hours.models import ActivityKind, HourEntry
from network_app.networks.models import Participation, ParticipationStatus

# By organisation name: hours relative to the even pace, or a fixed total. Emmaboda lags (behind
# pace once a couple of months have passed), Göteborg has reached the target, the rest keep pace.
PROFILES = {
    "Göteborgs Stad": ("fixed", 34 * 60),
    "Emmaboda kommun": ("share", 0.4),
    "Malmö stad": ("extra", 60),
    "Nacka kommun": ("extra", 30),
    "Bodens kommun": ("extra", 120),
    "Västra Götalandsregionen": ("extra", -60),
}
ACTIVITIES = [
    ActivityKind.GROUP_MEETING,
    ActivityKind.RISK_ANALYSIS,
    ActivityKind.GROUP_MEETING,
    ActivityKind.DOCUMENTATION,
    ActivityKind.ANCHORING,
    ActivityKind.WORKSHOP,
]
NOTES = {
    ActivityKind.GROUP_MEETING: "Gruppmöte: genomgång av läget och nästa steg.",
    ActivityKind.RISK_ANALYSIS: "Riskanalys av den politiska processen vi valt som case.",
    ActivityKind.DOCUMENTATION: "Dokumenterade rutinen för stöd till förtroendevalda.",
    ActivityKind.ANCHORING: "Förankring i kommunstyrelsens presidium.",
    ActivityKind.WORKSHOP: "Förberedde den lokala workshopen.",
}


def _total_minutes(network, name, today):
    kind, amount = PROFILES.get(name, ("extra", 0))
    expected = int(progress.expected_minutes(network, today))
    if kind == "fixed":
        total = amount
    elif kind == "share":
        total = int(expected * amount)
    else:
        # Keeping pace but short of the target, so the status stays "on track".
        total = min(expected + amount, network.target_hours_min * 60 - 15)
    return max(total // 15 * 15, 0)


def _chunks(total, count):
    """total minutes in `count` quarter-hour pieces of at most 12 hours."""
    quarters, rest = divmod(total // 15, count)
    return [15 * (quarters + (1 if i < rest else 0)) for i in range(count)]


def _entry_days(network, today, count):
    first, last = network.starts_on, max(min(today, network.ends_on), network.starts_on)
    span = (last - first).days
    return [first + timedelta(days=span * (i + 1) // (count + 1)) for i in range(count)]


def seed_hours(network, today):
    """Entries for every accepted organisation; does nothing if the network has any already."""
    exists = db.session.scalar(
        sa.select(sa.func.count(HourEntry.id))
        .join(Participation)
        .where(Participation.network_id == network.id)
    )
    if exists or today < network.starts_on:
        return
    participations = db.session.scalars(
        sa.select(Participation).where(
            Participation.network_id == network.id,
            Participation.status == ParticipationStatus.ACCEPTED,
        )
    ).all()
    for participation in participations:
        total = _total_minutes(network, participation.organisation.name, today)
        count = max(1, min(14, -(-total // 180)))  # about three hours a time
        members = list(participation.members)
        author = db.session.scalar(
            sa.select(User)
            .where(User.organisation_id == participation.organisation_id)
            .order_by(User.id)
            .limit(1)
        )
        for i, (day, minutes) in enumerate(
            zip(_entry_days(network, today, count), _chunks(total, count), strict=True)
        ):
            if minutes == 0:
                continue
            activity = ACTIVITIES[i % len(ACTIVITIES)]
            present = members[: max(1, len(members) - i % 2)]
            entries.log_entry(
                participation,
                entries.EntryValues(
                    worked_on=day,
                    minutes=min(minutes, entries.MAX_MINUTES),
                    activity=activity,
                    members=present,
                    note=NOTES[activity],
                ),
                by=author,
                today=today,
            )
