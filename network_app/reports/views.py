"""The Word downloads: a learning example per organisation and the network report, each plain
or anonymised (?variant=anonymised)."""

from flask import Blueprint, request
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.networks.models import Network, Participation
from network_app.reports import collect
from network_app.reports.builder import build_learning_example, build_network_report

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
