"""Writing messages to the outbox, the leader's view of it, and each account's mail preferences.

`enqueue` is what an event calls: it renders the message in the recipient's language and adds
the row in the caller's transaction (flushed, never committed, never sent): the message exists
exactly when the change that caused it is committed. `flask send-mail` sends it later.
"""

from email.utils import make_msgid
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from network_app.extensions import db
from network_app.notifications import links
from network_app.notifications.mime import sender_address
from network_app.notifications.models import (
    OPTIONAL_KINDS,
    MailOptOut,
    MailSettings,
    MessageKind,
    MessageStatus,
    OutboxAttachment,
    OutboxMessage,
)
from network_app.notifications.rendering import LANGUAGES, render_message

DEFAULT_LANGUAGE = "sv"


class Attachment(NamedTuple):
    """A file to send with a message: `content` is bytes, `mimetype` e.g. "text/calendar"."""

    filename: str
    mimetype: str
    content: bytes


def enqueue(
    kind,
    *,
    to,
    now,
    context=None,
    template=None,
    language=None,
    user=None,
    person=None,
    attachments=(),
    dedupe_key=None,
):
    """Add a message for `to` (an address) to the outbox, rendered from
    templates/mail/<template or kind>.{subject.txt,txt,html} with `context`.

    `user`/`person` say whose address it is: the account's language (unless `language` is
    given) and its choices apply, and an optional kind gets a List-Unsubscribe link. Returns
    the message, or None when the account has turned this kind off or when `dedupe_key` is
    already in the outbox (an event run twice writes its message once)."""
    kind = MessageKind(kind)
    user_id = _account_id(user, person)
    if user_id is not None and kind in OPTIONAL_KINDS and _turned_off(user_id, kind):
        return None
    language = language or language_of(user_id)
    unsubscribe = (
        links.unsubscribe_url(user_id, kind)
        if user_id is not None and kind in OPTIONAL_KINDS
        else None
    )
    rendered = render_message(
        template or kind.value,
        language,
        {
            **(context or {}),
            "unsubscribe_url": unsubscribe,
            # The preferences page is an account's: someone without one would meet a login.
            "preferences_url": (
                links.absolute_url("notifications.preferences") if user_id is not None else None
            ),
        },
    )
    values = {
        "kind": kind,
        "recipient_address": to,
        "recipient_user_id": user_id,
        "recipient_person_id": _person_id(user, person),
        "language": language,
        "subject": rendered.subject,
        "text_body": rendered.text,
        "html_body": rendered.html,
        "unsubscribe_url": unsubscribe,
        "message_id": new_message_id(),
        "dedupe_key": dedupe_key,
        "status": MessageStatus.QUEUED,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }
    message = _insert(values)
    if message is not None:
        for attachment in attachments:
            message.attachments.append(OutboxAttachment(**Attachment(*attachment)._asdict()))
        db.session.flush()
    return message


def _insert(values):
    """The row, or None when its dedupe key exists: INSERT … ON CONFLICT DO NOTHING, so that
    neither a second run nor a concurrent one breaks the caller's transaction."""
    if values["dedupe_key"] is None:
        message = OutboxMessage(**values)
        db.session.add(message)
        db.session.flush()
        return message
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    new_id = db.session.execute(statement).scalar_one_or_none()
    return None if new_id is None else db.session.get(OutboxMessage, new_id)


def new_message_id():
    """A Message-ID made when the row is written, so that every retry carries the same one."""
    domain = sender_address(current_app.config["MAIL_SENDER"]).domain
    return make_msgid(idstring="natverk", domain=domain or "localhost")


def _account_id(user, person):
    if user is not None:
        return user.id
    if person is None:
        return None
    from network_app.auth.models import User

    return db.session.scalar(sa.select(User.id).where(User.person_id == person.id))


def _person_id(user, person):
    if person is not None:
        return person.id
    return user.person_id if user is not None else None


# Preferences


def language_of(user_id):
    """The language the account reads mail in (Swedish until it chooses)."""
    if user_id is None:
        return DEFAULT_LANGUAGE
    stored = db.session.scalar(
        sa.select(MailSettings.language).where(MailSettings.user_id == user_id)
    )
    return stored or DEFAULT_LANGUAGE


def language_for(*, user=None, person=None):
    """The language mail to this account or person is written in (an event that renders
    something of its own, such as a calendar file, asks before enqueue)."""
    return language_of(_account_id(user, person))


def _turned_off(user_id, kind):
    return (
        db.session.scalar(
            sa.select(MailOptOut.kind).where(MailOptOut.user_id == user_id, MailOptOut.kind == kind)
        )
        is not None
    )


def turned_off_kinds(user):
    return set(db.session.scalars(sa.select(MailOptOut.kind).where(MailOptOut.user_id == user.id)))


def set_preferences(user, *, language, wanted):
    """The account's mail language, and which optional kinds it receives (the rest are off)."""
    if language not in LANGUAGES:
        raise ValueError(f"no mail language {language!r}")
    settings = db.session.get(MailSettings, user.id)
    if settings is None:
        settings = MailSettings(user_id=user.id)
        db.session.add(settings)
    settings.language = language
    unwanted = OPTIONAL_KINDS - {MessageKind(kind) for kind in wanted}
    current = turned_off_kinds(user)
    for kind in unwanted - current:
        db.session.add(MailOptOut(user_id=user.id, kind=kind))
    if current - unwanted:
        db.session.execute(
            sa.delete(MailOptOut).where(
                MailOptOut.user_id == user.id, MailOptOut.kind.in_(current - unwanted)
            )
        )
    db.session.flush()


def turn_off(user_id, kind):
    """Turn one optional kind off for an account (the unsubscribe link); True when it was on."""
    kind = MessageKind(kind)
    if kind not in OPTIONAL_KINDS or _turned_off(user_id, kind):
        return False
    db.session.add(MailOptOut(user_id=user_id, kind=kind))
    db.session.flush()
    return True


def active_account(user_id):
    """The active account an unsubscribe link is for, or None."""
    from network_app.auth.models import User

    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


# The leader's outbox page


def outbox_page(*, status=None, page, per_page):
    """(messages newest first, whether there is a next page), attachments' names loaded."""
    query = sa.select(OutboxMessage).options(selectinload(OutboxMessage.attachments))
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    rows = db.session.scalars(
        query.order_by(OutboxMessage.id.desc()).offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    return rows[:per_page], len(rows) > per_page


def outbox_counts():
    """{status: number of messages}, counted in SQL."""
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(MessageStatus, 0)
    counts.update(dict(rows))
    return counts
