"""After each meeting, a short evaluation: how useful (1–5), what was most valuable, what to
change. Once per person per meeting, from when the meeting has started. The answers are kept
apart from who gave them (EvaluationMark holds only that someone answered), and their results are
shown only once at least MIN_ANSWERS have answered, so that no answer can be told to be one
person's."""

import functools
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from network_app.extensions import db
from network_app.meetings.models import (
    EvaluationAnswer,
    EvaluationMark,
    Meeting,
    MeetingStatus,
)
from network_app.meetings.services import MeetingRuleError

MIN_ANSWERS = 3
SCORES = (1, 2, 3, 4, 5)


class EvaluationNotOpen(MeetingRuleError):
    """Before the meeting has started, or a cancelled meeting."""


class AlreadyAnswered(MeetingRuleError):
    pass


def is_open(meeting, now):
    return meeting.status != MeetingStatus.CANCELLED and meeting.starts_at <= now


def has_answered(meeting, user):
    return db.session.get(EvaluationMark, (meeting.id, user.id)) is not None


def answer(meeting, user, *, usefulness, most_valuable, to_change, now):
    """Store the mark and, apart from it, the answer; refused before the meeting has started and
    the second time (the mark's key makes a double answer impossible, even at once)."""
    if not is_open(meeting, now):
        raise EvaluationNotOpen(meeting.id)
    if has_answered(meeting, user):
        raise AlreadyAnswered(meeting.id)
    try:
        with db.session.begin_nested():
            db.session.add(EvaluationMark(meeting_id=meeting.id, user_id=user.id))
            db.session.flush()
    except IntegrityError:
        raise AlreadyAnswered(meeting.id) from None
    db.session.add(
        EvaluationAnswer(
            id=secrets.token_hex(16),
            meeting_id=meeting.id,
            usefulness=usefulness,
            most_valuable=most_valuable,
            to_change=to_change,
        )
    )
    db.session.flush()


@dataclass(frozen=True)
class Results:
    answers: int
    shown: bool  # at least MIN_ANSWERS: otherwise nothing but the number of answers
    mean: float | None = None
    by_score: dict = field(default_factory=dict)  # score -> answers
    most_valuable: list = field(default_factory=list)
    to_change: list = field(default_factory=list)


def results(meeting):
    """The meeting's results, counted in SQL; the texts in the order of their random keys."""
    rows = db.session.execute(
        sa.select(EvaluationAnswer.usefulness, sa.func.count())
        .where(EvaluationAnswer.meeting_id == meeting.id)
        .group_by(EvaluationAnswer.usefulness)
    ).all()
    by_score = {score: 0 for score in SCORES}
    by_score.update({score: int(count) for score, count in rows})
    answers = sum(by_score.values())
    if answers < MIN_ANSWERS:
        return Results(answers=answers, shown=False)
    texts = db.session.execute(
        sa.select(EvaluationAnswer.most_valuable, EvaluationAnswer.to_change)
        .where(EvaluationAnswer.meeting_id == meeting.id)
        .order_by(EvaluationAnswer.id)
    ).all()
    return Results(
        answers=answers,
        shown=True,
        mean=sum(score * n for score, n in by_score.items()) / answers,
        by_score=by_score,
        most_valuable=[valuable for valuable, _change in texts if valuable],
        to_change=[change for _valuable, change in texts if change],
    )


def answer_counts(meeting_ids):
    """{meeting id: answers} in one query."""
    if not meeting_ids:
        return {}
    return dict(db.session.execute(_answer_counts_query(), {"ids": list(meeting_ids)}).all())


@functools.cache
def _answer_counts_query():
    return (
        sa.select(EvaluationAnswer.meeting_id, sa.func.count())
        .where(EvaluationAnswer.meeting_id.in_(sa.bindparam("ids", expanding=True)))
        .group_by(EvaluationAnswer.meeting_id)
    )


@dataclass(frozen=True)
class MeetingResult:
    meeting: Meeting
    answers: int
    mean: float | None  # None below MIN_ANSWERS


def network_results(network):
    """Every evaluated meeting of the network with its number of answers and, from MIN_ANSWERS
    on, the mean usefulness: one query, for the network report."""
    answers = sa.func.count(EvaluationAnswer.id)
    rows = db.session.execute(
        sa.select(Meeting, answers, sa.func.avg(EvaluationAnswer.usefulness))
        .join(EvaluationAnswer, EvaluationAnswer.meeting_id == Meeting.id)
        .where(Meeting.network_id == network.id)
        .group_by(Meeting.id)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return [
        MeetingResult(meeting, int(count), float(mean) if count >= MIN_ANSWERS else None)
        for meeting, count, mean in rows
    ]
