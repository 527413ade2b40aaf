"""The audit log: who did what to which object, and when; never the personal content itself."""

import logging
import unicodedata
from datetime import datetime

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, utcnow
from network_app.extensions import db

# A child of the app's logger, so its lines reach Flask's handler (the server's error log).
logger = logging.getLogger("network_app.audit")
logger.setLevel(logging.INFO)

# The actions the app records. Values are stored, so never rename one.
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an action name, not a password
INVITATION_ACCEPTED = "invitation_accepted"
TWO_FACTOR_ENABLED = "two_factor_enabled"
TWO_FACTOR_DISABLED = "two_factor_disabled"
TWO_FACTOR_FAILED = "two_factor_failed"
PASSWORD_CONFIRMATION_FAILED = "password_confirmation_failed"  # noqa: S105 - an action name
RECOVERY_CODE_USED = "recovery_code_used"
RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated"
ACCESS_DENIED = "access_denied"
EXPORT = "export"
ACCOUNT_CREATED = "account_created"
ACCOUNT_INVITED = "account_invited"
ACCOUNT_DEACTIVATED = "account_deactivated"
ACCOUNT_ACTIVATED = "account_activated"
ROLE_CHANGED = "role_changed"
ACCOUNT_CHANGED = "account_changed"
PERSON_ERASED = "person_erased"
CALENDAR_LINK_RESET = "calendar_link_reset"
PARTICIPATION_STATUS_CHANGED = "participation_status_changed"
NETWORK_CLOSED = "network_closed"
NETWORK_REOPENED = "network_reopened"
PROGRAMME_MODEL_CHANGED = "programme_model_changed"
PROGRAMME_LAID_OUT = "programme_laid_out"
GROUP_REGISTERED = "group_registered"
EVALUATION_ANSWERED = "evaluation_answered"
MATERIAL_ADDED = "material_added"
MATERIAL_REMOVED = "material_removed"
LEARNING_EXAMPLE_APPROVED = "learning_example_approved"
LEARNING_EXAMPLE_REDACTED = "learning_example_redacted"
APPROVAL_REQUESTED = "approval_requested"
LIBRARY_EXAMPLE_PUBLISHED = "library_example_published"
LIBRARY_EXAMPLE_REMOVED = "library_example_removed"
RECRUITMENT_PERIOD_SET = "recruitment_period_set"
RECRUITMENT_INVITATIONS_SENT = "recruitment_invitations_sent"
APPLICATION_SUBMITTED = "application_submitted"
APPLICATION_CONFIRMED = "application_confirmed"
APPLICATION_CALL_LOGGED = "application_call_logged"
APPLICATION_DECIDED = "application_decided"
JOINT_MEMBER_ADDED = "joint_member_added"
JOINT_MEMBER_REMOVED = "joint_member_removed"
TRAINING_REQUESTED = "training_requested"
TRAINING_STATUS_CHANGED = "training_status_changed"
TRAINING_CONTACT_ERASED = "training_contact_erased"
ASSIGNMENT_RECORDED = "assignment_recorded"
ASSIGNMENT_REPORTED = "assignment_reported"
ASSIGNMENT_CHANGED = "assignment_changed"
ASSIGNMENT_DELETED = "assignment_deleted"
COACHING_LOGGED = "coaching_logged"
COMMENT_ADDED = "comment_added"

ACTION_LABELS = {
    LOGIN: _l("Inloggning"),
    LOGIN_FAILED: _l("Misslyckad inloggning"),
    LOGOUT: _l("Utloggning"),
    PASSWORD_CHANGED: _l("Lösenord bytt"),
    INVITATION_ACCEPTED: _l("Inbjudan använd"),
    TWO_FACTOR_ENABLED: _l("Tvåstegsverifiering påslagen"),
    TWO_FACTOR_DISABLED: _l("Tvåstegsverifiering avstängd"),
    TWO_FACTOR_FAILED: _l("Fel kod i andra steget"),
    PASSWORD_CONFIRMATION_FAILED: _l("Fel lösenord vid bekräftelse"),
    RECOVERY_CODE_USED: _l("Reservkod använd"),
    RECOVERY_CODES_REGENERATED: _l("Nya reservkoder"),
    ACCESS_DENIED: _l("Nekad åtkomst"),
    EXPORT: _l("Export"),
    ACCOUNT_CREATED: _l("Konto skapat"),
    ACCOUNT_INVITED: _l("Inbjudningslänk skapad"),
    ACCOUNT_DEACTIVATED: _l("Konto avstängt"),
    ACCOUNT_ACTIVATED: _l("Konto aktiverat"),
    ROLE_CHANGED: _l("Roll ändrad"),
    ACCOUNT_CHANGED: _l("Kontouppgifter ändrade"),
    PERSON_ERASED: _l("Personuppgifter raderade"),
    CALENDAR_LINK_RESET: _l("Ny kalenderlänk"),
    PARTICIPATION_STATUS_CHANGED: _l("Deltagandets status ändrad"),
    NETWORK_CLOSED: _l("Nätverk stängt"),
    NETWORK_REOPENED: _l("Nätverk öppnat igen"),
    PROGRAMME_MODEL_CHANGED: _l("Programmodell ändrad"),
    PROGRAMME_LAID_OUT: _l("Standardprogram utlagt"),
    GROUP_REGISTERED: _l("Gruppens anmälan sparad"),
    EVALUATION_ANSWERED: _l("Utvärdering besvarad"),
    MATERIAL_ADDED: _l("Material uppladdat"),
    MATERIAL_REMOVED: _l("Material borttaget"),
    LEARNING_EXAMPLE_APPROVED: _l("Lärande exempel godkänt för publicering"),
    LEARNING_EXAMPLE_REDACTED: _l("Text dold i lärande exempel"),
    APPROVAL_REQUESTED: _l("Kontaktpersonen ombedd att godkänna lärande exempel"),
    LIBRARY_EXAMPLE_PUBLISHED: _l("Lärande exempel lagt i biblioteket"),
    LIBRARY_EXAMPLE_REMOVED: _l("Lärande exempel borttaget ur biblioteket"),
    RECRUITMENT_PERIOD_SET: _l("Ansökningsperiod ändrad"),
    RECRUITMENT_INVITATIONS_SENT: _l("Inbjudan att ansöka skickad"),
    APPLICATION_SUBMITTED: _l("Ansökan inskickad (obekräftad)"),
    APPLICATION_CONFIRMED: _l("Ansökan bekräftad"),
    APPLICATION_CALL_LOGGED: _l("Telefonmöte om ansökan antecknat"),
    APPLICATION_DECIDED: _l("Beslut om ansökan"),
    JOINT_MEMBER_ADDED: _l("Organisation tillagd i samverkan"),
    JOINT_MEMBER_REMOVED: _l("Organisation borttagen ur samverkan"),
    TRAINING_REQUESTED: _l("Utbildning önskad"),
    TRAINING_STATUS_CHANGED: _l("Utbildningens status ändrad"),
    TRAINING_CONTACT_ERASED: _l("Kontaktperson för utbildning raderad"),
    ASSIGNMENT_RECORDED: _l("Uppdrag överenskommet"),
    ASSIGNMENT_REPORTED: _l("Uppdragets status rapporterad"),
    ASSIGNMENT_CHANGED: _l("Uppdrag ändrat"),
    ASSIGNMENT_DELETED: _l("Uppdrag borttaget"),
    COACHING_LOGGED: _l("Coachning antecknad"),
    COMMENT_ADDED: _l("Kommentar skriven"),
}

DETAIL_MAX_LENGTH = 500


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target_type: Mapped[str | None] = mapped_column(sa.String(40))
    target_id: Mapped[int | None]
    detail: Mapped[str | None] = mapped_column(sa.String(DETAIL_MAX_LENGTH))
    address: Mapped[str | None] = mapped_column(sa.String(64))

    actor = relationship("User")


def escape_for_log(value):
    """One printable line: backslash, quotes and every control or separator character escaped,
    so a value typed by a user can never start a forged line of its own."""
    if value is None:
        return "-"
    out = []
    for character in str(value):
        if character in '\\"':
            out.append("\\" + character)
        elif unicodedata.category(character) in {"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"}:
            out.append(
                f"\\u{ord(character):04x}"
                if ord(character) <= 0xFFFF
                else f"\\U{ord(character):08x}"
            )
        else:
            out.append(character)
    return "".join(out)


def _actor_id():
    if not has_request_context():
        return None
    try:
        return current_user.id if current_user.is_authenticated else None
    except AttributeError:
        return None


def _address():
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:64] or None


def record(action, *, target_type=None, target_id=None, detail=None, commit=False):
    """Add an audit event to the request's transaction and write it to the log as one line.

    The view's own commit stores it; pass commit=True where the view has nothing else to commit
    (a download, a refusal). `detail` must never hold names, addresses or other personal content.
    """
    detail = None if detail is None else str(detail)[:DETAIL_MAX_LENGTH]
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=_actor_id(),
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail,
        address=_address(),
    )
    db.session.add(event)
    logger.info(format_line(event))
    if commit:
        try:
            db.session.commit()
        except SQLAlchemyError:
            # An audit row that cannot be stored must not turn the answer into a 500.
            db.session.rollback()
            logger.exception("audit event could not be stored")
    return event


def record_access_denied():
    """A 403: which endpoint, and the ids in its URL (never a token or other text from it)."""
    if not has_request_context():
        return None
    ids = {k: v for k, v in (request.view_args or {}).items() if isinstance(v, int)}
    target_type, target_id = None, None
    if ids:
        name, target_id = next(iter(ids.items()))
        target_type = name.removesuffix("_id")
    detail = " ".join(
        [request.method, request.endpoint or "-"] + [f"{k}={v}" for k, v in ids.items()]
    )
    return record(
        ACCESS_DENIED, target_type=target_type, target_id=target_id, detail=detail, commit=True
    )


def format_line(event):
    fields = {
        "action": event.action,
        "actor": event.actor_id,
        "target": f"{event.target_type}:{event.target_id}" if event.target_type else None,
        "detail": event.detail,
        "address": event.address,
    }
    return "audit " + " ".join(f'{key}="{escape_for_log(value)}"' for key, value in fields.items())


def page_of_events(*, page, per_page):
    """One page of events, newest first, with their actors; one more is fetched to know if
    another page follows."""
    rows = db.session.scalars(
        sa.select(AuditEvent)
        .options(sa.orm.selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    return rows[:per_page], len(rows) > per_page
