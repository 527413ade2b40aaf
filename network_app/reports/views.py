"""The Word downloads: a learning example per organisation and the network report, each plain
or anonymised (?variant=anonymised); and the approval page, where the group's contact person
reads the anonymised learning example as it will be published, redacts by hand and approves."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.cases import mail as case_mail
from network_app.cases import services as case_services
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.networks.models import Network, Participation
from network_app.reports import collect, forms
from network_app.reports.builder import (
    build_learning_example,
    build_network_report,
    write_learning_example,
)
from network_app.reports.html_writer import HtmlWriter

bp = Blueprint("reports", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content, name):
    return private_download(content, DOCX, name)


def _record_export(target_type, target_id, anonymised):
    detail = "docx anonymised" if anonymised else "docx"
    audit.record(
        audit.EXPORT, target_type=target_type, target_id=target_id, detail=detail, commit=True
    )


def _anonymised():
    return request.args.get("variant") == "anonymised"


@bp.route("/participations/<int:participation_id>/learning-example.docx")
@login_required
def learning_example(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_viewer(participation)
    anonymised = _anonymised()
    report = collect.learning_example_data(
        participation,
        anonymised=anonymised,
        contact_details=access.can_see_contact_details(current_user, participation),
        now=utcnow(),
    )
    suffix = "-avidentifierat" if anonymised else ""
    _record_export("participation", participation.id, anonymised)
    return _docx(build_learning_example(report), f"larande-exempel-{participation.id}{suffix}.docx")


@bp.route("/networks/<int:network_id>/report.docx")
@login_required
def network_report(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_goals_viewer(network)
    anonymised = _anonymised()
    report = collect.network_report_data(
        network,
        anonymised=anonymised,
        contact_details=access.can_see_every_groups_contact_details(current_user),
        now=utcnow(),
    )
    suffix = "-avidentifierad" if anonymised else ""
    _record_export("network", network.id, anonymised)
    return _docx(build_network_report(report), f"natverksrapport-{network.id}{suffix}.docx")


# The approval page


def _redaction_form(publication, formdata=None):
    form = forms.RedactionForm(formdata=formdata) if formdata is not None else forms.RedactionForm()
    form.flagged.choices = [(text, text) for text in sorted(publication.flags, key=str.lower)]
    return form


def _unredact_form(publication, formdata=None):
    form = forms.UnredactForm(formdata=formdata) if formdata is not None else forms.UnredactForm()
    form.redactions.choices = [(text, text) for text in publication.redactions]
    return form


def _approval_page(
    participation,
    publication,
    *,
    approval_form=None,
    redaction_form=None,
    unredact_form=None,
    request_form=None,
):
    html = HtmlWriter(heading_offset=2)  # the document's level 1 under the page's <h2>
    write_learning_example(html, publication.example, 1)
    approval_form = approval_form or forms.ApprovalForm()
    approval_form.digest.data = publication.digest
    return render_template(
        "reports/approval.html",
        participation=participation,
        publication=publication,
        document=html,
        approval_form=approval_form,
        redaction_form=redaction_form or _redaction_form(publication),
        unredact_form=unredact_form or _unredact_form(publication),
        can_approve=access.can_approve_learning_example(current_user, participation),
        can_request_approval=access.can_request_approval(current_user, participation),
        request_form=request_form or forms.RequestApprovalForm(),
    )


@bp.route("/participations/<int:participation_id>/approval")
@login_required
def approval(participation_id):
    """The learning example as it will be published; the contact person may redact and approve."""
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_viewer(participation)
    return _approval_page(participation, collect.publication_of(participation, now=utcnow()))


@bp.route("/participations/<int:participation_id>/approval", methods=["POST"])
@login_required
def approve(participation_id):
    """Approve exactly the content the page showed (its digest), or refuse and show it again."""
    participation = db.get_or_404(Participation, participation_id)
    access.require_learning_example_approver(participation)
    publication = collect.publication_of(participation, now=utcnow())
    form = forms.ApprovalForm()
    if not form.validate_on_submit():
        return _approval_page(participation, publication, approval_form=form), 400
    if publication.approved:
        flash(_("Det lärande exemplet är redan godkänt precis som det ser ut nu."))
        return redirect(url_for("reports.approval", participation_id=participation.id))
    if form.digest.data != publication.digest:
        form.digest.errors.append(
            _(
                "Innehållet har ändrats sedan du öppnade sidan. Läs igenom det som visas nu "
                "och godkänn igen."
            )
        )
        return _approval_page(participation, publication, approval_form=form), 409
    case_services.approve_learning_example(participation, current_user, publication.digest)
    audit.record(
        audit.LEARNING_EXAMPLE_APPROVED,
        target_type="participation",
        target_id=participation.id,
        detail=f"sha256 {publication.digest}",
    )
    db.session.commit()
    flash(_("Det avidentifierade lärande exemplet är godkänt för publicering."))
    return redirect(url_for("reports.approval", participation_id=participation.id))


@bp.route("/participations/<int:participation_id>/approval/request", methods=["POST"])
@login_required
def request_approval(participation_id):
    """The leader asks the group's contact person by mail to review and approve the text shown."""
    participation = db.get_or_404(Participation, participation_id)
    access.require_approval_requester(participation)
    publication = collect.publication_of(participation, now=utcnow())
    form = forms.RequestApprovalForm()
    if not form.validate_on_submit():
        return _approval_page(participation, publication, request_form=form), 400
    if publication.approved:
        flash(_("Det lärande exemplet är redan godkänt precis som det ser ut nu."))
        return redirect(url_for("reports.approval", participation_id=participation.id))
    written, contacts = case_mail.request_approval(
        participation, publication.digest, now=utcnow()
    )
    if written:
        audit.record(
            audit.APPROVAL_REQUESTED,
            target_type="participation",
            target_id=participation.id,
            detail=f"{written} messages",
        )
    db.session.commit()
    if written:
        flash(_("Kontaktpersonen får ett mejl om att granska och godkänna."))
    elif contacts:
        flash(
            _(
                "Inget nytt mejl: kontaktpersonen har redan fått en fråga om just den här "
                "texten, eller har stängt av de här meddelandena."
            )
        )
    else:
        flash(_("Gruppen har ingen kontaktperson med e-postadress att fråga."))
    return redirect(url_for("reports.approval", participation_id=participation.id))


@bp.route("/participations/<int:participation_id>/redactions", methods=["POST"])
@login_required
def redact(participation_id):
    """Redact flagged words or any text by hand; the approval is withdrawn."""
    participation = db.get_or_404(Participation, participation_id)
    access.require_learning_example_approver(participation)
    publication = collect.publication_of(participation, now=utcnow())
    form = _redaction_form(publication, request.form)
    if not form.validate_on_submit():
        return _approval_page(participation, publication, redaction_form=form), 400
    added = case_services.add_redactions(participation, form.texts(), current_user)
    if added:
        audit.record(
            audit.LEARNING_EXAMPLE_REDACTED,
            target_type="participation",
            target_id=participation.id,
            detail=f"{len(added)} texts",  # never the texts: they may be names
        )
    db.session.commit()
    flash(
        _("Texten är dold i alla avidentifierade versioner.")
        if added
        else _("Texten var redan dold.")
    )
    return redirect(url_for("reports.approval", participation_id=participation.id))


@bp.route("/participations/<int:participation_id>/redactions/remove", methods=["POST"])
@login_required
def unredact(participation_id):
    """Show texts redacted by mistake again; the approval is withdrawn."""
    participation = db.get_or_404(Participation, participation_id)
    access.require_learning_example_approver(participation)
    publication = collect.publication_of(participation, now=utcnow())
    form = _unredact_form(publication, request.form)
    if not form.validate_on_submit():
        return _approval_page(participation, publication, unredact_form=form), 400
    removed = case_services.remove_redactions(participation, form.redactions.data)
    audit.record(
        audit.LEARNING_EXAMPLE_REDACTED,
        target_type="participation",
        target_id=participation.id,
        detail=f"{removed} texts shown again",
    )
    db.session.commit()
    flash(_("Texten visas igen i de avidentifierade versionerna."))
    return redirect(url_for("reports.approval", participation_id=participation.id))
