"""Sending the outbox: claim a batch, send each message, record each outcome in its own commit.

Exactly once: a claim marks rows `sending` with a token in one short transaction (on PostgreSQL
`SELECT … FOR UPDATE SKIP LOCKED`, on SQLite an UPDATE whose WHERE re-checks the state under
SQLite's single write lock), so two senders never hold the same row. A sender killed after its
claim leaves the rows `sending`; once the claim is older than MAIL_CLAIM_SECONDS the next run
claims them again. A sender stops starting sends when half its claim's time is gone, so a
claim never expires under a sender that is still sending. The one window left is a kill after
the server accepted a message and before its commit: the message goes again, with the same
Message-ID, which lets the receiving side recognise it.
"""

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications.mime import build_email
from network_app.notifications.models import MessageStatus, OutboxAttachment, OutboxMessage
from network_app.notifications.transports import (
    PermanentFailure,
    ServerUnavailable,
    TemporaryFailure,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    sender: str
    batch_size: int = 50
    max_attempts: int = 10
    retry_seconds: int = 60
    max_retry_seconds: int = 6 * 3600
    claim_seconds: int = 600
    keep_days: int = 90
    pause_after_claim: float = 0.0  # a test hook: SEND_MAIL_PAUSE_AFTER_CLAIM

    @classmethod
    def from_config(cls, config):
        return cls(
            sender=config["MAIL_SENDER"],
            batch_size=config["MAIL_BATCH_SIZE"],
            max_attempts=config["MAIL_MAX_ATTEMPTS"],
            retry_seconds=config["MAIL_RETRY_SECONDS"],
            max_retry_seconds=config["MAIL_MAX_RETRY_SECONDS"],
            claim_seconds=config["MAIL_CLAIM_SECONDS"],
            keep_days=config["OUTBOX_KEEP_DAYS"],
            pause_after_claim=config["MAIL_PAUSE_AFTER_CLAIM"],
        )

    def delay_after(self, attempts):
        """Exponential back-off: retry_seconds after the first failure, doubling, capped."""
        return timedelta(
            seconds=min(self.retry_seconds * 2 ** (attempts - 1), self.max_retry_seconds)
        )


@dataclass
class Claimed:
    """A claimed message as it will be sent; built before the first commit of the batch."""

    id: int
    kind: str
    attempts: int
    address: str
    email: object = None
    error: str | None = None


@dataclass
class Outcome:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0
    purged: int = 0
    server_unavailable: bool = False
    sent_ids: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.sent or self.retrying or self.failed or self.released or self.purged)


def _claimable(now, settings):
    expired = now - timedelta(seconds=settings.claim_seconds)
    return sa.or_(
        sa.and_(OutboxMessage.status == MessageStatus.QUEUED, OutboxMessage.next_attempt_at <= now),
        sa.and_(OutboxMessage.status == MessageStatus.SENDING, OutboxMessage.claimed_at < expired),
    )


def claim(*, now, settings):
    """(token, messages): up to batch_size due messages, now held by this sender alone."""
    db.session.rollback()  # the claim is a transaction of its own, begun afresh
    token = secrets.token_hex(16)
    due = (
        sa.select(OutboxMessage.id)
        .where(_claimable(now, settings))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(settings.batch_size)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        ids = db.session.scalars(due.with_for_update(skip_locked=True)).all()
        if not ids:
            db.session.rollback()
            return token, []
        condition = OutboxMessage.id.in_(ids)
    else:
        condition = sa.and_(OutboxMessage.id.in_(due), _claimable(now, settings))
    db.session.execute(
        sa.update(OutboxMessage)
        .where(condition)
        .values(status=MessageStatus.SENDING, claim_token=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.claim_token == token)
        .options(selectinload(OutboxMessage.attachments).undefer(OutboxAttachment.content))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    ).all()
    return token, messages


def _prepare(messages, sender):
    prepared = []
    for message in messages:
        claimed = Claimed(
            message.id, message.kind.value, message.attempts, message.recipient_address
        )
        try:
            claimed.email = build_email(message, message.attachments, sender=sender)
        except Exception as error:  # noqa: BLE001 - one bad row must not stop the outbox
            claimed.error = f"build {type(error).__name__}"
        prepared.append(claimed)
    return prepared


def _record(claimed, token, **values):
    """Write one outcome, only while the claim is still this sender's; commit it alone."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == claimed.id, OutboxMessage.claim_token == token)
        .values(claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        log.warning("mail %s: the claim had been taken over when its outcome came", claimed.id)


def _sent(claimed, token, now):
    _record(
        claimed,
        token,
        status=MessageStatus.SENT,
        sent_at=now,
        attempts=claimed.attempts + 1,
        last_error=None,
    )


def _failed(claimed, token, kind):
    log.warning("mail %s (%s) failed: %s", claimed.id, claimed.kind, kind)
    _record(
        claimed, token, status=MessageStatus.FAILED, attempts=claimed.attempts + 1, last_error=kind
    )


def _retry(claimed, token, kind, now, settings):
    attempts = claimed.attempts + 1
    if attempts >= settings.max_attempts:
        _failed(claimed, token, kind)
        return False
    log.info("mail %s (%s) will be tried again: %s", claimed.id, claimed.kind, kind)
    _record(
        claimed,
        token,
        status=MessageStatus.QUEUED,
        attempts=attempts,
        next_attempt_at=now + settings.delay_after(attempts),
        claimed_at=None,
        last_error=kind,
    )
    return True


def _release(claimed, token):
    _record(claimed, token, status=MessageStatus.QUEUED, claimed_at=None)


def send_batch(transport, token, messages, *, settings, outcome, clock=utcnow):
    """Send claimed messages one by one, each outcome committed before the next send."""
    claimed_at = time.monotonic()
    prepared = _prepare(messages, settings.sender)
    for index, claimed in enumerate(prepared):
        if time.monotonic() - claimed_at > settings.claim_seconds / 2:
            for rest in prepared[index:]:
                _release(rest, token)
                outcome.released += 1
            return
        if claimed.error:
            _failed(claimed, token, claimed.error)
            outcome.failed += 1
            continue
        try:
            transport.deliver(claimed)
        except ServerUnavailable as error:
            for rest in prepared[index:]:
                counted = _retry(rest, token, error.kind, clock(), settings)
                outcome.retrying += counted
                outcome.failed += not counted
            outcome.server_unavailable = True
            return
        except TemporaryFailure as error:
            counted = _retry(claimed, token, error.kind, clock(), settings)
            outcome.retrying += counted
            outcome.failed += not counted
        except PermanentFailure as error:
            _failed(claimed, token, error.kind)
            outcome.failed += 1
        else:
            _sent(claimed, token, clock())
            outcome.sent += 1
            outcome.sent_ids.append(claimed.id)


def purge_sent(*, now, keep_days):
    """Sent messages hold names and addresses: delete them keep_days after sending."""
    result = db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status == MessageStatus.SENT,
            OutboxMessage.sent_at < now - timedelta(days=keep_days),
        )
    )
    db.session.commit()
    return result.rowcount


def run(transport, *, settings, clock=utcnow, on_claimed=None):
    """Send every due message, a batch at a time, until none is due or the server is away."""
    outcome = Outcome()
    with transport:
        while True:
            token, messages = claim(now=clock(), settings=settings)
            if not messages:
                break
            if on_claimed is not None:
                on_claimed(len(messages))
            if settings.pause_after_claim:
                time.sleep(settings.pause_after_claim)
            before = (outcome.sent, outcome.retrying, outcome.failed)
            send_batch(transport, token, messages, settings=settings, outcome=outcome, clock=clock)
            if outcome.server_unavailable or before == (
                outcome.sent,
                outcome.retrying,
                outcome.failed,
            ):
                break
    outcome.purged = purge_sent(now=clock(), keep_days=settings.keep_days)
    return outcome
