"""Registration as a group does it: the contact person's form for the whole group, the leader's
summary by organisation and the CSV for the hotel and catering."""

from dataclasses import replace

import sqlalchemy as sa
from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.meetings import services
from network_app.meetings.csv_export import CateringLabels, catering_to_csv
from network_app.meetings.forms import group_registration_form
from network_app.meetings.models import Meeting
from network_app.meetings.timing import zone_of
from network_app.meetings.views import deadline_message, load_meeting, to_meeting
from network_app.networks.models import GroupMember, Participation
from network_app.privacy.names import display_name

bp = Blueprint("registrations", __name__)


def _load_group_for(meeting, participation_id):
    participation = db.session.scalar(
        sa.select(Participation)
        .where(Participation.id == participation_id)
        .options(
            selectinload(Participation.members).selectinload(GroupMember.person),
            selectinload(Participation.organisation),
        )
    )
    if participation is None:
        abort(404)
    if participation.network_id != meeting.network_id:
        abort(404)
    access.require_group_registrar(participation)
    if not services.is_invited(meeting, participation):
        abort(404)
    return participation


def _group_form(meeting, members, existing):
    data = {}
    for member in members:
        answer = existing.get(member.id)
        if answer is not None:
            data[f"response_{member.id}"] = answer.response.value
            data[f"overnight_{member.id}"] = answer.overnight_stay
            data[f"diet_{member.id}"] = answer.dietary_needs
    return group_registration_form(
        members,
        overnight=meeting.has_overnight_stay,
        diet=services.asks_for_dietary_needs(meeting),
        data=data,
    )


@bp.route(
    "/meetings/<int:meeting_id>/groups/<int:participation_id>/registration",
    methods=["GET", "POST"],
)
@login_required
def register_group(meeting_id, participation_id):
    meeting = load_meeting(meeting_id)
    participation = _load_group_for(meeting, participation_id)
    members = sorted(participation.members, key=lambda m: m.person.name.lower())
    existing = services.registrations_by_member(meeting, [participation.id])
    form = _group_form(meeting, members, existing)
    now = utcnow()
    refusals = []
    if form.validate_on_submit():
        try:
            services.register_group(
                meeting,
                participation,
                form.answers(),
                by=current_user,
                by_leader=access.is_leader(current_user),
                now=now,
            )
        except services.RegistrationClosed:
            refusals.append(
                _("Mötet är inställt eller har redan varit, så det går inte att anmäla sig.")
            )
        except services.DeadlinePassed:
            refusals.append(deadline_message(meeting))
        else:
            audit.record(
                audit.GROUP_REGISTERED,
                target_type="meeting",
                target_id=meeting.id,
                detail=f"participation={participation.id}",
            )
            db.session.commit()
            flash(
                _(
                    "Svaren för %(organisation)s är sparade.",
                    organisation=participation.organisation.name,
                )
            )
            return to_meeting(meeting)
    zone = zone_of(meeting.network.time_zone)
    return render_template(
        "meetings/group_registration.html",
        form=form,
        refusals=refusals,
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone,
        participation=participation,
        members=members,
        open_to_groups=services.open_to_groups(meeting, now),
    )


@bp.route("/meetings/<int:meeting_id>/registrations")
@login_required
def summary(meeting_id):
    meeting = services.meeting_with_network(meeting_id)
    if meeting is None:
        abort(404)
    access.require_leader()
    rows = services.answers_by_organisation(meeting)
    return render_template(
        "meetings/registrations.html",
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone_of(meeting.network.time_zone),
        rows=rows,
        total=_total(rows),
        diets=services.diet_counts(meeting),
        asks_for_diet=services.asks_for_dietary_needs(meeting),
    )


def _total(rows):
    return {
        name: sum(getattr(row, name) for row in rows)
        for name in ("members", "attending", "not_attending", "unanswered", "overnight", "diets")
    }


@bp.route("/meetings/<int:meeting_id>/hotel-and-catering.csv")
@login_required
def catering_csv(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    rows = [
        replace(row, name=display_name(row.name)) for row in services.coming_for_catering(meeting)
    ]
    labels = CateringLabels(
        header=[_("Organisation"), _("Namn"), _("Övernattning"), _("Specialkost")],
        yes=_("Ja"),
        no=_("Nej"),
    )
    data = catering_to_csv(rows, labels)
    audit.record(
        audit.EXPORT,
        target_type="meeting",
        target_id=meeting.id,
        detail="csv-catering",
        commit=True,
    )
    return private_download(
        data, "text/csv; charset=utf-8", f"hotell-och-mat-mote-{meeting.id}.csv"
    )
