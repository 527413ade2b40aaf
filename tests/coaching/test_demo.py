"""The demo network's coaching: notes and a thread with an answer; a rerun adds nothing."""

from datetime import date

import sqlalchemy as sa

from network_app import demo
from network_app.coaching.models import CoachingNote, Comment
from network_app.extensions import db


def _counts():
    return (
        db.session.scalar(sa.select(sa.func.count(CoachingNote.id))),
        db.session.scalar(sa.select(sa.func.count(Comment.id))),
    )


def test_demo_has_coaching_notes_and_comments_and_a_rerun_adds_nothing(app):
    today = date(2026, 11, 23)
    demo.seed_demo(today)
    db.session.commit()
    notes, comments = _counts()
    assert notes == 3 and comments == 3
    demo.seed_demo(today)
    db.session.commit()
    assert _counts() == (notes, comments)
