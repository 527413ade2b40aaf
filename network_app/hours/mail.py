"""The group's contact person told once a month when the group is behind pace (progress.py's
status), from `flask send-reminders`. The message holds the group's own figures only."""

import sqlalchemy as sa

from network_app.extensions import db
from network_app.hours.progress import network_progress
from network_app.meetings.timing import zone_of
from network_app.networks.models import GroupMember, Network, Person
from network_app.notifications import links
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind


def _running_networks(now):
    """(network, its local date today) for every open network whose period includes today."""
    candidates = db.session.scalars(
        sa.select(Network).where(Network.closed_at.is_(None)).order_by(Network.id)
    ).all()
    running = []
    for network in candidates:
        today = now.astimezone(zone_of(network.time_zone)).date()
        if network.starts_on <= today <= network.ends_on:
            running.append((network, today))
    return running


def _contacts(participation_ids):
    """participation id -> its contact people (with an address), in one query."""
    rows = db.session.execute(
        sa.select(GroupMember.participation_id, Person)
        .join(Person, Person.id == GroupMember.person_id)
        .where(GroupMember.participation_id.in_(participation_ids), GroupMember.is_contact)
        .order_by(Person.id)
    ).all()
    contacts = {}
    for participation_id, person in rows:
        if person.email:
            contacts.setdefault(participation_id, []).append(person)
    return contacts


def behind_pace(now):
    """One message per behind group's contact person and month (the network's local month);
    returns how many were written (none on a second run in the same month)."""
    written = 0
    for network, today in _running_networks(now):
        behind = [row for row in network_progress(network, today) if row.behind]
        if not behind:
            continue
        contacts = _contacts([row.participation_id for row in behind])
        month = today.strftime("%Y-%m")
        for row in behind:
            for person in contacts.get(row.participation_id, []):
                message = outbox.enqueue(
                    MessageKind.BEHIND_PACE,
                    to=person.email,
                    now=now,
                    person=person,
                    context={
                        "name": person.name,
                        "organisation": row.organisation_name,
                        "network": network.name,
                        "progress": row,
                        "url": links.absolute_url(
                            "hours.overview", participation_id=row.participation_id
                        ),
                    },
                    dedupe_key=f"behind-pace:{row.participation_id}:{month}:{person.id}",
                )
                written += message is not None
    return written
