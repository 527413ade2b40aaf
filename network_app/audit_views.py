"""The leader's view of the audit log: filters, a page at a time, names with links, CSV."""

from datetime import date
from typing import NamedTuple

from flask import Blueprint, abort, render_template, request
from flask_login import login_required
from markupsafe import Markup, escape

from network_app import access, audit
from network_app.auth import audit_log
from network_app.auth.forms import ROLE_LABELS, AuditFilterForm
from network_app.auth.models import Role
from network_app.downloads import private_download
from network_app.i18n import gettext as _
from network_app.i18n import label
from network_app.links import id_link
from network_app.networks.models import ParticipationStatus
from network_app.privacy.names import display_name

bp = Blueprint("audit", __name__)


@bp.record_once
def _create_app_logger(state):
    """Flask attaches its handler to the app's logger when first asked for it; audit lines,
    logged by a child of it, need that handler from the first request on."""
    state.app.logger  # noqa: B018 - the access creates the logger and its handler


PER_PAGE = 50
# Deep pages of an OFFSET query get slow; past this the log is for the database's own tools.
MAX_PAGE = 2000

# Where the object of an event is shown: (endpoint, its id argument).
TARGET_PAGES = {
    "user": ("auth.edit_account", "user_id"),
    "person": ("privacy.personal_data", "person_id"),
    "network": ("networks.network", "network_id"),
    "organisation": ("networks.organisation", "organisation_id"),
    "participation": ("networks.participation", "participation_id"),
    "meeting": ("meetings.meeting", "meeting_id"),
    "case": ("cases.case", "case_id"),
}


def category_labels():
    return {
        audit_log.CHANGES: _("Ändringar"),
        audit_log.SIGN_INS: _("Inloggningar och lösenord"),
        audit_log.EXPORTS: _("Nedladdningar"),
        audit_log.REFUSALS: _("Nekade åtkomster"),
    }


def target_kind_labels():
    return {
        "user": _("Konto"),
        "person": _("Person"),
        "network": _("Nätverk"),
        "organisation": _("Organisation"),
        "participation": _("Deltagande"),
        "meeting": _("Möte"),
        "case": _("Case"),
    }


def login_methods():
    return {
        "password": _("Med lösenord"),
        "totp": _("Med lösenord och kod från appen"),
        "recovery_code": _("Med lösenord och reservkod"),
    }


def export_kinds():
    return {
        "csv": _("CSV-fil"),
        "xlsx": _("Excel-fil"),
        "ics": _("Kalenderfil"),
        "json": _("Personuppgifter (JSON)"),
        "audit_csv": _("Granskningsloggen som CSV"),
    }


def _filter_form():
    form = AuditFilterForm(request.args)
    form.category.choices = [("", _("Allt"))] + list(category_labels().items())
    form.action.choices = [("", _("Alla"))] + [
        (action, label(text)) for action, text in audit.ACTION_LABELS.items()
    ]
    form.organisation.choices = [(0, _("Alla"))] + [
        (i, name) for i, name in audit_log.organisations_by_name()
    ]
    form.validate()
    return form


def _options(field):
    """The <option>s of a select, built in one pass: the organisations are a few hundred, and
    a template loop (or WTForms' widget) took a millisecond over them."""
    chosen = field.data
    return Markup(  # noqa: S704  # nosec B704 - every value and label is escaped
        "".join(
            f'<option value="{value if type(value) is int else escape(value)}"'
            f"{' selected' if value == chosen else ''}>"
            f"{escape(text)}</option>"
            for value, text in field.choices
        )
    )


def detail_texts():
    """The words for stored details, looked up once per page."""
    return {
        audit.LOGIN: login_methods(),
        audit.EXPORT: export_kinds(),
        "GET": _("Försökte öppna en sida"),
        "other": _("Försökte ändra något"),
    }


def _readable_detail(action, detail, texts):
    """The detail in words where the app knows them; otherwise as stored."""
    detail = detail or ""
    if action == audit.ACCESS_DENIED:
        return texts["GET"] if detail.split(" ", 1)[0] == "GET" else texts["other"]
    if action in (audit.LOGIN, audit.EXPORT) and detail in texts[action]:
        return texts[action][detail]
    if action == audit.PARTICIPATION_STATUS_CHANGED and "->" in detail:
        try:
            before, after = (ParticipationStatus(s).label for s in detail.split("->", 1))
        except ValueError:
            return detail
        return f"{before} → {after}"
    if detail.startswith("role="):
        try:
            return str(ROLE_LABELS[Role(detail.removeprefix("role="))])
        except ValueError:
            return detail
    return detail


class Row(NamedTuple):
    """An event as the page and the CSV show it: names and links, not ids. (A named tuple: made
    fifty times a page, and a frozen dataclass is several times slower to make.)"""

    occurred_at: object
    time: str  # when, as the page shows it: the minute, in the log's zone
    label: object
    actor: str | None
    actor_url: str | None
    target_type: str | None
    target_id: int | None
    target_kind: str
    target: str | None
    target_url: str | None
    detail: str
    address: str | None


def _rows(events):
    """The rows of audit_log's page_of_events (or events_for_export) as the page shows them."""
    kinds, texts = target_kind_labels(), detail_texts()
    account_url = id_link("auth.edit_account", "user_id")
    target_urls = {kind: id_link(*page) for kind, page in TARGET_PAGES.items()}
    rows = []
    # Unpacked by position: a SQLAlchemy row's attributes are looked up by name each time.
    for (
        _id,
        occurred_at,
        actor_id,
        action,
        target_type,
        target_id,
        detail,
        address,
        actor_name,
        target_name,
    ) in events:
        target_url = target_urls.get(target_type) if target_name else None
        actor = display_name(actor_name) if actor_name is not None else None
        rows.append(
            Row(
                occurred_at,
                occurred_at.astimezone(audit_log.LOG_ZONE).strftime("%Y-%m-%d %H:%M"),
                audit.ACTION_LABELS.get(action, action),
                actor,
                account_url(actor_id) if actor is not None else None,
                target_type,
                target_id,
                kinds.get(target_type, target_type or ""),
                display_name(target_name) if target_name else None,
                target_url(target_id) if target_url else None,
                _readable_detail(action, detail, texts),
                address,
            )
        )
    return rows


@bp.route("/audit")
@login_required
def log():
    access.require_leader()
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    form = _filter_form()
    chosen = audit_log.LogFilter(**form.chosen())
    events, has_next = audit_log.page_of_events(chosen, page=page, per_page=PER_PAGE)
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    person = form.person.data if not form.person.errors else None
    return render_template(
        "audit/log.html",
        form=form,
        options={name: _options(form[name]) for name in ("organisation", "category", "action")},
        person_name=audit_log.account_name(person) if person else None,
        without_person={k: v for k, v in query.items() if k != "person"},
        rows=_rows(events),
        page=page,
        has_next=has_next,
        query=query,
        max_export=audit_log.MAX_EXPORT_ROWS,
    )


@bp.route("/audit/export.csv")
@login_required
def export_csv():
    access.require_leader()
    form = _filter_form()
    events, _more = audit_log.events_for_export(audit_log.LogFilter(**form.chosen()))
    header = [
        _("Tid"),
        _("Händelse"),
        _("Vem"),
        _("Objektets slag"),
        _("Objekt"),
        _("Detaljer"),
        _("Adress"),
    ]
    rows = [
        (
            row.occurred_at.astimezone(audit_log.LOG_ZONE).strftime("%Y-%m-%d %H:%M:%S"),
            row.label,
            row.actor or "",
            row.target_kind,
            row.target or (row.target_id or ""),
            row.detail,
            row.address or "",
        )
        for row in _rows(events)
    ]
    audit.record(audit.EXPORT, target_type=None, detail="audit_csv", commit=True)
    return private_download(
        audit_log.events_to_csv(header, rows),
        "text/csv; charset=utf-8",
        f"granskningslogg-{date.today():%Y%m%d}.csv",
    )
