"""Material for each meeting: upload (the leader; the host group for its own workshop),
download by whoever may see the meeting, removal through the confirmation page."""

from flask import Blueprint, abort, current_app, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.meetings import material, services
from network_app.meetings.forms import MaterialForm
from network_app.meetings.models import MaterialKind, MeetingMaterial
from network_app.meetings.views import load_meeting, to_meeting
from network_app.request_limits import accepts_upload

bp = Blueprint("material", __name__)


def _material_folder():
    return current_app.config["MATERIAL_FOLDER"]


def _refusal(reason):
    return {
        "type": _(
            "Filen är inte en PDF, Word-, PowerPoint- eller Excelfil (docx, pptx, xlsx), PNG eller "
            "JPEG. Det är innehållet som avgör, inte filens namn. Äldre Office-filer (doc, ppt, "
            "xls) går att spara om i det nyare formatet."
        ),
        "size": _("Filen är större än 20 MB. Dela upp den eller minska bilderna."),
        "empty": _("Filen är tom."),
    }[reason]


@bp.route("/meetings/<int:meeting_id>/material/new", methods=["GET", "POST"])
@accepts_upload
@login_required
def upload(meeting_id):
    meeting = load_meeting(meeting_id)
    access.require_material_uploader(meeting)
    form = MaterialForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = material.add_material(
                meeting,
                data=material.read_limited(upload.stream),
                filename=upload.filename,
                kind=MaterialKind(form.kind.data),
                by=current_user,
                folder=_material_folder(),
                now=utcnow(),
            )
        except material.MaterialRefused as refused:
            form.file.errors.append(_refusal(refused.reason))
        else:
            audit.record(
                audit.MATERIAL_ADDED,
                target_type="meeting",
                target_id=meeting.id,
                detail=f"material={added.id} type={added.file_type}",
            )
            db.session.commit()
            flash(_("Filen %(name)s är uppladdad.", name=added.filename))
            return to_meeting(meeting)
    return render_template(
        "meetings/material_form.html",
        form=form,
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
    )


def _load_material(material_id):
    found = db.get_or_404(MeetingMaterial, material_id)
    access.require_meeting_viewer(found.meeting)
    return found


@bp.route("/material/<int:material_id>")
@login_required
def download(material_id):
    found = _load_material(material_id)
    try:
        data = material.read_material(found, _material_folder())
    except FileNotFoundError:
        abort(404)
    audit.record(
        audit.EXPORT,
        target_type="meeting",
        target_id=found.meeting_id,
        detail=f"material={found.id}",
        commit=True,
    )
    return private_download(data, material.mime_type(found), found.filename)


@bp.route("/material/<int:material_id>/delete", methods=["GET", "POST"])
@login_required
def delete(material_id):
    found = _load_material(material_id)
    meeting = found.meeting
    access.require_material_uploader(meeting)
    form = ConfirmForm()
    if form.validate_on_submit():
        audit.record(
            audit.MATERIAL_REMOVED,
            target_type="meeting",
            target_id=meeting.id,
            detail=f"material={found.id}",
        )
        material.delete_material(found, _material_folder())
        db.session.commit()
        flash(_("Filen är borttagen."))
        return to_meeting(meeting)
    return render_template(
        "meetings/material_delete.html",
        form=form,
        material=found,
        meeting=meeting,
        cancel_url=url_for("meetings.meeting", meeting_id=meeting.id),
    )
