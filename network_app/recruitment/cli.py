"""The retention rule for applications as a command, to be run daily beside
anonymise-closed-networks."""

import click
from flask import current_app

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.recruitment.privacy import purge_applications


@click.command("purge-applications")
def purge_applications_command():
    """Delete unconfirmed applications, erase the people of declined applications and of
    applications to networks closed long ago."""
    config = current_app.config
    deleted, erased = purge_applications(
        now=utcnow(),
        unconfirmed_days=config["APPLICATION_UNCONFIRMED_DAYS"],
        declined_days=config["APPLICATION_DECLINED_DAYS"],
        closed_days=config["RETENTION_DAYS"],
    )
    db.session.commit()
    click.echo(f"Deleted {deleted} unconfirmed applications; erased the people of {erased}.")
