"""The Word downloads: a learning example per organisation and the network report, each plain
or anonymised (?variant=anonymised); and the approval page, where the group's contact person
reads the anonymised learning example as it will be published, redacts by hand and approves."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.cases import mail as case_mail
from network_app.cases import services as case_services
from network_app.cases.models import DecisionKind, Method
from network_app.cases.risk_levels import level_band
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.i18n import label
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


def _publication_for_post(participation_id, require_access, form, form_name):
    """The first steps of the approval page's POSTs: load the group, check access, build the
    publication as it reads now and validate `form` (shown again as `form_name` if invalid).
    Returns (participation, publication, refusal): refusal is the response to send instead,
    the page with its errors (400) or, once the example is approved as it reads now, the page
    again with a message; None to go on."""
    participation = db.get_or_404(Participation, participation_id)
    require_access(participation)
    publication = collect.publication_of(participation, now=utcnow())
    if not form.validate_on_submit():
        page = _approval_page(participation, publication, **{form_name: form})
        return participation, publication, (page, 400)
    if publication.approved:
        flash(_("Det lärande exemplet är redan godkänt precis som det ser ut nu."))
        back = redirect(url_for("reports.approval", participation_id=participation.id))
        return participation, publication, back
    return participation, publication, None


@bp.route("/participations/<int:participation_id>/approval", methods=["POST"])
@login_required
def approve(participation_id):
    """Approve exactly the content the page showed (its digest), or refuse and show it again."""
    form = forms.ApprovalForm()
    participation, publication, refusal = _publication_for_post(
        participation_id, access.require_learning_example_approver, form, "approval_form"
    )
    if refusal is not None:
        return refusal
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
    form = forms.RequestApprovalForm()
    participation, publication, refusal = _publication_for_post(
        participation_id, access.require_approval_requester, form, "request_form"
    )
    if refusal is not None:
        return refusal
    written, contacts = case_mail.request_approval(participation, publication.digest, now=utcnow())
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


# Sharing between groups (issue 13 point 4): the approved anonymised learning examples of the
# other organisations of the network, read in the app and downloaded as the same Word file.


@bp.route("/networks/<int:network_id>/learning-examples")
@login_required
def shared_examples(network_id):
    """Which organisations of the network have an approved learning example, and when."""
    network = db.get_or_404(Network, network_id)
    access.require_shared_examples_reader(network)
    return render_template(
        "reports/shared_examples.html",
        network=network,
        examples=case_services.approved_examples(network),
    )


def _shared_example_or_404(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    entry = case_services.library_entry(participation)
    access.require_shared_example_reader(participation, entry is not None)
    example = collect.shared_example(participation, now=utcnow())
    if example is None:  # not approved, or changed since (its digest no longer matches)
        abort(404)
    return participation, example, entry


def _shared_example_page(participation, example, entry, library_form=None):
    html = HtmlWriter(heading_offset=1)  # the document's level 1 is the page's <h2>
    write_learning_example(html, example, 1)
    return render_template(
        "reports/shared_example.html",
        participation=participation,
        network=participation.network,
        example=example,
        document=html,
        entry=entry,
        in_network=access.can_read_shared_examples(current_user, participation.network),
        can_manage_library=access.can_manage_library(current_user),
        library_form=library_form or forms.LibraryForm(),
    )


@bp.route("/participations/<int:participation_id>/shared")
@login_required
def shared_example(participation_id):
    """The approved anonymised learning example as HTML: the Word file's content."""
    return _shared_example_page(*_shared_example_or_404(participation_id))


@bp.route("/participations/<int:participation_id>/shared.docx")
@login_required
def shared_example_docx(participation_id):
    """The same approved anonymised Word file, for the network's other organisations (and for
    everyone signed in once it is in the library)."""
    participation, example, _entry = _shared_example_or_404(participation_id)
    _record_export("participation", participation.id, True)
    return _docx(
        build_learning_example(example), f"larande-exempel-{participation.id}-avidentifierat.docx"
    )


# The "Lärande exempel" library: approved examples of earlier networks, for every participant

LIBRARY_PER_PAGE = 20
LIBRARY_MAX_PAGE = 1000


@bp.route("/participations/<int:participation_id>/library", methods=["POST"])
@login_required
def set_in_library(participation_id):
    """The leader puts an approved example of a closed network in the library, or takes it out.
    Only an example approved as it reads now can go in (404 for any other, as its page)."""
    access.require_library_manager()
    participation, example, entry = _shared_example_or_404(participation_id)
    form = forms.LibraryForm()
    publish = form.published.data == "1"
    valid = form.validate_on_submit()
    if valid and publish and not participation.network.is_closed:
        form.published.errors.append(
            _(
                "Bara lärande exempel från tidigare nätverk läggs i biblioteket. Stäng "
                "nätverket först."
            )
        )
        valid = False
    if not valid:
        return _shared_example_page(participation, example, entry, library_form=form), 400
    if publish:
        if case_services.publish_in_library(participation, current_user):
            audit.record(
                audit.LIBRARY_EXAMPLE_PUBLISHED,
                target_type="participation",
                target_id=participation.id,
            )
        message = _("Det lärande exemplet finns i biblioteket. Alla inloggade kan läsa det.")
    else:
        if case_services.remove_from_library(participation):
            audit.record(
                audit.LIBRARY_EXAMPLE_REMOVED,
                target_type="participation",
                target_id=participation.id,
            )
        message = _("Det lärande exemplet är borttaget ur biblioteket.")
    db.session.commit()
    flash(message)
    return redirect(url_for("reports.shared_example", participation_id=participation.id))


def _library_filters():
    form = forms.LibraryFilterForm(request.args)
    # The labels translated once (network_app.i18n), not by WTForms' widget for each option.
    form.decision_kind.choices = [("", _("Alla typer av beslut"))] + [
        (kind.value, label(kind.label)) for kind in DecisionKind
    ]
    form.method.choices = [("", _("Alla metoder"))] + [
        (method.value, label(method.label)) for method in Method
    ]
    form.risk.choices = [("", _("Alla risknivåer"))] + [
        (band, label(level_band(low)[1])) for band, (low, _high) in case_services.RISK_BANDS.items()
    ]
    return form, form.validate()


@bp.route("/library")
@login_required
def library():
    """The "Lärande exempel" library: every signed-in user reads it; filtered in SQL, paged."""
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= LIBRARY_MAX_PAGE:
        abort(404)
    form, valid = _library_filters()
    filters = {
        "decision_kind": DecisionKind(form.decision_kind.data)
        if valid and form.decision_kind.data
        else None,
        "method": Method(form.method.data).value if valid and form.method.data else None,
        "risk_band": form.risk.data if valid and form.risk.data else None,
    }
    rows, total = case_services.library_page(**filters, page=page, per_page=LIBRARY_PER_PAGE)
    query = {name: getattr(form, name).data for name in ("decision_kind", "method", "risk")}
    return render_template(
        "reports/library.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        has_next=page * LIBRARY_PER_PAGE < total,
        query={k: v for k, v in query.items() if v and valid},
        method_labels={m.value: m.label for m in Method},
    )
