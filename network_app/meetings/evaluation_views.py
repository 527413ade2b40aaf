"""After each meeting: a participant's evaluation form, and the leader's results from three
answers."""

from flask import Blueprint, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.meetings import evaluations, services
from network_app.meetings.forms import EvaluationForm
from network_app.meetings.models import Meeting
from network_app.meetings.timing import zone_of
from network_app.meetings.views import to_meeting

bp = Blueprint("evaluations", __name__)


@bp.route("/meetings/<int:meeting_id>/evaluation", methods=["GET", "POST"])
@login_required
def answer(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_evaluation_answerer(meeting)
    now = utcnow()
    answered = evaluations.has_answered(meeting, current_user)
    form = EvaluationForm()
    refusals = []
    if not answered and form.validate_on_submit():
        try:
            evaluations.answer(
                meeting,
                current_user,
                usefulness=form.usefulness.data,
                most_valuable=form.most_valuable.data or "",
                to_change=form.to_change.data or "",
                now=now,
            )
        except evaluations.EvaluationNotOpen:
            refusals.append(_("Utvärderingen öppnar när mötet har börjat."))
        except evaluations.AlreadyAnswered:
            answered = True
        else:
            # The event names the meeting only: never who answered what.
            audit.record(audit.EVALUATION_ANSWERED, target_type="meeting", target_id=meeting.id)
            db.session.commit()
            flash(_("Tack för ditt svar på utvärderingen."))
            return to_meeting(meeting)
    return render_template(
        "meetings/evaluation.html",
        form=form,
        refusals=refusals,
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone_of(meeting.network.time_zone),
        is_open=evaluations.is_open(meeting, now),
        answered=answered,
    )


@bp.route("/meetings/<int:meeting_id>/evaluation/results")
@login_required
def results(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    return render_template(
        "meetings/evaluation_results.html",
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone_of(meeting.network.time_zone),
        results=evaluations.results(meeting),
        min_answers=evaluations.MIN_ANSWERS,
    )
