"""Demo coaching: the coach has talked with three organisations, and commented on two cases,
one of which the group has answered. Written as rows (the demo sends no mail)."""

from datetime import timedelta

import sqlalchemy as sa

from network_app.auth.models import Role, User, network_observers
from network_app.cases.models import Case
from network_app.coaching.models import CoachingForm, CoachingNote, Comment, CommentTarget
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services as network_services

NOTES = [
    (
        CoachingForm.PHONE,
        60,
        "Genomgång av caset och vilka beslut som ligger närmast. Gruppen är osäker på hur "
        "riskanalysen ska förankras hos presidiet.",
        "Gruppen skickar utkastet till riskanalysen till coachen före nästa arbetsmöte.",
    ),
    (
        CoachingForm.DIGITAL,
        90,
        "Planering av den lokala workshopen: vilka som bjuds in och hur dagen läggs upp.",
        "Coachen skickar ett förslag på program.",
    ),
    (
        CoachingForm.ON_SITE,
        120,
        "Besök hos gruppen. Vi gick igenom checklistan för systemet och stödet till "
        "förtroendevalda efter en incident.",
        "",
    ),
]
COMMENTS = [
    "Bra att ni har med sociala medier. Har ni tänkt på vem som svarar på frågor efter beslutet?",
    "Vilken risk bedömer ni som störst just nu, och vem äger åtgärden?",
]
ANSWER = "Kommunikationsavdelningen tar frågorna; vi lägger in det i planen."


def _coach(network):
    return db.session.scalar(
        sa.select(User)
        .join(network_observers, network_observers.c.user_id == User.id)
        .where(network_observers.c.network_id == network.id, User.role == Role.OBSERVER)
        .order_by(User.id)
        .limit(1)
    )


def seed_coaching(network, today):
    """Does nothing if the network has coaching notes already or the network has not begun."""
    participations = network_services.accepted_participations(network)
    ids = [p.id for p in participations]
    if today < network.starts_on or db.session.scalar(
        sa.select(sa.func.count(CoachingNote.id)).where(CoachingNote.participation_id.in_(ids))
    ):
        return
    coach = _coach(network) or network.leader
    now = utcnow()
    for number, (participation, (form, minutes, discussed, next_step)) in enumerate(
        zip(participations, NOTES, strict=False)
    ):
        db.session.add(
            CoachingNote(
                participation_id=participation.id,
                held_on=max(network.starts_on, today - timedelta(days=10 + 14 * number)),
                form=form,
                minutes=minutes,
                discussed=discussed,
                next_step=next_step,
                coach_id=coach.id if coach else None,
                created_at=now,
            )
        )
    cases = db.session.scalars(
        sa.select(Case).where(Case.participation_id.in_(ids)).order_by(Case.id).limit(2)
    ).all()
    for case, (target, body) in zip(
        cases, [(CommentTarget.CASE, COMMENTS[0]), (CommentTarget.RISKS, COMMENTS[1])], strict=False
    ):
        db.session.add(
            Comment(
                participation_id=case.participation_id,
                target=target,
                case_id=case.id,
                body=body,
                author_id=coach.id if coach else None,
                created_at=now - timedelta(days=3),
            )
        )
        if target == CommentTarget.CASE:
            answerer = db.session.scalar(
                sa.select(User)
                .where(User.organisation_id == case.participation.organisation_id)
                .order_by(User.id)
                .limit(1)
            )
            if answerer is not None:
                db.session.add(
                    Comment(
                        participation_id=case.participation_id,
                        target=target,
                        case_id=case.id,
                        body=ANSWER,
                        author_id=answerer.id,
                        created_at=now - timedelta(days=2),
                    )
                )
    db.session.flush()
