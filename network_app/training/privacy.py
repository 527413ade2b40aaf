"""The training requests' contact people as personal data: what is stored about one (the access
request), erasing it, and the retention rule.

A contact person is named by the address they gave, not by an account: the public form needs
none. Their data is every request that gives that address (name, e-mail, phone), and the mails
the outbox holds for it. The training and its figures stay when the contact is erased.
"""

from datetime import timedelta

import sqlalchemy as sa

from network_app import json_values
from network_app.extensions import db
from network_app.notifications.models import MessageKind, OutboxMessage
from network_app.training.models import TrainingRequest, TrainingStatus

CONTACT_COLUMNS = ("contact_name", "contact_email", "contact_phone")
SECRET_COLUMNS = frozenset({"confirmation_hash"})
TRAINING_KINDS = (
    MessageKind.TRAINING_CONFIRM_REQUEST,
    MessageKind.TRAINING_SCHEDULED,
    MessageKind.TRAINING_CANCELLED,
)


def _same_contact(training):
    """The requests that give the same contact address (compared without case)."""
    if not training.contact_email:
        return [training]
    return db.session.scalars(
        sa.select(TrainingRequest)
        .where(sa.func.lower(TrainingRequest.contact_email) == training.contact_email.lower())
        .order_by(TrainingRequest.id)
    ).all()


def _row(model):
    table = model.__table__
    return {
        column.name: json_values.encode(getattr(model, column.key))
        for column in table.columns
        if column.name not in SECRET_COLUMNS
    }


def contact_data(training, *, now):
    """Everything stored about the request's contact person, as a JSON-ready dict."""
    requests = _same_contact(training)
    messages = []
    if training.contact_email:
        messages = db.session.scalars(
            sa.select(OutboxMessage)
            .where(
                sa.func.lower(OutboxMessage.recipient_address) == training.contact_email.lower(),
                OutboxMessage.kind.in_(TRAINING_KINDS),
            )
            .order_by(OutboxMessage.id)
        ).all()
    return {
        "exported_at": now.isoformat(),
        "training_requests": [_row(r) for r in requests],
        "outbox_messages": [
            {
                key: json_values.encode(getattr(m, key))
                for key in ("id", "kind", "recipient_address", "subject", "text_body", "status")
            }
            | {"created_at": json_values.encode(m.created_at)}
            for m in messages
        ],
    }


def erase_contact(training, *, now):
    """Remove the contact person's name, address and phone from every request that gives the
    address, and the mails to it; returns the ids of the requests changed."""
    requests = _same_contact(training)
    address = training.contact_email
    if address:
        db.session.execute(
            sa.delete(OutboxMessage).where(
                sa.func.lower(OutboxMessage.recipient_address) == address.lower(),
                OutboxMessage.kind.in_(TRAINING_KINDS),
            )
        )
    changed = []
    for request in requests:
        if request.contact_erased_at is None:
            for column in CONTACT_COLUMNS:
                setattr(request, column, None)
            request.contact_erased_at = now
            changed.append(request.id)
    db.session.flush()
    return changed


def apply_retention(*, now, older_than_days):
    """Unconfirmed requests whose link has expired are deleted (they never counted); the contact
    of a training held or cancelled more than `older_than_days` ago is erased. Returns
    (deleted, erased) counts; running it again changes nothing."""
    expired = db.session.scalars(
        sa.select(TrainingRequest.id).where(
            TrainingRequest.confirmed_at.is_(None),
            TrainingRequest.confirmation_expires_at <= now,
        )
    ).all()
    if expired:
        db.session.execute(sa.delete(TrainingRequest).where(TrainingRequest.id.in_(expired)))
    cutoff = now - timedelta(days=older_than_days)
    old = db.session.scalars(
        sa.select(TrainingRequest).where(
            TrainingRequest.status.in_((TrainingStatus.HELD, TrainingStatus.CANCELLED)),
            TrainingRequest.contact_erased_at.is_(None),
            TrainingRequest.updated_at <= cutoff,
        )
    ).all()
    for request in old:
        for column in CONTACT_COLUMNS:
            setattr(request, column, None)
        request.contact_erased_at = now
    db.session.flush()
    return len(expired), len(old)
