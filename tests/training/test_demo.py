"""The demo holds a year of trainings at every status, once."""

from datetime import date

import sqlalchemy as sa

from network_app.extensions import db
from network_app.training import queries, reporting
from network_app.training.demo import seed_trainings
from network_app.training.models import TrainingRequest, TrainingStatus

TODAY = date(2026, 12, 1)


def test_the_demo_has_every_status_and_is_loaded_once(app):
    seed_trainings(TODAY)
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count(TrainingRequest.id)))
    statuses = set(db.session.scalars(sa.select(TrainingRequest.status)))
    assert statuses == set(TrainingStatus)
    unconfirmed = db.session.scalars(
        sa.select(TrainingRequest).where(TrainingRequest.confirmed_at.is_(None))
    ).all()
    assert len(unconfirmed) == 1
    queue = queries.queue()
    assert [item.trained_before for item in queue] == sorted(i.trained_before for i in queue)
    assert any(item.trained_before for item in queue)
    years = [row.key for row in reporting.by_year(reporting.Filters())]
    assert years == list(range(2017, 2027))
    seed_trainings(TODAY)
    assert db.session.scalar(sa.select(sa.func.count(TrainingRequest.id))) == count
