"""Coaching notes of a group, and the comment threads on its case, risk analysis and checklist."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.cases.models import Case
from network_app.coaching import services
from network_app.coaching.forms import CoachingNoteForm, CommentForm
from network_app.coaching.models import CommentTarget
from network_app.extensions import db
from network_app.networks.models import Participation
from network_app.networks.services import local_today

bp = Blueprint("coaching", __name__)


@bp.route("/participations/<int:participation_id>/coaching")
@login_required
def notes(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_coaching_viewer(participation)
    return render_template(
        "coaching/notes.html",
        participation=participation,
        notes=services.notes_of(participation),
        may_log=access.can_log_coaching(current_user, participation),
    )


@bp.route("/participations/<int:participation_id>/coaching/new", methods=["GET", "POST"])
@login_required
def new_note(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_coaching_logger(participation)
    form = CoachingNoteForm()
    today = local_today(participation.network)
    if not form.is_submitted():
        form.held_on.data = today
    if form.validate_on_submit():
        if form.held_on.data > today:
            form.held_on.errors.append(
                _("Datumet har inte varit ännu. Anteckna coachningen när den är gjord.")
            )
        else:
            note = services.log_note(
                participation,
                services.NoteValues(
                    held_on=form.held_on.data,
                    form=form.form.data,
                    minutes=form.minutes,
                    discussed=form.discussed.data,
                    next_step=form.next_step.data or "",
                ),
                by=current_user._get_current_object(),
                link=services.absolute_link("coaching.notes", participation_id=participation.id),
            )
            audit.record(audit.COACHING_LOGGED, target_type="coaching_note", target_id=note.id)
            db.session.commit()
            flash(_("Coachningen är antecknad."))
            return redirect(url_for("coaching.notes", participation_id=participation.id))
    return render_template("coaching/note_form.html", participation=participation, form=form)


def _thread_page(participation, target, case, here):
    access.require_commenter(participation)
    form = CommentForm()
    if form.validate_on_submit():
        comment = services.add_comment(
            participation,
            target,
            form.body.data,
            by=current_user._get_current_object(),
            case=case,
            link=services.absolute_link(here[0], **here[1]),
        )
        audit.record(
            audit.COMMENT_ADDED, target_type="comment", target_id=comment.id, detail=target.value
        )
        db.session.commit()
        flash(_("Kommentaren är sparad."))
        return redirect(url_for(here[0], **here[1]) + "#comment-" + str(comment.id))
    return render_template(
        "coaching/thread.html",
        participation=participation,
        case=case,
        target=target,
        comments=services.thread(participation, target, case),
        form=form,
    )


@bp.route("/cases/<int:case_id>/comments", methods=["GET", "POST"])
@login_required
def case_comments(case_id):
    case = db.get_or_404(Case, case_id)
    here = ("coaching.case_comments", {"case_id": case.id})
    return _thread_page(case.participation, CommentTarget.CASE, case, here)


@bp.route("/cases/<int:case_id>/risks/comments", methods=["GET", "POST"])
@login_required
def risk_comments(case_id):
    case = db.get_or_404(Case, case_id)
    here = ("coaching.risk_comments", {"case_id": case.id})
    return _thread_page(case.participation, CommentTarget.RISKS, case, here)


@bp.route("/participations/<int:participation_id>/checklist/comments", methods=["GET", "POST"])
@login_required
def checklist_comments(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    here = ("coaching.checklist_comments", {"participation_id": participation.id})
    return _thread_page(participation, CommentTarget.CHECKLIST, None, here)
