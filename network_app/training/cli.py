"""The training requests' retention rule as a command, run daily (README, Personal data)."""

import click
from flask import current_app

from network_app import audit
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.training import privacy


@click.command("forget-training-contacts")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=0),
    default=None,
    help="Trainings held or cancelled longer ago than this (default: RETENTION_DAYS, 730).",
)
def forget_training_contacts(older_than_days):
    """Delete unconfirmed requests whose link expired; erase the contact of old trainings."""
    if older_than_days is None:
        older_than_days = current_app.config["RETENTION_DAYS"]
    deleted, erased = privacy.apply_retention(now=utcnow(), older_than_days=older_than_days)
    if erased:
        audit.record(audit.TRAINING_CONTACT_ERASED, target_type="training", detail="retention")
    db.session.commit()
    click.echo(
        f"Deleted {deleted} unconfirmed training requests; erased the contact of {erased} "
        f"trainings closed more than {older_than_days} days ago."
    )
