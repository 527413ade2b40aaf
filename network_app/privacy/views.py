"""The leader's pages for one person's data: read it, download it, erase it."""

import json
import logging

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.networks.models import Person
from network_app.privacy import services
from network_app.privacy.forms import EraseForm

# Ids only: the log must never hold a name or an address (see tests/test_personal_data.py).
log = logging.getLogger(__name__)

bp = Blueprint("privacy", __name__, url_prefix="/people/<int:person_id>")


def _load_person(person_id):
    access.require_leader()
    return db.get_or_404(Person, person_id)


@bp.route("/personal-data")
@login_required
def personal_data(person_id):
    person = _load_person(person_id)
    data = services.collect_personal_data(person)
    return render_template(
        "privacy/personal_data.html",
        person=person,
        data=data,
        anonymised=services.is_anonymised(person),
    )


@bp.route("/personal-data.json")
@login_required
def personal_data_json(person_id):
    person = _load_person(person_id)
    now = utcnow()
    document = services.collect_personal_data(person).as_json(now=now)
    log.info("personal data of person %d exported by user %d", person.id, current_user.id)
    audit.record(
        audit.EXPORT, target_type="person", target_id=person.id, detail="json", commit=True
    )
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    # The id, never the name, in the file name: names stay out of URLs and download lists.
    return private_download(
        body, "application/json", f"personuppgifter-{person.id}-{now:%Y%m%d}.json"
    )


@bp.route("/erase", methods=["GET", "POST"])
@login_required
def erase(person_id):
    person = _load_person(person_id)
    if services.is_anonymised(person):
        flash(_("Personens uppgifter är redan raderade."))
        return redirect(url_for("privacy.personal_data", person_id=person.id))
    form = EraseForm()
    if form.validate_on_submit():
        services.erase_person(person)
        audit.record(audit.PERSON_ERASED, target_type="person", target_id=person.id)
        db.session.commit()
        log.info("person %d erased by user %d", person.id, current_user.id)
        flash(_("Personens namn och kontaktuppgifter är raderade. Timmar och närvaro finns kvar."))
        return redirect(url_for("networks.organisation", organisation_id=person.organisation_id))
    return render_template(
        "privacy/erase.html",
        form=form,
        person=person,
        cancel_url=url_for("privacy.personal_data", person_id=person.id),
    )
