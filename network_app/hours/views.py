"""Work at home: an organisation's entries and progress, the network side by side, exports."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.assignments import services as assignment_services
from network_app.cases import services as case_services
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.forms import BaseForm
from network_app.hours import chart, entries, exports, progress
from network_app.hours.forms import HourEntryForm
from network_app.hours.models import ACTIVITY_LABELS, HourEntry
from network_app.networks.models import Network, Participation
from network_app.networks.services import local_today

bp = Blueprint("hours", __name__)


REFUSALS = {
    entries.DateBeforeStart: lambda network: _(
        "Datumet är före nätverkets start %(day)s. Ange ett senare datum.",
        day=network.starts_on.isoformat(),
    ),
    entries.DateAfterEnd: lambda network: _(
        "Datumet är efter nätverkets slut %(day)s. Ange ett datum inom nätverkets period.",
        day=network.ends_on.isoformat(),
    ),
    entries.DateInFuture: lambda network: _(
        "Datumet har inte varit ännu. Logga arbetet när det är gjort."
    ),
    entries.InvalidDuration: lambda network: _(
        "Ange mer än 0 och högst 12 timmar, i hela kvartar."
    ),
    entries.MemberNotInGroup: lambda network: _("Välj bara personer som finns i projektgruppen."),
    entries.NobodyPresent: lambda network: _(
        "Kryssa i minst en person som var med. Timmarna räknas som gruppens mötestid."
    ),
    entries.CaseNotOwn: lambda network: _(
        "Välj ett av organisationens egna case i listan, eller ”Inget särskilt case”."
    ),
    entries.AssignmentNotOwn: lambda network: _(
        "Välj ett av gruppens egna uppdrag i listan, eller ”Inget särskilt uppdrag”."
    ),
}


def _read_only_message(participation):
    if participation.network.is_closed:
        return _("Nätverket är stängt, så timmarna kan inte längre ändras.")
    return _("Organisationen är inte antagen till nätverket och kan inte logga timmar.")


def _load_entry(participation_id, entry_id):
    entry = db.get_or_404(HourEntry, entry_id)
    if entry.participation_id != participation_id:
        abort(404)
    return entry


def _to_overview(participation):
    return redirect(url_for("hours.overview", participation_id=participation.id))


@bp.route("/participations/<int:participation_id>/hours")
@login_required
def overview(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_group_viewer(participation)
    today = local_today(participation.network)
    figures = progress.participation_progress(participation, today)
    may_edit = access.can_edit_hours(current_user, participation)
    return render_template(
        "hours/overview.html",
        participation=participation,
        progress=figures,
        bar=chart.progress_bar_svg(figures),
        periods=progress.hours_by_period(participation),
        activities=progress.hours_by_activity(participation),
        entries=entries.entries(participation),
        can_edit=may_edit and entries.entries_are_open(participation),
        may_edit_hours=may_edit,
        read_only_message=_read_only_message(participation),
        today=today,
    )


def _save(form, participation, save):
    """Validate the form and ask the service for its refusals in the same round, each next to
    its field; when there are none, save and commit."""
    members = {member.id: member for member in participation.members}
    cases = {case.id: case for case in _cases_of(participation)}
    if not form.is_submitted():
        return None
    valid = form.validate()
    today = local_today(participation.network)
    if not entries.entries_are_open(participation):
        flash(_read_only_message(participation), "error")
        return _to_overview(participation)
    assignments = {a.id: a for a in assignment_services.assignments_of(participation)}
    for refusal in entries.refusals(
        participation, form.checked_values(members, cases, assignments), today=today
    ):
        getattr(form, refusal.field).errors.append(REFUSALS[type(refusal)](participation.network))
        valid = False
    if not valid:
        return None
    try:
        save(form.entry_values(members, cases, assignments))
    except entries.EntriesReadOnly:
        flash(_read_only_message(participation), "error")
        return _to_overview(participation)
    db.session.commit()
    return _to_overview(participation)


def _cases_of(participation):
    """The organisation's own cases, the only ones its work can be logged against."""
    return case_services.cases_of(participation, by_title=True)


def _entry_form(participation, entry=None):
    form = HourEntryForm()
    form.set_members(sorted(participation.members, key=lambda m: m.person.name.lower()))
    form.set_cases(_cases_of(participation))
    form.set_assignments(assignment_services.assignments_of(participation))
    if entry is not None and not form.is_submitted():
        form.fill_from(entry)
    return form


def _refuse_if_read_only(participation):
    if entries.entries_are_open(participation):
        return None
    flash(_read_only_message(participation), "error")
    return _to_overview(participation)


@bp.route("/participations/<int:participation_id>/hours/new", methods=["GET", "POST"])
@login_required
def new_entry(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_hours_editor(participation)
    if refused := _refuse_if_read_only(participation):
        return refused
    form = _entry_form(participation)
    today = local_today(participation.network)
    if not form.is_submitted():
        form.worked_on.data = min(today, participation.network.ends_on)
    user = current_user._get_current_object()
    done = _save(
        form,
        participation,
        lambda values: entries.log_entry(participation, values, by=user, today=today),
    )
    if done:
        flash(_("Timmarna är sparade."))
        return done
    return render_template(
        "hours/entry_form.html", form=form, participation=participation, entry=None
    )


@bp.route(
    "/participations/<int:participation_id>/hours/<int:entry_id>/edit", methods=["GET", "POST"]
)
@login_required
def edit_entry(participation_id, entry_id):
    entry = _load_entry(participation_id, entry_id)
    participation = entry.participation
    access.require_hours_editor(participation)
    if refused := _refuse_if_read_only(participation):
        return refused
    form = _entry_form(participation, entry)
    today = local_today(participation.network)
    user = current_user._get_current_object()
    done = _save(
        form,
        participation,
        lambda values: entries.update_entry(entry, values, by=user, today=today),
    )
    if done:
        flash(_("Ändringen är sparad."))
        return done
    return render_template(
        "hours/entry_form.html", form=form, participation=participation, entry=entry
    )


@bp.route(
    "/participations/<int:participation_id>/hours/<int:entry_id>/delete", methods=["GET", "POST"]
)
@login_required
def delete_entry(participation_id, entry_id):
    entry = _load_entry(participation_id, entry_id)
    participation = entry.participation
    access.require_hours_editor(participation)
    if refused := _refuse_if_read_only(participation):
        return refused
    form = BaseForm()
    if form.validate_on_submit():
        entries.delete_entry(entry, by=current_user._get_current_object())
        db.session.commit()
        flash(_("Posten är borttagen."))
        return _to_overview(participation)
    return render_template(
        "hours/entry_delete.html",
        form=form,
        participation=participation,
        entry=entry,
    )


@bp.route("/participations/<int:participation_id>/hours/history")
@login_required
def history(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    return render_template(
        "hours/history.html",
        participation=participation,
        changes=entries.entry_history(participation),
        activity_labels=ACTIVITY_LABELS,
    )


@bp.route("/networks/<int:network_id>/hours")
@login_required
def network_overview(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_hours_viewer(network)
    today = local_today(network)
    figures = progress.network_hours(network, today)
    months, monthly = chart.monthly_totals(network, figures.series, today)
    return render_template(
        "hours/network.html",
        network=network,
        rows=figures.rows,
        chart=chart.burnup_svg(network, figures.series, today),
        series=figures.series,
        months=months,
        monthly=monthly,
        today=today,
    )


# Exports


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _export(extension, rows, totals, title, subject, target):
    today = utcnow().date()
    if extension == "csv":
        data = exports.entries_to_csv(rows, totals)
    else:
        data = exports.entries_to_xlsx(rows, totals, title=title, now=utcnow())
    target_type, target_id = target
    audit.record(
        audit.EXPORT, target_type=target_type, target_id=target_id, detail=extension, commit=True
    )
    return private_download(
        data,
        EXPORT_TYPES[extension],
        exports.export_filename(_("arbete-hemmaplan"), subject, today, extension),
    )


def _participation_export(participation_id, extension):
    participation = db.get_or_404(Participation, participation_id)
    access.require_group_viewer(participation)
    figures = progress.participation_progress(participation, local_today(participation.network))
    name = participation.organisation.name
    return _export(
        extension,
        entries.export_rows(participation),
        [exports.ExportTotal(name, figures.hours, figures.person_hours)],
        _("Arbete på hemmaplan: %(name)s", name=name),
        name,
        ("participation", participation.id),
    )


def _network_export(network_id, extension):
    network = db.get_or_404(Network, network_id)
    access.require_network_hours_viewer(network)
    rows = progress.network_progress(network, local_today(network))
    return _export(
        extension,
        entries.network_export_rows(network),
        [exports.ExportTotal(r.organisation_name, r.hours, r.person_hours) for r in rows],
        _("Arbete på hemmaplan: %(name)s", name=network.name),
        network.name,
        ("network", network.id),
    )


@bp.route("/participations/<int:participation_id>/hours/export.csv")
@login_required
def export_csv(participation_id):
    return _participation_export(participation_id, "csv")


@bp.route("/participations/<int:participation_id>/hours/export.xlsx")
@login_required
def export_xlsx(participation_id):
    return _participation_export(participation_id, "xlsx")


@bp.route("/networks/<int:network_id>/hours/export.csv")
@login_required
def network_export_csv(network_id):
    return _network_export(network_id, "csv")


@bp.route("/networks/<int:network_id>/hours/export.xlsx")
@login_required
def network_export_xlsx(network_id):
    return _network_export(network_id, "xlsx")
