"""The retention rule as a command, to be run daily by cron or a systemd timer."""

import click
from flask import current_app

from network_app import audit
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.privacy import services


@click.command("anonymise-closed-networks")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=0),
    default=None,
    help="Networks closed longer than this many days (default: RETENTION_DAYS, 730).",
)
def anonymise_closed_networks(older_than_days):
    """Anonymise the people of networks closed long ago; hours and counts stay."""
    if older_than_days is None:
        older_than_days = current_app.config["RETENTION_DAYS"]
    erased = services.anonymise_closed_networks(older_than_days=older_than_days, now=utcnow())
    for person_id in erased:
        audit.record(
            audit.PERSON_ERASED, target_type="person", target_id=person_id, detail="retention"
        )
    db.session.commit()
    click.echo(
        f"Anonymised {len(erased)} people of networks closed more than {older_than_days} days ago."
    )
