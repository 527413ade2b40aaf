"""Who may see or change what. Every view calls one of these before it acts."""

import functools

import sqlalchemy as sa
from flask import abort, g, has_request_context
from flask_login import current_user

from network_app.auth.models import Role, network_observers
from network_app.extensions import db
from network_app.meetings.models import MeetingKind
from network_app.networks.models import JointMember, Network, Participation, ParticipationStatus


def is_leader(user):
    """The project leader at SKR: starts networks, gives accounts, sees every group."""
    return user.role == Role.LEADER


def require_leader():
    if not is_leader(current_user):
        abort(403)


# People and accounts


def can_manage_accounts(user):
    """The people an organisation has registered, their accounts and invitation links: the
    leader only (participants and observers never see this)."""
    return is_leader(user)


def can_see_every_groups_contact_details(user):
    """E-mail and phone numbers of every group at once (the network report): the leader only."""
    return is_leader(user)


def joint_participation_ids(user):
    """The participations the user's organisation takes part in as a joint member
    (samverkanslösning): one query per request, remembered for the request's other checks."""
    if user.role != Role.PARTICIPANT or user.organisation_id is None:
        return frozenset()
    key = ("joint_participation_ids", user.organisation_id)
    cache = g.setdefault("_access_cache", {}) if has_request_context() else {}
    if key not in cache:
        cache[key] = frozenset(
            db.session.scalars(
                sa.select(JointMember.participation_id).where(
                    JointMember.organisation_id == user.organisation_id
                )
            )
        )
    return cache[key]


def _takes_part(user, participation):
    """The participation is the user's organisation's own, alone or jointly."""
    return participation.organisation_id == user.organisation_id or (
        participation.id in joint_participation_ids(user)
    )


def visible_networks_query(user):
    """The networks the user may see, as a select to refine."""
    return visible_networks_select(user.role).params(visible_networks_parameters(user))


def visible_networks_parameters(user):
    """The values of visible_networks_select's parameters for the user."""
    return {"visible_user_id": user.id, "visible_organisation_id": user.organisation_id}


@functools.cache
def visible_networks_select(role):
    """The networks someone of the role may see, as a select built once (a page that refines it
    the same way each time can build its own statement once too), with the user as the
    parameters of visible_networks_parameters."""
    query = sa.select(Network)
    if role == Role.LEADER:
        return query
    if role == Role.OBSERVER:
        return query.join(network_observers, network_observers.c.network_id == Network.id).where(
            network_observers.c.user_id == sa.bindparam("visible_user_id")
        )
    organisation_id = sa.bindparam("visible_organisation_id")
    own = sa.select(Participation.network_id).where(
        Participation.organisation_id == organisation_id
    )
    joint = sa.select(JointMember.network_id).where(JointMember.organisation_id == organisation_id)
    return query.where(sa.or_(Network.id.in_(own), Network.id.in_(joint)))


def can_view_network(user, network):
    if user.role == Role.LEADER:
        return True
    if user.role == Role.OBSERVER:
        return any(observed.id == network.id for observed in user.observed_networks)
    return any(_takes_part(user, p) for p in network.participations)


def require_network_viewer(network):
    if not can_view_network(user=current_user, network=network):
        abort(403)


def can_view_organisation(user, organisation):
    """An organisation's page: the leader, and the organisation's own people."""
    return is_leader(user) or user.organisation_id == organisation.id


def require_organisation_viewer(organisation):
    if not can_view_organisation(current_user, organisation):
        abort(403)


def is_own_group(user, participation):
    """The participant's organisation's group: its own participation, or a joint one it is a
    member of (each member organisation sees and works on it; no one else)."""
    return user.role == Role.PARTICIPANT and _takes_part(user, participation)


def can_view_group(user, participation):
    """The group page: the leader, the network's observers, and the organisation's own people."""
    if user.role == Role.OBSERVER:
        return can_view_network(user, participation.network)
    return user.role == Role.LEADER or is_own_group(user, participation)


def can_edit_group(user, participation):
    if user.role == Role.LEADER:
        return True
    return is_own_group(user, participation) and not participation.network.is_closed


def can_see_contact_details(user, participation):
    """E-mail and phone numbers: only the leader and the group's own organisation."""
    return user.role == Role.LEADER or is_own_group(user, participation)


def require_group_viewer(participation):
    if not can_view_group(current_user, participation):
        abort(403)


def require_group_editor(participation):
    if not can_edit_group(current_user, participation):
        abort(403)


# Work at home (hours)


def can_edit_hours(user, participation):
    """Logging, changing and deleting entries: the leader and the organisation's own people.
    A closed network makes the entries read-only for everyone: the hours service refuses that."""
    return user.role == Role.LEADER or is_own_group(user, participation)


def require_hours_editor(participation):
    if not can_edit_hours(current_user, participation):
        abort(403)


def can_view_network_hours(user, network):
    """All organisations side by side: the leader and the network's observers, no participant."""
    if user.role == Role.PARTICIPANT:
        return False
    return can_view_network(user, network)


def require_network_hours_viewer(network):
    if not can_view_network_hours(current_user, network):
        abort(403)


# Meetings


def can_view_meeting(user, meeting):
    """Network meetings: whoever sees the network. A local workshop: not other organisations."""
    if not can_view_network(user, meeting.network):
        return False
    if meeting.kind != MeetingKind.WORKSHOP or user.role != Role.PARTICIPANT:
        return True
    host = meeting.host_participation
    return host is not None and _takes_part(user, host)


def require_meeting_viewer(meeting):
    if not can_view_meeting(current_user, meeting):
        abort(404 if meeting.kind == MeetingKind.WORKSHOP else 403)


def can_answer_evaluation(user, meeting):
    """A meeting's evaluation: the participants of the groups asked to it (an accepted
    organisation of the network; for a workshop, its host)."""
    if user.role != Role.PARTICIPANT or not can_view_meeting(user, meeting):
        return False
    if meeting.kind == MeetingKind.WORKSHOP:
        return True  # can_view_meeting: the host's own people
    return any(
        p.organisation_id == user.organisation_id and p.status == ParticipationStatus.ACCEPTED
        for p in meeting.network.participations
    )


def require_evaluation_answerer(meeting):
    if not can_answer_evaluation(current_user, meeting):
        abort(404 if meeting.kind == MeetingKind.WORKSHOP else 403)


def can_upload_material(user, meeting):
    """A meeting's material: the leader; for a local workshop also the host group's own people
    (while the network is open)."""
    if is_leader(user):
        return True
    host = meeting.host_participation
    return (
        meeting.kind == MeetingKind.WORKSHOP
        and host is not None
        and is_own_group(user, host)
        and not meeting.network.is_closed
    )


def require_material_uploader(meeting):
    if not can_upload_material(current_user, meeting):
        abort(
            404
            if meeting.kind == MeetingKind.WORKSHOP and not can_view_meeting(current_user, meeting)
            else 403
        )


def can_see_registration_details(user, participation):
    """Dietary needs are health data: only the leader and the group's own organisation."""
    return user.role == Role.LEADER or is_own_group(user, participation)


# Cases, the system checklist and the learning examples (cases and reports packages)


def can_view_cases(user, participation):
    """Same circle as the group page: the leader, the network's observers, the own organisation."""
    return can_view_group(user, participation)


def can_edit_cases(user, participation):
    return can_edit_group(user, participation)


def require_case_viewer(participation):
    if not can_view_cases(current_user, participation):
        abort(403)


def require_case_editor(participation):
    if not can_edit_cases(current_user, participation):
        abort(403)


def is_group_contact(user, participation):
    """The signed-in person is the group's contact person (the one who approves publication)."""
    if not is_own_group(user, participation) or user.person_id is None:
        return False
    return any(m.is_contact and m.person_id == user.person_id for m in participation.members)


def can_register_group(user, participation):
    """The whole group's answers to a meeting in one form: the leader and the group's contact
    person (while the network is open)."""
    if is_leader(user):
        return True
    return is_group_contact(user, participation) and not participation.network.is_closed


def require_group_registrar(participation):
    if not can_register_group(current_user, participation):
        abort(403)


def can_approve_learning_example(user, participation):
    return is_group_contact(user, participation) and not participation.network.is_closed


def require_learning_example_approver(participation):
    if not can_approve_learning_example(current_user, participation):
        abort(403)


def can_request_approval(user, participation):
    """The leader asks the group's contact person to review the learning example."""
    return is_leader(user) and not participation.network.is_closed


def require_approval_requester(participation):
    if not can_request_approval(current_user, participation):
        abort(403)


def can_read_shared_examples(user, network):
    """The approved anonymised learning examples of a network's organisations (sharing between
    groups): whoever sees the network, so every participant reads the others' examples. Which
    example may be read at all (approved as it reads now) the view decides, 404 otherwise."""
    return can_view_network(user, network)


def require_shared_examples_reader(network):
    """404, not 403: another network's examples are not even said to exist."""
    if not can_read_shared_examples(current_user, network):
        abort(404)


def can_read_shared_example(user, participation, in_library):
    """One approved example: whoever sees its network, and every signed-in user once the
    leader has put it in the "Lärande exempel" library."""
    return in_library or can_read_shared_examples(user, participation.network)


def require_shared_example_reader(participation, in_library):
    if not can_read_shared_example(current_user, participation, in_library):
        abort(404)


def can_read_library(user):
    """The "Lärande exempel" library: every signed-in user (the views require a login)."""
    return user.is_authenticated


def can_manage_library(user):
    """Putting an approved example of an earlier network in the library, or taking it out."""
    return is_leader(user)


def require_library_manager():
    if not can_manage_library(current_user):
        abort(403)


def can_view_network_goals(user, network):
    """Goal attainment of every organisation side by side: the leader and its observers."""
    return user.role == Role.LEADER or (
        user.role == Role.OBSERVER and can_view_network(user, network)
    )


def require_network_goals_viewer(network):
    if not can_view_network_goals(current_user, network):
        abort(403)


def can_view_network_overview(user, network):
    """The leader's overview of every organisation (dashboards): the same circle as the goals."""
    return can_view_network_goals(user, network)


def require_network_overview_viewer(network):
    if not can_view_network_overview(current_user, network):
        abort(403)


# The training offer (training package)


def can_manage_training(user):
    """The queue, scheduling, the outcome and the report: the leader only."""
    return is_leader(user)


def require_training_manager():
    if not can_manage_training(current_user):
        abort(403)


def can_request_training_for(user, organisation):
    """A request in the app: the leader on the organisation's behalf, or its own participants."""
    if is_leader(user):
        return True
    return user.role == Role.PARTICIPANT and user.organisation_id == organisation.id


def require_training_requester(organisation):
    if not can_request_training_for(current_user, organisation):
        abort(403)


# Agreed assignments (assignments package)


def can_manage_assignments(user, network):
    """Recording what the groups take on: the leader."""
    return is_leader(user)


def require_assignment_manager(network):
    if not can_manage_assignments(current_user, network):
        abort(403)


def can_view_network_assignments(user, network):
    """Every group's assignments side by side: the leader and the network's coaches (observers),
    no participant."""
    return can_view_network_hours(user, network)


def require_network_assignments_viewer(network):
    if not can_view_network_assignments(current_user, network):
        abort(403)


def can_report_assignment(user, assignment):
    """The status and report: the group's own people and the leader, while the network is open
    (the leader always)."""
    return can_edit_group(user, assignment.participation)


def require_assignment_reporter(assignment):
    if not can_report_assignment(current_user, assignment):
        abort(403)


# Coaching and comments (coaching package): the group's and SKR's only


def can_view_coaching(user, participation):
    """Coaching notes and comment threads: the leader, the network's coaches (observers) and
    the group's own organisation; never another organisation."""
    return can_view_group(user, participation)


def require_coaching_viewer(participation):
    if not can_view_coaching(current_user, participation):
        abort(403)


def can_log_coaching(user, participation):
    """Logging a coaching session: the leader and the network's coaches."""
    if user.role == Role.OBSERVER:
        return can_view_network(user, participation.network)
    return is_leader(user)


def require_coaching_logger(participation):
    if not can_log_coaching(current_user, participation):
        abort(403)


def can_comment(user, participation):
    """The leader and the coaches comment; the group answers in the same thread."""
    return can_view_coaching(user, participation)


def require_commenter(participation):
    if not can_comment(current_user, participation):
        abort(403)
