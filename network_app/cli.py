"""Command-line tasks: accounts for a fresh install, and the demo network."""

import sys
from datetime import date

import click
import sqlalchemy as sa
from flask import current_app

from network_app import audit, demo
from network_app.auth import passwords, secret_box, two_factor
from network_app.auth import services as account_services
from network_app.auth.models import Role
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.networks.models import Network, Organisation
from network_app.register import services as register_services


def _read_password():
    if sys.stdin.isatty():
        return click.prompt("Lösenord", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--organisation", help="The organisation's name (participants).")
@click.option("--network", "network_names", multiple=True, help="A network to observe (observers).")
def create_user(email, name, role, organisation, network_names):
    """Create an account; the password is prompted for, or read from standard input."""
    role = Role(role)
    org = None
    if role == Role.PARTICIPANT:
        if not organisation:
            raise click.UsageError("a participant needs --organisation NAME")
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation))
        if org is None:
            raise click.UsageError(f"no organisation named {organisation!r}")
    networks = []
    for network_name in network_names:
        network = db.session.scalar(sa.select(Network).where(Network.name == network_name))
        if network is None:
            raise click.UsageError(f"no network named {network_name!r}")
        networks.append(network)
    if role == Role.OBSERVER and not networks:
        raise click.UsageError("an observer needs at least one --network NAME")
    password = _read_password()
    refusal = passwords.refusal(password, name=name, email=email)
    if refusal is not None:
        raise click.UsageError(str(refusal))
    try:
        user = account_services.create_account(
            email=email, name=name, role=role, organisation=org, networks=networks
        )
    except account_services.EmailTaken:
        raise click.UsageError(f"an account with {email} already exists") from None
    account_services.set_password(user, password)
    audit.record(
        audit.ACCOUNT_CREATED,
        target_type="user",
        target_id=user.id,
        detail=f"role={role.value} cli",
    )
    db.session.commit()
    click.echo(f"Created the {role.value} account {user.email}.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds any network.")
def seed_demo(if_empty):
    """Load the demo network; running it again changes nothing."""
    if if_empty and demo.demo_exists():
        click.echo("The database already holds data: demo not loaded.")
    else:
        demo.seed_demo(date.today())
        db.session.commit()
        click.echo("The demo network is loaded.")
    click.echo(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
    for role, email in demo.demo_logins():
        click.echo(f"  {role:45} {email}")
    port = current_app.config.get("DISPLAY_PORT", "5000")
    click.echo(f"Open http://127.0.0.1:{port}/login")


@click.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email):
    """Turn off two-factor login for an account whose phone and recovery codes are both lost."""
    user = account_services.find_user_by_email(email)
    if user is None:
        raise click.UsageError(f"no account with {email}")
    two_factor.disable(user)
    account_services.end_all_sessions(user)
    audit.record(audit.TWO_FACTOR_DISABLED, target_type="user", target_id=user.id, detail="cli")
    db.session.commit()
    click.echo(f"Two-factor login is off for {user.email}; its sessions are ended.")


@click.command("rotate-totp-secrets")
def rotate_totp_secrets():
    """Encrypt every TOTP secret again with the current key (after a key rotation)."""
    try:
        count = two_factor.encrypt_every_secret_again()
    except secret_box.SecretUnreadable:
        raise click.ClickException(
            "a TOTP secret opens with none of the configured keys: keep the old key in TOTP_KEYS "
            "or SECRET_KEY_FALLBACKS until this command has run"
        ) from None
    db.session.commit()
    click.echo(f"Encrypted {count} TOTP secrets with the current key.")


@click.command("load-register")
def load_register():
    """Load the register's data file into the database again (after SCB changes a division),
    and list the organisations no register entry stands for."""
    added, updated = register_services.load_register()
    db.session.commit()
    click.echo(f"Register: {added} entries added, {updated} updated.")
    for organisation in network_services.unlinked_organisations():
        click.echo(f"  not linked to the register: {organisation.id} {organisation.name}")


def run_scheduled_mail(now):
    """Write the messages that are due by the date (each once: a second run the same day, or
    a run every few minutes, writes nothing new) and commit them for send-mail."""
    from network_app.hours import mail as hours_mail
    from network_app.meetings import mail as meeting_mail

    counts = {
        "reminders": meeting_mail.due_reminders(now),
        "registration deadlines": meeting_mail.deadline_approaching(now),
        "behind pace": hours_mail.behind_pace(now),
    }
    db.session.commit()
    return counts


@click.command("send-reminders")
@click.option(
    "--loop",
    "every",
    type=click.IntRange(min=1),
    metavar="SECONDS",
    help="Keep running, looking for due messages every SECONDS (as `make run` does).",
)
def send_reminders(every):
    """Put due scheduled messages in the outbox: reminders 7 days and 1 day before a meeting,
    a note to the contact persons of a group that has not answered 3 days and 1 day before the
    registration deadline, and a behind-pace note to each behind group's contact person once a
    month. Run it from cron (every hour is plenty; the network's local date decides);
    send-mail sends them."""
    import time

    try:
        while True:
            counts = run_scheduled_mail(utcnow())
            click.echo("send-reminders: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
            if every is None:
                return
            db.session.remove()
            time.sleep(every)
    except KeyboardInterrupt:
        return


def register(app):
    from network_app.backup import backup_command, restore_command
    from network_app.meetings.cli import remove_closed_networks_material
    from network_app.notifications.cli import send_mail
    from network_app.privacy.cli import anonymise_closed_networks
    from network_app.recruitment.cli import purge_applications_command
    from network_app.training.cli import forget_training_contacts

    for command in (
        create_user,
        seed_demo,
        reset_two_factor,
        rotate_totp_secrets,
        anonymise_closed_networks,
        forget_training_contacts,
        load_register,
        send_reminders,
    ):
        app.cli.add_command(command)
    for command in (
        backup_command,
        restore_command,
        send_mail,
        purge_applications_command,
        remove_closed_networks_material,
    ):
        app.cli.add_command(command)
