"""Coaching notes and comment threads: adding them, reading a group's (one query each), and the
mail that tells the other side (the outbox; an optional kind the person can turn off)."""

import functools
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from network_app.auth.models import Role, User
from network_app.cases.models import Case
from network_app.coaching.models import CoachingNote, Comment, CommentTarget
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks.models import GroupMember
from network_app.notifications import services as outbox
from network_app.notifications.links import absolute_url
from network_app.notifications.models import MessageKind
from network_app.plain_rows import plain_rows


@dataclass
class NoteValues:
    held_on: date
    form: str
    minutes: int
    discussed: str
    next_step: str


def log_note(participation, values, *, by, link):
    """A coaching note; the group's contact people are told (their choice)."""
    note = CoachingNote(
        participation_id=participation.id,
        held_on=values.held_on,
        form=values.form,
        minutes=values.minutes,
        discussed=values.discussed.strip(),
        next_step=(values.next_step or "").strip(),
        coach_id=by.id,
        created_at=utcnow(),
    )
    db.session.add(note)
    db.session.flush()
    _tell_contacts(participation, link, by=by, is_note=True)
    return note


def notes_of(participation):
    """The group's coaching notes, newest first, with their coaches (one query)."""
    return db.session.scalars(
        sa.select(CoachingNote)
        .where(CoachingNote.participation_id == participation.id)
        .options(joinedload(CoachingNote.coach))
        .order_by(CoachingNote.held_on.desc(), CoachingNote.id.desc())
    ).all()


def _thread_filter(participation, target, case):
    return (
        Comment.participation_id == participation.id,
        Comment.target == target,
        Comment.case_id == case.id if case is not None else Comment.case_id.is_(None),
    )


def thread(participation, target, case=None):
    """The comments on one target, oldest first (newest last), with their authors."""
    return db.session.scalars(
        sa.select(Comment)
        .where(*_thread_filter(participation, target, case))
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).all()


def add_comment(participation, target, body, *, by, case=None, link):
    """A comment in the thread. From SKR (the leader or a coach) it tells the group's contact
    people; from the group it tells SKR's people who wrote in the thread before."""
    target = CommentTarget(target)
    comment = Comment(
        participation_id=participation.id,
        target=target,
        case_id=case.id if case is not None else None,
        body=body.strip(),
        author_id=by.id,
        created_at=utcnow(),
    )
    db.session.add(comment)
    db.session.flush()
    if by.role == Role.PARTICIPANT:
        _tell_commenters(participation, target, case, link, by=by)
    else:
        _tell_contacts(participation, link, by=by, is_note=False)
    return comment


def comment_counts(participation):
    """{(target, case_id): count} of the group's threads, counted in SQL."""
    query = (
        sa.select(Comment.target, Comment.case_id, sa.func.count(Comment.id))
        .where(Comment.participation_id == participation.id)
        .group_by(Comment.target, Comment.case_id)
    )
    return {(CommentTarget(t), c): n for t, c, n in db.session.execute(query)}


@dataclass(frozen=True)
class WaitingThread:
    """A thread whose newest comment is SKR's: who wrote it (their role and name) and when."""

    participation_id: int
    target: CommentTarget
    case_id: int | None
    case_title: str | None
    author_role: Role
    author_name: str
    written_at: datetime


@functools.cache
def _waiting_query():
    newest_first = sa.func.row_number().over(
        partition_by=(Comment.participation_id, Comment.target, Comment.case_id),
        order_by=(Comment.created_at.desc(), Comment.id.desc()),
    )
    ranked = (
        sa.select(
            Comment.id,
            Comment.participation_id,
            Comment.target,
            Comment.case_id,
            Comment.author_id,
            Comment.created_at,
            newest_first.label("rank"),
        )
        .where(Comment.participation_id.in_(sa.bindparam("ids", expanding=True)))
        .subquery()
    )
    return (
        sa.select(
            ranked.c.participation_id,
            ranked.c.target,
            ranked.c.case_id,
            Case.title,
            User.role,
            User.name,
            ranked.c.created_at,
        )
        .join(User, User.id == ranked.c.author_id)
        .outerjoin(Case, Case.id == ranked.c.case_id)
        .where(ranked.c.rank == 1, User.role != Role.PARTICIPANT)
        .order_by(ranked.c.created_at.desc(), ranked.c.id.desc())
    )


def waiting_threads(participation_ids):
    """{participation id: [WaitingThread]}, newest first: the group's comment threads (on a case,
    its risk analysis, the checklist) whose newest comment was written by the leader or a coach,
    so the group has not answered yet. A comment by anyone in the group, after SKR's, answers the
    thread for the whole group; a thread whose newest author's account is gone waits for no one.
    Coaching notes are not threads (they record a talk already held and take no answer), so they
    never wait. One query for every group."""
    found = {}
    if not participation_ids:
        return found
    rows = plain_rows(_waiting_query(), {"ids": list(participation_ids)})
    for participation_id, target, case_id, title, role, name, written_at in rows:
        found.setdefault(participation_id, []).append(
            WaitingThread(
                participation_id,
                CommentTarget(target),
                case_id,
                title,
                Role(role),
                name,
                written_at,
            )
        )
    return found


def _mail(to, *, user=None, person=None, participation, link, is_note):
    outbox.enqueue(
        MessageKind.NEW_COMMENT,
        template="coaching_comment",
        to=to,
        user=user,
        person=person,
        now=utcnow(),
        context={
            "organisation": participation.organisation.name,
            "network": participation.network.name,
            "is_note": is_note,
            "link": link,
        },
    )


def _tell_contacts(participation, link, *, by, is_note):
    contacts = db.session.scalars(
        sa.select(GroupMember)
        .where(GroupMember.participation_id == participation.id, GroupMember.is_contact)
        .options(joinedload(GroupMember.person))
    ).all()
    for member in contacts:
        person = member.person
        if person.email and person.id != by.person_id:
            _mail(
                person.email, person=person, participation=participation, link=link, is_note=is_note
            )


def _tell_commenters(participation, target, case, link, *, by):
    authors = db.session.scalars(
        sa.select(User)
        .where(
            User.id.in_(
                sa.select(Comment.author_id).where(*_thread_filter(participation, target, case))
            ),
            User.role != Role.PARTICIPANT,
            User.id != by.id,
            User.active,
        )
        .order_by(User.id)
    ).all()
    for user in authors:
        _mail(user.email, user=user, participation=participation, link=link, is_note=False)


def absolute_link(endpoint, **values):
    return absolute_url(endpoint, **values)
