"""The retention rule for meetings' material, as a command beside anonymise-closed-networks."""

import click
from flask import current_app

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.meetings import material


@click.command("remove-closed-networks-material")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=0),
    default=None,
    help="Networks closed longer than this many days (default: RETENTION_DAYS, 730).",
)
def remove_closed_networks_material(older_than_days):
    """Remove the meetings' material (files and their records) of networks closed long ago."""
    if older_than_days is None:
        older_than_days = current_app.config["RETENTION_DAYS"]
    keys = material.remove_material_of_closed_networks(
        older_than_days=older_than_days, now=utcnow()
    )
    db.session.commit()
    material.remove_files(current_app.config["MATERIAL_FOLDER"], keys)
    click.echo(
        f"Removed {len(keys)} files of networks closed more than {older_than_days} days ago."
    )
