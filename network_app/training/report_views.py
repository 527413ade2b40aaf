"""What the training reached: the leader's report page, its chart and its Excel export."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.register import services as register_services
from network_app.register.models import KIND_LABELS, EntryKind
from network_app.training import chart, reporting
from network_app.training.exports import Sheet, report_to_xlsx
from network_app.training.models import Delivery, SeminarLength

bp = Blueprint("training_report", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _enum(enum_class, value):
    try:
        return enum_class(value) if value else None
    except ValueError:
        return None


def _filters():
    """The report's filters from the query string; an unknown value is no filter."""
    args = request.args
    year = args.get("year", "")
    county = args.get("county", "")
    counties = dict(register_services.counties())
    return reporting.Filters(
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        county_code=county if county in counties else None,
        kind=_enum(EntryKind, args.get("kind")),
        length=_enum(SeminarLength, args.get("length")),
        delivery=_enum(Delivery, args.get("delivery")),
    ), counties


def chart_alt(years):
    if not years:
        return _("Diagram: inga genomförda utbildningar med de valda urvalen.")
    parts = [_("%(year)s: %(count)d", year=row.label, count=row.trainings) for row in years]
    return _("Diagram: genomförda utbildningar per år. %(values)s.", values="; ".join(parts))


@bp.route("/training/report")
@login_required
def report():
    access.require_training_manager()
    filters, counties = _filters()
    figures = reporting.figures(filters)
    return render_template(
        "training/report.html",
        filters=filters,
        counties=counties,
        years=reporting.years(),
        kinds=KIND_LABELS,
        never_reached=reporting.never_reached(),
        register_size=reporting.register_size(),
        chart_alt=chart_alt(figures["per_year"]),
        query=request.query_string.decode("ascii", "replace"),
        **figures,
    )


@bp.route("/training/report/chart.png")
@login_required
def report_chart():
    access.require_training_manager()
    filters, _counties = _filters()
    rows = reporting.by_year(filters)

    def value_text(value):
        return ngettext("%(num)d utbildning", "%(num)d utbildningar", value)

    data = chart.bars_png([(row.label, row.trainings) for row in rows], value_text=value_text)
    return private_download(data, "image/png", "utbildningar-per-ar.png")


def _sheets(filters):
    figures = reporting.figures(filters)
    count, people = _("Utbildningar"), _("Antal deltagare")

    def summary(title, heading, rows):
        return Sheet(
            title,
            [heading, count, people],
            [[row.label, row.trainings, row.participants] for row in rows],
            (40, 14, 12),
            total=[_("Summa"), figures["total"].trainings, figures["total"].participants],
        )

    held = [
        [
            training.training_on,
            entry.long_name,
            str(entry.kind_label),
            entry.county_name,
            str(training.length.label),
            str(training.delivery.label),
            str(training.assembly.label),
            training.participants,
        ]
        for training, entry in reporting.held_trainings(filters)
    ]
    never = reporting.never_reached()
    return [
        Sheet(
            _("Genomförda"),
            [
                _("Datum"),
                _("Kommun eller region"),
                _("Typ"),
                _("Län"),
                _("Upplägg"),
                _("Var"),
                _("Förtroendevalda"),
                people,
            ],
            held,
            (12, 32, 10, 24, 36, 12, 26, 10),
            total=[_("Summa"), "", "", "", "", "", "", figures["total"].participants],
        ),
        summary(_("Per år"), _("År"), figures["per_year"]),
        summary(_("Per län"), _("Län"), figures["per_county"]),
        summary(_("Per typ"), _("Typ"), figures["per_kind"]),
        summary(_("Per upplägg"), _("Upplägg"), figures["per_format"]),
        summary(_("Per organisation"), _("Kommun eller region"), figures["per_organisation"]),
        Sheet(
            _("Inte nådda"),
            [_("Kod"), _("Kommun eller region"), _("Typ"), _("Län")],
            [[e.code, e.long_name, str(e.kind_label), e.county_name] for e in never],
            (8, 32, 10, 24),
        ),
    ]


@bp.route("/training/report.xlsx")
@login_required
def report_xlsx():
    access.require_training_manager()
    filters, _counties = _filters()
    now = utcnow()
    data = report_to_xlsx(_sheets(filters), title=_("Utbildningar om hot och hat"), now=now)
    audit.record(audit.EXPORT, target_type="training", detail="report xlsx")
    db.session.commit()
    return private_download(data, XLSX, f"utbildningar-{now:%Y-%m-%d}.xlsx")
