"""The leader's view of the audit log, a page at a time."""

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from network_app import access, audit

bp = Blueprint("audit", __name__)


@bp.record_once
def _create_app_logger(state):
    """Flask attaches its handler to the app's logger when first asked for it; audit lines,
    logged by a child of it, need that handler from the first request on."""
    state.app.logger  # noqa: B018 - the access creates the logger and its handler


PER_PAGE = 50
# Deep pages of an OFFSET query get slow; past this the log is for the database's own tools.
MAX_PAGE = 2000


@bp.route("/audit")
@login_required
def log():
    access.require_leader()
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    events, has_next = audit.page_of_events(page=page, per_page=PER_PAGE)
    return render_template(
        "audit/log.html", events=events, page=page, has_next=has_next, labels=audit.ACTION_LABELS
    )
