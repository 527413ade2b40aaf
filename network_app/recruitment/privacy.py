"""The applicants' personal data: what an application holds about the contact person and the
proposed group (and the follow-up calls' notes of who took part), its export on an access
request, its erasure, and the retention rule that purges it."""

from datetime import timedelta

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import Network, Participation, ParticipationStatus
from network_app.privacy.names import ANONYMISED_NAME
from network_app.privacy.services import ANONYMISED_DOMAIN
from network_app.recruitment.models import Application, FollowUpCall, ProposedMember


def find_applications(query):
    """Applications that name someone: the contact person's e-mail address or name, or a
    proposed member's name (an access request), case-insensitive and exact."""
    text = (query or "").strip().lower()
    if not text:
        return []
    named = sa.select(ProposedMember.application_id).where(
        sa.func.lower(ProposedMember.name) == text
    )
    return db.session.scalars(
        sa.select(Application)
        .where(
            sa.or_(
                sa.func.lower(Application.contact_email) == text,
                sa.func.lower(Application.contact_name) == text,
                Application.id.in_(named),
            )
        )
        .order_by(Application.submitted_at.desc())
    ).all()


def _calls(application):
    if application.participation_id is None:
        return []
    return db.session.scalars(
        sa.select(FollowUpCall)
        .where(FollowUpCall.participation_id == application.participation_id)
        .order_by(FollowUpCall.held_on)
    ).all()


def applicant_data(application, *, now):
    """Everything the application stores about people, as a JSON-ready document (the
    confirmation link's hash is a secret, not a fact about the person: left out)."""
    return {
        "exported_at": now.isoformat(),
        "application": {
            "id": application.id,
            "network": application.network.name,
            "organisation": application.register_entry.long_name,
            "submitted_at": application.submitted_at.isoformat(),
            "confirmed_at": application.confirmed_at.isoformat()
            if application.confirmed_at
            else None,
            "contact_person": {
                "name": application.contact_name,
                "title": application.contact_title,
                "email": application.contact_email,
                "phone": application.contact_phone,
            },
            "background": application.background,
            # Organisations, not people: listed so that the export shows the whole application.
            "partners": [p.register_entry.long_name for p in application.partners],
            "proposed_group": [
                {"name": m.name, "title": m.title, "role": m.role.value}
                for m in application.members
            ],
            "political_decision": {
                "state": application.decision_state.value,
                "body": application.decision_body,
                "date": application.decision_date.isoformat(),
                "reference": application.decision_reference,
            },
        },
        "follow_up_calls": [
            {"held_on": c.held_on.isoformat(), "with_whom": c.with_whom, "notes": c.notes}
            for c in _calls(application)
        ],
    }


def _scrub(text, words):
    for word in words:
        if word:
            text = text.replace(word, ANONYMISED_NAME)
    return text


def erase_applicant(application, *, now):
    """Remove the contact person's and the proposed members' names and contact details, and
    the calls' notes of who took part (their names replaced where the notes repeat them); the
    application, its decision and the organisation's figures stay. False if already erased."""
    if application.erased_at is not None:
        return False
    names = [application.contact_name, application.contact_email, application.contact_phone]
    names += [m.name for m in application.members]
    for call in _calls(application):
        call.with_whom = ANONYMISED_NAME
        call.notes = _scrub(call.notes, names)
    application.background = _scrub(application.background, names)
    application.contact_name = ANONYMISED_NAME
    application.contact_title = ""
    application.contact_email = f"application-{application.id}@{ANONYMISED_DOMAIN}"
    application.contact_phone = None
    for member in application.members:
        member.name = ANONYMISED_NAME
        member.title = ""
    application.erased_at = now
    db.session.flush()
    return True


def purge_applications(*, now, unconfirmed_days, declined_days, closed_days):
    """The retention rule for applications; returns (deleted, erased) counts.

    - Unconfirmed applications are junk or abandoned: deleted `unconfirmed_days` after their
      link expired.
    - A declined or withdrawn application's people: erased `declined_days` after the decision.
    - Every application of a network closed more than `closed_days` ago: erased, as the
      network's people are (anonymise-closed-networks)."""
    stale = db.session.scalars(
        sa.select(Application).where(
            Application.confirmed_at.is_(None),
            Application.token_expires_at < now - timedelta(days=unconfirmed_days),
        )
    ).all()
    for application in stale:
        db.session.delete(application)
    declined = sa.select(Participation.id).where(
        Participation.status.in_([ParticipationStatus.DECLINED, ParticipationStatus.WITHDRAWN]),
        Participation.status_changed_at < now - timedelta(days=declined_days),
    )
    closed = sa.select(Network.id).where(
        Network.closed_at.is_not(None), Network.closed_at < now - timedelta(days=closed_days)
    )
    to_erase = db.session.scalars(
        sa.select(Application).where(
            Application.erased_at.is_(None),
            Application.confirmed_at.is_not(None),
            sa.or_(
                Application.participation_id.in_(declined),
                Application.network_id.in_(closed),
            ),
        )
    ).all()
    erased = sum(erase_applicant(application, now=now) for application in to_erase)
    db.session.flush()
    return len(stale), erased
