"""Pages for cases, the system checklist, goal attainment and approval of the learning example."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from network_app import access
from network_app.cases import checklist as outline
from network_app.cases import figures, forms, risk_levels, services
from network_app.cases.models import (
    METHOD_GROUPS,
    RESPONSIBILITY_LEVEL_LABELS,
    Case,
    CommunicationItem,
    DocumentStatus,
    RiskItem,
)
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks.models import Network, Participation

bp = Blueprint("cases", __name__)

STALE = _l(
    "Någon annan har sparat ändringar medan du arbetade. Dina ändringar är inte sparade: "
    "läs den nya versionen nedan och gör dina ändringar igen."
)


def _load_case(case_id, *, edit=False):
    case = db.get_or_404(Case, case_id)
    (access.require_case_editor if edit else access.require_case_viewer)(case.participation)
    return case


def _case_url(case, anchor=None):
    return url_for("cases.case", case_id=case.id, _anchor=anchor)


@bp.route("/participations/<int:participation_id>/cases")
@login_required
def overview(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_viewer(participation)
    goals = services.network_goals(participation.network, [participation]).rows[0]
    return render_template(
        "cases/overview.html",
        participation=participation,
        cases=services.cases_of(participation),
        goals=goals,
        figures=figures,
        reviewed=services.reviewed_case_ids([participation.id]),
        approval=services.current_approval(participation),
        can_edit=access.can_edit_cases(current_user, participation),
        can_approve=access.can_approve_learning_example(current_user, participation),
    )


@bp.route("/participations/<int:participation_id>/cases/new", methods=["GET", "POST"])
@login_required
def new_case(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_editor(participation)
    form = forms.CaseForm()
    if form.validate_on_submit():
        case = services.create_case(participation, form.case_data())
        db.session.commit()
        flash(_("Caset är skapat."))
        return redirect(_case_url(case))
    return _case_form_page(form, participation, None)


@bp.route("/cases/<int:case_id>")
@login_required
def case(case_id):
    case = _load_case(case_id)
    return render_template(
        "cases/case.html",
        case=case,
        participation=case.participation,
        matrix=risk_levels.risk_matrix(case.risks),
        level_band=risk_levels.level_band,
        can_edit=access.can_edit_cases(current_user, case.participation),
        logged=services.case_hours(case),
        review=services.case_review(case),
    )


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
@login_required
def edit_case(case_id):
    case = _load_case(case_id, edit=True)
    form = forms.CaseForm(obj=case)
    if request.method == "GET":
        form.methods.data = [m.value for m in case.method_list]
        form.version.data = case.version
    if form.validate_on_submit():
        try:
            services.update_case(case, form.case_data(), expected_version=form.read_version())
            db.session.commit()
        except (services.StaleEdit, StaleDataError):
            db.session.rollback()
            flash(STALE, "error")
            return redirect(url_for("cases.edit_case", case_id=case_id))
        flash(_("Caset är sparat."))
        return redirect(_case_url(case))
    return _case_form_page(form, case.participation, case)


def _case_form_page(form, participation, case):
    return render_template(
        "cases/case_form.html",
        form=form,
        participation=participation,
        case=case,
        method_groups=METHOD_GROUPS,
    )


@bp.route("/cases/<int:case_id>/risks/new", methods=["GET", "POST"])
@login_required
def new_risk(case_id):
    case = _load_case(case_id, edit=True)
    form = forms.RiskForm()
    if form.validate_on_submit():
        services.add_risk(case, form.risk_data())
        db.session.commit()
        flash(_("Risken är tillagd."))
        return redirect(_case_url(case, "risks-heading"))
    return render_template("cases/risk_form.html", form=form, case=case, risk=None)


def _risk_of(case, risk_id):
    risk = db.get_or_404(RiskItem, risk_id)
    if risk.case_id != case.id:
        abort(404)
    return risk


@bp.route("/cases/<int:case_id>/risks/<int:risk_id>/edit", methods=["GET", "POST"])
@login_required
def edit_risk(case_id, risk_id):
    case = _load_case(case_id, edit=True)
    risk = _risk_of(case, risk_id)
    form = forms.RiskForm(obj=risk)
    if request.method == "GET":
        form.likelihood.data, form.consequence.data = str(risk.likelihood), str(risk.consequence)
    if form.validate_on_submit():
        services.update_risk(risk, form.risk_data())
        db.session.commit()
        flash(_("Risken är sparad."))
        return redirect(_case_url(case, "risks-heading"))
    return render_template("cases/risk_form.html", form=form, case=case, risk=risk)


@bp.route("/cases/<int:case_id>/risks/<int:risk_id>/delete", methods=["POST"])
@login_required
def delete_risk(case_id, risk_id):
    case = _load_case(case_id, edit=True)
    services.delete_risk(_risk_of(case, risk_id))
    db.session.commit()
    flash(_("Risken är borttagen."))
    return redirect(_case_url(case, "risks-heading"))


@bp.route("/cases/<int:case_id>/communication/new", methods=["GET", "POST"])
@login_required
def new_communication(case_id):
    case = _load_case(case_id, edit=True)
    form = forms.CommunicationForm()
    if form.validate_on_submit():
        services.add_communication(case, form.communication_data())
        db.session.commit()
        flash(_("Kommunikationsinsatsen är tillagd."))
        return redirect(_case_url(case, "communication-heading"))
    return render_template("cases/communication_form.html", form=form, case=case)


@bp.route("/cases/<int:case_id>/communication/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_communication(case_id, item_id):
    case = _load_case(case_id, edit=True)
    item = db.get_or_404(CommunicationItem, item_id)
    if item.case_id != case.id:
        abort(404)
    services.delete_communication(item)
    db.session.commit()
    flash(_("Kommunikationsinsatsen är borttagen."))
    return redirect(_case_url(case, "communication-heading"))


@bp.route("/cases/<int:case_id>/journal/new", methods=["GET", "POST"])
@login_required
def new_journal_entry(case_id):
    case = _load_case(case_id, edit=True)
    form = forms.JournalForm()
    if request.method == "GET":
        form.written_on.data = utcnow().date()
    if form.validate_on_submit():
        services.add_journal_entry(
            case, written_on=form.written_on.data, text=form.text.data, author=current_user
        )
        db.session.commit()
        flash(_("Anteckningen är sparad i journalen."))
        return redirect(_case_url(case, "journal-heading"))
    return render_template("cases/journal_form.html", form=form, case=case)


@bp.route("/participations/<int:participation_id>/system")
@login_required
def checklist(participation_id):
    """The checklist to read, for everyone who sees the group: a summary per section (done,
    in progress, missing) and each item; an editor changes one section at a time."""
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_viewer(participation)
    checklist = services.checklist_for(participation)
    summaries = services.section_summaries(checklist)
    return render_template(
        "cases/checklist.html",
        participation=participation,
        checklist=checklist,
        summaries=summaries,
        done=sum(s.done for s in summaries),
        total=outline.ITEM_COUNT,
        can_edit=access.can_edit_cases(current_user, participation),
        level_labels=RESPONSIBILITY_LEVEL_LABELS,
        document_status=checklist.document_status or DocumentStatus.NONE,
    )


DOCUMENT_PART = "document"  # the responsibility level and the governing document


def _section_form(section_key, checklist):
    """(form, section) for one part of the checklist; 404 for an unknown part."""
    if section_key == DOCUMENT_PART:
        form = forms.ChecklistDocumentForm(obj=checklist)
        if not form.is_submitted():
            _fill_checklist_form(form, checklist)
        return form, None
    section = next((s for s in outline.SECTIONS if s.key == section_key), None)
    if section is None:
        abort(404)
    form = forms.section_form_class(section)()
    if not form.is_submitted():
        _fill_checklist_form(form, checklist)
    return form, section


@bp.route("/participations/<int:participation_id>/system/<section_key>", methods=["GET", "POST"])
@login_required
def edit_checklist_section(participation_id, section_key):
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_editor(participation)
    checklist = services.checklist_for(participation)
    form, section = _section_form(section_key, checklist)
    back = url_for("cases.checklist", participation_id=participation_id, _anchor=section_key)
    if form.validate_on_submit():
        data = form.checklist_data() if section is None else {}
        try:
            services.update_checklist(
                checklist, data, form.item_data(), expected_version=form.read_version()
            )
            db.session.commit()
        except (services.StaleEdit, StaleDataError, IntegrityError):
            db.session.rollback()
            flash(STALE, "error")
            return redirect(back)
        flash(_("Organisationens system är sparat."))
        return redirect(back)
    return render_template(
        "cases/checklist_section.html",
        form=form,
        part=section,
        participation=participation,
        cancel_url=back,
    )


@bp.route("/participations/<int:participation_id>/system", methods=["POST"])
@login_required
def save_checklist(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_case_editor(participation)
    checklist = services.checklist_for(participation)
    form = forms.checklist_form_class()()
    if not form.validate_on_submit():
        # The whole checklist in one form (kept for clients that post it): its errors are shown
        # on the checklist's page, where it is edited one part at a time.
        for name, errors in form.errors.items():
            flash(f"{form[name].label.text}: {' '.join(map(str, errors))}", "error")
        return redirect(url_for("cases.checklist", participation_id=participation_id))
    try:
        services.update_checklist(
            checklist, form.checklist_data(), form.item_data(), expected_version=form.read_version()
        )
        db.session.commit()
    except (services.StaleEdit, StaleDataError, IntegrityError):
        db.session.rollback()
        flash(STALE, "error")
        return redirect(url_for("cases.checklist", participation_id=participation_id))
    flash(_("Organisationens system är sparat."))
    return redirect(url_for("cases.overview", participation_id=participation_id))


def _fill_checklist_form(form, checklist):
    form.version.data = checklist.version or 0  # 0: nobody has saved it yet
    if "responsibility_level" in form:
        form.responsibility_level.data = str(checklist.responsibility_level or "")
        form.document_status.data = (checklist.document_status or DocumentStatus.NONE).value
    for key, item in services.item_states(checklist).items():
        if f"state_{key}" in form:
            form[f"state_{key}"].data = item.state.value
            form[f"note_{key}"].data = item.note


@bp.route("/networks/<int:network_id>/goals")
@login_required
def goals(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_goals_viewer(network)
    return render_template(
        "cases/goals.html",
        network=network,
        goals=services.network_goals(network),
        figures=figures,
    )
