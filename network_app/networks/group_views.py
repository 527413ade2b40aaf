"""The project group: adding, editing and removing members, and inviting them to an account."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from network_app import access, audit
from network_app.auth import services as account_services
from network_app.auth.invite import invite_and_show
from network_app.auth.models import Role
from network_app.extensions import db
from network_app.forms import BaseForm
from network_app.networks import services
from network_app.networks.forms import MemberForm
from network_app.networks.models import GroupMember, Participation

bp = Blueprint("groups", __name__, url_prefix="/participations/<int:participation_id>/members")


def _load_member(participation_id, member_id):
    member = db.get_or_404(GroupMember, member_id)
    if member.participation_id != participation_id:
        abort(404)
    return member


def _back_to_group(participation):
    return redirect(url_for("networks.participation", participation_id=participation.id))


EMAIL_REFUSALS = {
    services.AlreadyMember: _l("Personen med den e-postadressen är redan med i gruppen."),
    services.PersonEmailTaken: _l("En annan person i organisationen har redan den e-postadressen."),
}


def _validate_with_email_check(form, participation, member=None):
    """The form's checks and the group's rule on the address, in one round."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    if not form.email.errors and form.email.data:
        refusal = services.email_refusal(participation, form.email.data, member=member)
        if refusal is not None:
            form.email.errors.append(str(EMAIL_REFUSALS[type(refusal)]))
            valid = False
    return valid


@bp.route("/new", methods=["GET", "POST"])
@login_required
def add_member(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_group_editor(participation)
    form = MemberForm()
    if _validate_with_email_check(form, participation):
        try:
            services.add_member(participation, **form.member_data())
        except services.AlreadyMember:
            form.email.errors.append(_("Personen med den e-postadressen är redan med i gruppen."))
        else:
            db.session.commit()
            flash(_("%(name)s är tillagd i projektgruppen.", name=form.name.data))
            return _back_to_group(participation)
    return render_template(
        "networks/member_form.html", form=form, participation=participation, member=None
    )


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def edit_member(participation_id, member_id):
    member = _load_member(participation_id, member_id)
    participation = member.participation
    access.require_group_editor(participation)
    form = MemberForm(obj=member.person)
    if not form.is_submitted():
        form.is_contact.data = member.is_contact
    if _validate_with_email_check(form, participation, member=member):
        try:
            services.update_member(member, **form.member_data())
        except services.PersonEmailTaken:
            form.email.errors.append(
                _("En annan person i organisationen har redan den e-postadressen.")
            )
        else:
            db.session.commit()
            flash(_("Uppgifterna om %(name)s är sparade.", name=member.person.name))
            return _back_to_group(participation)
    return render_template(
        "networks/member_form.html", form=form, participation=participation, member=member
    )


@bp.route("/<int:member_id>/remove", methods=["GET", "POST"])
@login_required
def remove_member(participation_id, member_id):
    member = _load_member(participation_id, member_id)
    participation = member.participation
    access.require_group_editor(participation)
    form = BaseForm()
    if form.validate_on_submit():
        name = member.person.name
        services.remove_member(member)
        db.session.commit()
        flash(_("%(name)s är borttagen ur projektgruppen.", name=name))
        return _back_to_group(participation)
    return render_template(
        "networks/member_remove.html", form=form, participation=participation, member=member
    )


def _unlinked_account_of_the_organisation(person):
    """An account the leader made by hand for this person (same address, same organisation):
    link it to the person rather than refuse a second one."""
    user = account_services.find_user_by_email(person.email)
    if user is None or user.person_id is not None or user.organisation_id != person.organisation_id:
        return None
    user.person = person
    return user


@bp.route("/<int:member_id>/account", methods=["POST"])
@login_required
def invite_member(participation_id, member_id):
    """The leader gives a group member an account and a one-time link to set its password,
    or a new link when the account exists (a forgotten password, an expired link)."""
    member = _load_member(participation_id, member_id)
    access.require_leader()
    person = member.person
    user = services.account_of_person(person)
    if user is not None and not user.active:
        flash(
            _(
                "Kontot för %(name)s är avstängt. Aktivera det först om personen ska få en ny "
                "inbjudningslänk.",
                name=user.name,
            ),
            "error",
        )
        return _back_to_group(member.participation)
    if user is None:
        user = _unlinked_account_of_the_organisation(person)
    if user is None:
        try:
            user = account_services.create_account(
                email=person.email,
                name=person.name,
                role=Role.PARTICIPANT,
                organisation=person.organisation,
                person=person,
            )
        except account_services.EmailTaken:
            flash(
                _(
                    "Det finns redan ett konto med e-postadressen %(email)s. Du hittar det under "
                    "Konton.",
                    email=person.email,
                ),
                "error",
            )
            return _back_to_group(member.participation)
        audit.record(
            audit.ACCOUNT_CREATED, target_type="user", target_id=user.id, detail="role=participant"
        )
    back = url_for("networks.participation", participation_id=participation_id)
    return invite_and_show(user, back_url=back + "#people-heading")
