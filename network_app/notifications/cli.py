"""flask send-mail: run every minute (cron, a systemd timer), or --loop beside `make run`."""

import time

import click
from flask import current_app

from network_app.extensions import db
from network_app.notifications import sender, transports


def _summary(outcome):
    parts = [f"{outcome.sent} sent", f"{outcome.retrying} to try again", f"{outcome.failed} failed"]
    if outcome.released:
        parts.append(f"{outcome.released} left for the next run")
    if outcome.purged:
        parts.append(f"{outcome.purged} old sent messages deleted")
    if outcome.server_unavailable:
        parts.append("the SMTP server did not answer")
    return "send-mail: " + ", ".join(parts)


def send_once():
    config = current_app.config
    outcome = sender.run(
        transports.transport_for(config, click.echo),
        settings=sender.Settings.from_config(config),
        on_claimed=lambda count: click.echo(f"send-mail: claimed {count}"),
    )
    if outcome:
        click.echo(_summary(outcome))
    return outcome


@click.command("send-mail")
@click.option(
    "--loop",
    "every",
    type=click.IntRange(min=1),
    metavar="SECONDS",
    help="Keep running, looking for due messages every SECONDS (as `make run` does).",
)
def send_mail(every):
    """Send the outbox's due messages; without SMTP_HOST, show them instead."""
    try:
        while True:
            send_once()
            if every is None:
                return
            db.session.remove()
            time.sleep(every)
    except KeyboardInterrupt:
        return
