"""The demo as files, to prove that a refactoring changed nothing people see.

    python -m bench.snapshot OUTDIR [--backend sqlite|postgresql] [--database URL]
    diff -r BEFORE AFTER

Builds the demo (seed-demo) on a fresh database at a frozen moment, then, as the project leader,
a participant (Malmö stad), the observer and a signed-out visitor, in Swedish and in English,
GETs every route of the URL map with every id of the demo that fits it (every Word report plain
and anonymised, every export, every page) and writes each answer under
OUTDIR/<who>/<language>/, with index.tsv listing status, type and redirect of each. What varies
from run to run is masked: CSRF tokens, the calendar feed's secret link, the two-factor key and
its QR code. Word and Excel files are written as they came and also unpacked (NAME.members/),
so that a difference shows in the part that holds it. Needs time-machine
(requirements-test.txt) to freeze the clock.
"""

import argparse
import logging
import re
import sys
import zipfile
from contextlib import nullcontext
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import sqlalchemy as sa
import time_machine

from bench import serve

# Mid-year at ten in the morning: past and coming meetings, hours logged, the same date in
# Stockholm and in UTC.
FROZEN_AT = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
SECRET_KEY = "snapshot-secret-key"  # noqa: S105 (a throwaway database's key)
LANGUAGES = ("sv", "en")
# The feed is fetched with each user's own token; the benchmark's floor is an extra path.
SKIPPED_ENDPOINTS = {"static", "calendar.feed", "bench.floor"}
# Paths that answer 404 (the floor exists only when the benchmark serves the app).
EXTRA_PATHS = ("/_bench/floor", "/no-such-page")

MASKS = (
    (re.compile(r'(name="csrf_token"[^>]*value=")[^"]*'), r"\1[csrf]"),
    (re.compile(r"(/calendar/feed/)[^\"<\s]+"), r"\1[token]"),
    (re.compile(r'(<code class="secret">)[^<]*'), r"\1[secret]"),
    (re.compile(r'(<div class="qr-image"[^>]*>).*?(</div>)', re.S), r"\1[qr]\2"),
)


def mask(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def _app(database_url):
    from network_app import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "LOGIN_THROTTLE_PER_ADDRESS": 100_000,
            "SERVER_NAME": "localhost",
        }
    )


def _seed(app):
    from network_app import demo
    from network_app.extensions import db

    with app.app_context():
        db.create_all()
        demo.seed_demo(FROZEN_AT.date())
        db.session.commit()


def _ids(app):
    """Every value of every URL argument the demo holds, as lists of {argument: value}."""
    from network_app.auth.models import User
    from network_app.cases.models import Case, CommunicationItem, RiskItem
    from network_app.extensions import db
    from network_app.hours.models import HourEntry
    from network_app.meetings import services as meeting_services
    from network_app.meetings.models import Meeting
    from network_app.networks.models import (
        GroupMember,
        Network,
        Organisation,
        Participation,
        Person,
    )

    def ids(model):
        return db.session.scalars(sa.select(model.id).order_by(model.id)).all()

    def pairs(names, rows):
        return [dict(zip(names, row, strict=True)) for row in rows]

    with app.app_context():
        meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.id)).all()
        members = db.session.scalars(sa.select(GroupMember).order_by(GroupMember.id)).all()
        return {
            ("network_id",): pairs(["network_id"], [(i,) for i in ids(Network)]),
            ("organisation_id",): pairs(["organisation_id"], [(i,) for i in ids(Organisation)]),
            ("participation_id",): pairs(["participation_id"], [(i,) for i in ids(Participation)]),
            ("meeting_id",): pairs(["meeting_id"], [(m.id,) for m in meetings]),
            ("case_id",): pairs(["case_id"], [(i,) for i in ids(Case)]),
            ("person_id",): pairs(["person_id"], [(i,) for i in ids(Person)]),
            ("user_id",): pairs(["user_id"], [(i,) for i in ids(User)]),
            ("token",): [{"token": "not-a-real-token"}],
            ("case_id", "risk_id"): pairs(
                ["case_id", "risk_id"],
                db.session.execute(
                    sa.select(RiskItem.case_id, RiskItem.id).order_by(RiskItem.id)
                ).all(),
            ),
            ("case_id", "item_id"): pairs(
                ["case_id", "item_id"],
                db.session.execute(
                    sa.select(CommunicationItem.case_id, CommunicationItem.id).order_by(
                        CommunicationItem.id
                    )
                ).all(),
            ),
            ("member_id", "participation_id"): pairs(
                ["participation_id", "member_id"],
                [(m.participation_id, m.id) for m in members],
            ),
            ("entry_id", "participation_id"): pairs(
                ["participation_id", "entry_id"],
                db.session.execute(
                    sa.select(HourEntry.participation_id, HourEntry.id).order_by(HourEntry.id)
                ).all(),
            ),
            ("meeting_id", "member_id"): [
                {"meeting_id": meeting.id, "member_id": member.id}
                for meeting in meetings
                for member in members
                if meeting_services.is_invited(meeting, member.participation)
            ],
        }


def _requests(app, ids):
    """The path of every GET route with every fitting set of ids, in order."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        arguments = tuple(sorted(rule.arguments))
        for values in ids[arguments] if arguments else [{}]:
            path = rule.rule
            for name, value in values.items():
                path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
            found.append(path)
            if path.endswith(".docx"):
                found.append(path + "?variant=anonymised")
    return sorted(found + list(EXTRA_PATHS))


def _file_name(path):
    name = path.strip("/").replace("/", "__").replace("?", "_q_") or "index"
    return name if "." in name.rsplit("__", 1)[-1] else name + ".html"


def _write(directory, path, response):
    target = directory / _file_name(path)
    body = response.get_data()
    if response.mimetype.startswith("text/") or response.mimetype.endswith("json"):
        target.write_text(mask(body.decode("utf-8")), encoding="utf-8")
    else:
        target.write_bytes(body)
    if body[:2] == b"PK":
        members = target.with_name(target.name + ".members")
        with zipfile.ZipFile(BytesIO(body)) as package:
            for info in package.infolist():
                (members / info.filename).parent.mkdir(parents=True, exist_ok=True)
                (members / info.filename).write_bytes(package.read(info))
    return target.name


def _client(app, email, language):
    from network_app.demo import DEMO_PASSWORD

    client = app.test_client()
    if email:
        response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"login of {email}: {response.status_code}"
    with client.session_transaction() as session:
        session["language"] = language
    return client


def _feed_path(app, email):
    """The user's calendar subscription, a secret link made for the snapshot."""
    from network_app.auth.services import find_user_by_email
    from network_app.extensions import db
    from network_app.meetings import feeds

    with app.app_context():
        user = find_user_by_email(email)
        token = feeds.token_for(user, SECRET_KEY)
        if token is None:
            feeds.reset(user, now=FROZEN_AT)
            db.session.commit()
            token = feeds.token_for(user, SECRET_KEY)
        return f"/calendar/feed/{token}"


def take(app, out):
    from network_app import demo

    who = {
        "leader": demo.DEMO_LEADER_EMAIL,
        "participant": demo.participant_email("malmo"),
        "observer": demo.DEMO_OBSERVER_EMAIL,
        "anonymous": None,
    }
    requests = _requests(app, _ids(app))
    count = 0
    for name, email in who.items():
        for language in LANGUAGES:
            directory = out / name / language
            directory.mkdir(parents=True, exist_ok=True)
            client = _client(app, email, language)
            lines = []
            for path in requests:
                response = client.get(path)
                written = _write(directory, path, response)
                location = mask(response.headers.get("Location", ""))
                lines.append(
                    f"{path}\t{response.status_code}\t{response.mimetype}\t{location}\t{written}"
                )
                count += 1
            if email:
                response = client.get(_feed_path(app, email))
                lines.append(f"[own feed]\t{response.status_code}\t{response.mimetype}\t\tfeed.ics")
                (directory / "feed.ics").write_bytes(response.get_data())
            (directory / "index.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="an empty or new directory")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database", help="an empty database's URL instead of a throwaway one")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    database = nullcontext(args.database) if args.database else None
    with database or serve.throwaway_database(args.backend) as url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        with time_machine.travel(FROZEN_AT, tick=False):
            app = _app(url)
            logging.getLogger("network_app.audit").setLevel(logging.WARNING)  # a line a request
            _seed(app)
            count = take(app, args.out)
        with app.app_context():
            from network_app.extensions import db

            db.engine.dispose()
    print(f"{count} answers written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
