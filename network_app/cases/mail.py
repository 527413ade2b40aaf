"""Approval requested: the leader asks the group's contact person to review the learning example
before it is published (reports.approval). Once per content: asking again for the same text
(the same digest) writes nothing; a changed text may be asked for again."""

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import GroupMember, Person
from network_app.notifications import links
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind


def contact_people(participation):
    return db.session.scalars(
        sa.select(Person)
        .join(GroupMember, GroupMember.person_id == Person.id)
        .where(GroupMember.participation_id == participation.id, GroupMember.is_contact)
        .order_by(Person.id)
    ).all()


def request_approval(participation, digest, *, now):
    """Mail each contact person of the group (with an address) a link to the approval page;
    returns (written, contacts): how many messages were written and how many contacts there
    are (a contact who turned these off, or was asked for this text already, gets none)."""
    contacts = [person for person in contact_people(participation) if person.email]
    written = 0
    for person in contacts:
        message = outbox.enqueue(
            MessageKind.APPROVAL_REQUESTED,
            to=person.email,
            now=now,
            person=person,
            context={
                "name": person.name,
                "organisation": participation.organisation.name,
                "network": participation.network.name,
                "url": links.absolute_url("reports.approval", participation_id=participation.id),
            },
            dedupe_key=f"approval-requested:{participation.id}:{digest[:32]}:{person.id}",
        )
        written += message is not None
    return written, len(contacts)
