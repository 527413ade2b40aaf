"""The demo network's programme (the 2020 model): four nätverksträffar, an extra check-in that
does not count toward the goal, and the local workshops, some past with attendance recorded,
some ahead, and one two-day meeting over the night summer time ends."""

import textwrap
from datetime import date, time, timedelta

import sqlalchemy as sa
from flask import current_app

from network_app.auth.models import Role, User
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.meetings import evaluations, material, services
from network_app.meetings.models import (
    MaterialKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationResponse,
)
from network_app.meetings.programme import _weekday_on_or_after
from network_app.meetings.timing import to_utc, zone_of
from network_app.networks.models import Participation, ParticipationStatus

SKR = "SKR, Hornsgatan 20, Stockholm"
AGENDA_FIRST = (
    "Dag 1: Välkommen och presentation av organisationerna. Hot och hat mot förtroendevalda: "
    "vad vet vi? Att välja ett case: en framtida politisk process.\n"
    "Dag 2: Riskanalys av en politisk process. Planering av arbetet på hemmaplan."
)


def _saturday_before_summer_time_ends(year):
    """Summer time ends on the last Sunday in October."""
    day = date(year, 10, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7) - timedelta(days=1)


def _clamp(day, network):
    return min(max(day, network.starts_on + timedelta(days=1)), network.ends_on - timedelta(days=1))


def _network_meetings(network, year):
    first = _weekday_on_or_after(date(year, 1, 18))
    autumn = _saturday_before_summer_time_ends(year)
    return [
        dict(
            kind=MeetingKind.NETWORK,
            title="Uppstart med övernattning",
            day=first,
            days=2,
            starts=time(10),
            ends=time(15),
            place=SKR,
            overnight=True,
            agenda=AGENDA_FIRST,
        ),
        dict(
            kind=MeetingKind.DIGITAL,
            title="Digital nätverksträff: riskanalys",
            day=_weekday_on_or_after(date(year, 4, 21)),
            days=1,
            starts=time(9),
            ends=time(12),
            online_url="https://meet.example.org/skr-natverk-hot-och-hat",
        ),
        # Saturday to Sunday over the night in October when the clocks go back an hour.
        dict(
            kind=MeetingKind.NETWORK,
            title="Nätverksträff med övernattning (helg)",
            day=autumn,
            days=2,
            starts=time(10),
            ends=time(13),
            place="Göteborg, Stadshuset",
            overnight=True,
        ),
        dict(
            kind=MeetingKind.NETWORK,
            title="Avslutande nätverksträff",
            day=_weekday_on_or_after(date(year, 12, 8)),
            days=1,
            starts=time(10),
            ends=time(16),
            place=SKR,
        ),
    ]


def _workshop_day(index, today, network, taken):
    """Every other workshop behind us, the rest ahead, a week apart, never on a network
    meeting's day."""
    weeks = index // 2 + 1
    offset = -10 - 7 * weeks if index % 2 == 0 else 7 * weeks
    day = _weekday_on_or_after(today + timedelta(days=offset), allowed=(1, 2, 3))
    while day in taken:
        day += timedelta(days=1 if offset > 0 else -1)
    return _clamp(day, network)


def _create(network, spec, zone, today, host=None):
    last_day = spec["day"] + timedelta(days=spec["days"] - 1)
    multi = spec["days"] > 1
    return services.create_meeting(
        network,
        now=utcnow(),
        kind=spec["kind"],
        title=spec["title"],
        starts_at=to_utc(spec["day"], spec["starts"], zone),
        ends_at=to_utc(last_day, spec["ends"], zone),
        place=spec.get("place", ""),
        online_url=spec.get("online_url", ""),
        agenda=spec.get("agenda", ""),
        status=MeetingStatus.CONFIRMED
        if spec["day"] <= today + timedelta(days=21)
        else MeetingStatus.PLANNED,
        host_participation=host,
        has_overnight_stay=spec.get("overnight", False),
        day_end_time=time(17) if multi else None,
        day_start_time=time(9) if multi else None,
        extra=spec.get("extra", False),
        # Coming meetings close for the groups' answers a week before they start.
        registration_closes_on=spec["day"] - timedelta(days=7) if spec["day"] > today else None,
    )


def _answers(meeting, participations, *, past, seed):
    """Invented answers: most come; in a past meeting one who said yes did not show up."""
    now = utcnow()
    for group_index, participation in enumerate(participations):
        if not past and (group_index + seed) % 2:
            continue  # for a coming meeting, half the groups have not answered yet
        for member_index, member in enumerate(participation.members):
            coming = (member_index + group_index + seed) % 4 != 3
            registration = Registration(
                meeting=meeting,
                group_member_id=member.id,
                response=RegistrationResponse.ATTENDING
                if coming
                else RegistrationResponse.NOT_ATTENDING,
                overnight_stay=coming and meeting.has_overnight_stay and member_index != 1,
                dietary_needs="Vegetarisk"
                if coming and member_index == 0 and meeting.kind != MeetingKind.DIGITAL
                else "",
                updated_at=now,
            )
            if past:
                registration.attended = coming and not (member_index == 2 and group_index == seed)
            db.session.add(registration)


def seed_meetings(network, today):
    """The programme of the demo network; leaves a network that has meetings alone."""
    if db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(Meeting.network_id == network.id)
    ):
        return []
    zone = zone_of(network.time_zone)
    groups = sorted(
        (p for p in network.participations if p.status == ParticipationStatus.ACCEPTED),
        key=lambda p: p.organisation.name.lower(),
    )
    created, taken = [], set()
    for seed, spec in enumerate(_network_meetings(network, network.starts_on.year)):
        spec["day"] = _clamp(spec["day"], network)
        taken.update(spec["day"] + timedelta(days=n) for n in range(spec["days"]))
        meeting = _create(network, spec, zone, today)
        _answers(meeting, groups, past=spec["day"] < today, seed=seed)
        created.append(meeting)
    # An extra digital check-in outside the programme: no number, not in the goal "x / 4".
    check_in = dict(
        kind=MeetingKind.DIGITAL,
        title="Avstämning mellan träffarna (extra)",
        day=_clamp(_weekday_on_or_after(today - timedelta(days=24)), network),
        days=1,
        starts=time(9),
        ends=time(10),
        online_url="https://meet.example.org/skr-natverk-avstamning",
        extra=True,
    )
    meeting = _create(network, check_in, zone, today)
    _answers(meeting, groups, past=check_in["day"] < today, seed=1)
    created.append(meeting)
    taken.add(check_in["day"])
    for index, participation in enumerate(groups):
        day = _workshop_day(index, today, network, taken)
        spec = dict(
            kind=MeetingKind.WORKSHOP,
            day=day,
            days=1,
            starts=time(13),
            ends=time(16),
            title=f"Lokal workshop – {participation.organisation.name}",
            place=participation.organisation.name,
        )
        meeting = _create(network, spec, zone, today, host=participation)
        _answers(meeting, [participation], past=day < today, seed=index)
        created.append(meeting)
    db.session.flush()
    _evaluations(network, created, today)
    _material(created, today, zone)
    return created


def _pdf(lines):
    """A one-page PDF of a few lines of text (Helvetica, WinAnsi: å, ä and ö as octal)."""

    def text(line):
        encoded = line.encode("cp1252")
        escaped = "".join(
            chr(b) if 32 <= b < 127 and chr(b) not in "()\\" else f"\\{b:03o}" for b in encoded
        )
        return f"({escaped})"

    body = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"{text(line)} '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R "
        ">> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out.encode("latin-1")))
        out += f"{number} 0 obj\n{content}\nendobj\n"
    xref = len(out.encode("latin-1"))
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def _material(meetings, today, zone):
    """The agenda of every past network meeting and the minutes of the first."""
    leader = db.session.scalar(sa.select(User).where(User.role == Role.LEADER).order_by(User.id))
    folder = current_app.config["MATERIAL_FOLDER"]
    past = [
        m
        for m in meetings
        if m.kind != MeetingKind.WORKSHOP and m.ends_at.astimezone(zone).date() < today
    ]
    for index, meeting in enumerate(past):
        files = [(MaterialKind.AGENDA, f"Dagordning {meeting.title}", meeting.agenda or "")]
        if index == 0:
            files.append(
                (
                    MaterialKind.MINUTES,
                    f"Minnesanteckningar {meeting.title}",
                    "Grupperna valde sina case. Nästa steg: riskanalys på hemmaplan.",
                )
            )
        for kind, title, note in files:
            material.add_material(
                meeting,
                data=_pdf(
                    [title, meeting.starts_at.astimezone(zone).date().isoformat(), ""]
                    + [line for part in note.splitlines() for line in textwrap.wrap(part, 85)]
                ),
                filename=f"{title}.pdf",
                kind=kind,
                by=leader,
                folder=folder,
                now=meeting.ends_at,
            )


EVALUATIONS = [
    (5, "Att höra hur Malmö stad gör riskanalysen av en detaljplan.", "Mer tid i egen grupp."),
    (4, "Metoden för att välja case.", ""),
    (4, "", "Skicka ut dagordningen tidigare."),
    (3, "Samtalen i pauserna.", "Kortare genomgångar, fler övningar."),
    (5, "Övningen med riskmatrisen.", ""),
    (4, "Exemplen från andra kommuner.", "Bättre ljud i den digitala delen."),
]


def _evaluations(network, meetings, today):
    """The past network meetings' evaluations: every demo participant answered the first one,
    two the next (too few for results: the leader sees only the count)."""
    participants = db.session.scalars(
        sa.select(User)
        .where(
            User.role == Role.PARTICIPANT,
            User.organisation_id.in_(
                sa.select(Participation.organisation_id).where(
                    Participation.network_id == network.id,
                    Participation.status == ParticipationStatus.ACCEPTED,
                )
            ),
        )
        .order_by(User.id)
    ).all()
    now = utcnow()
    past = [
        m for m in meetings if m.kind != MeetingKind.WORKSHOP and not m.extra and m.starts_at <= now
    ]
    for meeting, answering in zip(past, (len(participants), 2), strict=False):
        for user, (score, valuable, change) in zip(
            participants[:answering], EVALUATIONS, strict=False
        ):
            evaluations.answer(
                meeting,
                user,
                usefulness=score,
                most_valuable=valuable,
                to_change=change,
                now=meeting.ends_at,
            )


def seed_registration_mail(network, now):
    """The outbox shows the registration mail of the network's next meeting (each once: a second
    seeding writes nothing new)."""
    from network_app.meetings import mail

    meeting = db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.network_id == network.id,
            Meeting.starts_at > now,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.registrations.any(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    if meeting is None:
        return 0
    written = 0
    for registration in meeting.registrations:
        written += (
            mail.registration_received(meeting, registration, registration.group_member, now=now)
            is not None
        )
    return written
