"""The leader's overview of a network (the participant's dashboard is networks.dashboard)."""

from flask import Blueprint, render_template, request
from flask_login import login_required

from network_app import access
from network_app.dashboards import overview
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks.models import Network
from network_app.networks.services import local_today

bp = Blueprint("dashboards", __name__)


@bp.route("/networks/<int:network_id>/overview")
@login_required
def network_overview(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_overview_viewer(network)
    key, descending = overview.parse_sort(request.args.get("sort"))
    rows = overview.network_overview(network, local_today(network), utcnow())
    return render_template(
        "dashboards/overview.html",
        network=network,
        rows=overview.sorted_rows(rows, key, descending),
        sort_key=key,
        descending=descending,
        quiet_days=overview.QUIET_DAYS,
    )
