"""Applications sent by the organisations themselves: submitted through the public form,
counted once confirmed through the link mailed to the applicant."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.networks.models import Organisation
from network_app.notifications import services as outbox
from network_app.recruitment.models import (
    Application,
    ApplicationPartner,
    DecisionState,
    MemberRole,
    ProposedMember,
)
from network_app.recruitment.period import PeriodState, period_state


class ApplicationRefused(Exception):
    """The application cannot be stored or confirmed; the view says why."""


class PeriodNotOpen(ApplicationRefused):
    pass


class AlreadyApplied(ApplicationRefused):
    pass


class DecisionMissing(ApplicationRefused):
    """A taken decision without its reference (the body and date the form requires always)."""


class OrganisationUnclear(ApplicationRefused):
    """The app has an organisation of that name that is not linked to the register (the leader
    must link it first): nothing is guessed."""


class PartnersRefused(ApplicationRefused):
    """Organisations named to apply together with the applicant that cannot: `problems` holds
    (row index, reason) as networks.services.partner_problems gives them."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


class PartnerJoined(ApplicationRefused):
    """On confirmation: a partner joined the network since the application was sent."""

    def __init__(self, names):
        super().__init__(names)
        self.names = names


class LinkInvalid(ApplicationRefused):
    pass


class LinkUsed(ApplicationRefused):
    pass


class LinkExpired(ApplicationRefused):
    pass


@dataclass(frozen=True)
class Member:
    name: str
    title: str
    role: MemberRole


@dataclass(frozen=True)
class ApplicationValues:
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str | None
    background: str
    members: tuple[Member, ...]
    decision_state: DecisionState
    decision_body: str
    decision_date: object
    decision_reference: str | None
    # Register codes of the organisations applying together with the applicant, by form row
    # (None: the row was left empty).
    partners: tuple[str | None, ...] = ()


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _participating(network, register_code):
    """The organisation of the register entry is in the network already: on its own or as a
    joint member of another's participation."""
    organisation = db.session.scalar(
        sa.select(Organisation).where(Organisation.register_code == register_code)
    )
    if organisation is None or not network_services.in_network(network, organisation):
        return None
    return organisation.id


def submit(network, entry, values, *, now, link_hours):
    """Store the application, unconfirmed, and return it with its confirmation token (only the
    token's hash is kept). Refused outside the period and for an organisation already in the
    network; a taken decision needs its reference."""
    if period_state(network, now=now) != PeriodState.OPEN:
        raise PeriodNotOpen()
    if _participating(network, entry.code) is not None:
        raise AlreadyApplied()
    if values.decision_state == DecisionState.TAKEN and not values.decision_reference:
        raise DecisionMissing()
    problems = network_services.partner_problems(network, entry.code, values.partners)
    if problems:
        raise PartnersRefused(problems)
    token = secrets.token_urlsafe(32)
    application = Application(
        network=network,
        register_code=entry.code,
        contact_name=values.contact_name,
        contact_title=values.contact_title or "",
        contact_email=values.contact_email,
        contact_phone=values.contact_phone or None,
        background=values.background or "",
        decision_state=values.decision_state,
        decision_body=values.decision_body,
        decision_date=values.decision_date,
        decision_reference=values.decision_reference or None,
        token_hash=hash_token(token),
        token_expires_at=now + timedelta(hours=link_hours),
        submitted_at=now,
        members=[
            ProposedMember(position=i, name=m.name, title=m.title or "", role=m.role)
            for i, m in enumerate(values.members)
        ],
        partners=[
            ApplicationPartner(position=i, register_code=code)
            for i, code in enumerate(code for code in values.partners if code)
        ],
    )
    db.session.add(application)
    db.session.flush()
    return application, token


def mail_confirmation_link(application, *, link, now):
    """The link to the applicant's address: the application counts once it is followed."""
    return outbox.enqueue(
        "application_confirmation",
        to=application.contact_email,
        now=now,
        language="sv",
        context={
            "application": application,
            "network": application.network,
            "entry": application.register_entry,
            "partners": [p.register_entry for p in application.partners],
            "link": link,
            "expires_at": application.token_expires_at,
        },
    )


def find_by_token(token, *, now):
    application = db.session.scalar(
        sa.select(Application).where(Application.token_hash == hash_token(token or ""))
    )
    if application is None or application.erased_at is not None:
        raise LinkInvalid()
    if application.confirmed_at is not None:
        raise LinkUsed()
    if now >= application.token_expires_at:
        raise LinkExpired()
    return application


def confirm(token, *, now):
    """Follow the confirmation link: the application now counts. The organisation (created from
    its register entry if the app lacks it) applies to the network, with the background and,
    when taken, the political decision. Works once, before the link expires; an application
    submitted before the deadline may be confirmed after it."""
    application = find_by_token(token, now=now)
    entry = application.register_entry
    network = application.network
    if _participating(network, entry.code) is not None:
        raise AlreadyApplied()
    joined = [
        p.register_entry.long_name
        for p in application.partners
        if _participating(network, p.register_code) is not None
    ]
    if joined:
        raise PartnerJoined(joined)
    organisation = network_services.organisation_for_entry(entry)
    try:
        if organisation is None:
            organisation = network_services.create_organisation(entry)
        participation = network_services.register_application(
            network,
            organisation,
            background=application.background,
            applied_on=application.submitted_at.date(),
            now=now,
        )
    except network_services.AlreadyParticipating:
        raise AlreadyApplied() from None
    except network_services.NetworkRuleError:
        raise OrganisationUnclear() from None
    try:
        # Each partner becomes a joint member of the participation, in the same transaction.
        network_services.add_partners(
            participation, [p.register_entry for p in application.partners], now=now
        )
    except network_services.AlreadyParticipating:
        raise PartnerJoined([p.register_entry.long_name for p in application.partners]) from None
    except network_services.NetworkRuleError:
        raise OrganisationUnclear() from None
    if application.decision_state == DecisionState.TAKEN:
        participation.decision_body = application.decision_body
        participation.decision_date = application.decision_date
        participation.decision_reference = application.decision_reference
    application.participation = participation
    application.confirmed_at = now
    db.session.flush()
    return application


def application_of(participation):
    """The public application a participation came from, or None (registered by hand)."""
    return db.session.scalar(
        sa.select(Application).where(Application.participation_id == participation.id)
    )


def unconfirmed_count(network, *, now):
    """Applications still waiting for their confirmation link (not expired): counted, never
    listed, since they may be junk."""
    return db.session.scalar(
        sa.select(sa.func.count(Application.id)).where(
            Application.network_id == network.id,
            Application.confirmed_at.is_(None),
            Application.token_expires_at > now,
        )
    )
