"""The guard: every route of the app, walked as an anonymous visitor, as a participant of another
organisation and as an observer. A route without a rule here fails the test."""

import pytest

from tests import factories

PUBLIC, LOGIN, ALLOW, DENY = "public", "login", "allow", "deny"

# endpoint: (anonymous, participant of the other organisation, observer of the network)
RULES = {
    "static": (PUBLIC, PUBLIC, PUBLIC),
    "auth.login": (PUBLIC, ALLOW, ALLOW),
    "auth.accept_invitation": (PUBLIC, PUBLIC, PUBLIC),
    "auth.choose_language": (PUBLIC, PUBLIC, PUBLIC),
    "auth.logout": (LOGIN, LOGIN, LOGIN),  # signed in or not, it ends on the login page
    "auth.change_password": (LOGIN, ALLOW, ALLOW),
    "auth.accounts": (LOGIN, DENY, DENY),
    "auth.new_account": (LOGIN, DENY, DENY),
    "auth.reinvite": (LOGIN, DENY, DENY),
    "auth.set_active": (LOGIN, DENY, DENY),
    "auth.edit_account": (LOGIN, DENY, DENY),
    "auth.blocked": (LOGIN, DENY, DENY),
    "networks.dashboard": (LOGIN, ALLOW, ALLOW),
    "networks.new_network": (LOGIN, DENY, DENY),
    "networks.network": (LOGIN, ALLOW, ALLOW),
    "networks.edit_network": (LOGIN, DENY, DENY),
    "networks.set_closed": (LOGIN, DENY, DENY),
    "networks.organisations": (LOGIN, DENY, DENY),
    "networks.new_organisation": (LOGIN, DENY, DENY),
    "networks.organisation": (LOGIN, DENY, DENY),
    "networks.edit_organisation": (LOGIN, DENY, DENY),
    "networks.new_application": (LOGIN, DENY, DENY),
    "networks.participation": (LOGIN, DENY, ALLOW),
    "networks.edit_background": (LOGIN, DENY, DENY),
    "networks.accept": (LOGIN, DENY, DENY),
    "networks.change_status": (LOGIN, DENY, DENY),
    "networks.add_joint_member": (LOGIN, DENY, DENY),
    "networks.remove_joint_member": (LOGIN, DENY, DENY),
    "recruitment.recruitment": (LOGIN, DENY, DENY),
    "recruitment.invite": (LOGIN, DENY, DENY),
    "recruitment.send_invitations": (LOGIN, DENY, DENY),
    "recruitment.application": (LOGIN, DENY, DENY),
    "recruitment.log_call": (LOGIN, DENY, DENY),
    "recruitment.decide": (LOGIN, DENY, DENY),
    "recruitment.find_personal_data": (LOGIN, DENY, DENY),
    "recruitment.applicant_data": (LOGIN, DENY, DENY),
    "recruitment.erase_applicant": (LOGIN, DENY, DENY),
    # The organisations' own application: no account, open during the application period.
    "applications.apply": (PUBLIC, PUBLIC, PUBLIC),
    "applications.sent": (PUBLIC, PUBLIC, PUBLIC),
    "applications.confirm": (PUBLIC, PUBLIC, PUBLIC),
    "groups.add_member": (LOGIN, DENY, DENY),
    "groups.edit_member": (LOGIN, DENY, DENY),
    "groups.remove_member": (LOGIN, DENY, DENY),
    "groups.invite_member": (LOGIN, DENY, DENY),
    "hours.overview": (LOGIN, DENY, ALLOW),
    "hours.new_entry": (LOGIN, DENY, DENY),
    "hours.edit_entry": (LOGIN, DENY, DENY),
    "hours.delete_entry": (LOGIN, DENY, DENY),
    "hours.history": (LOGIN, DENY, DENY),
    "hours.export_csv": (LOGIN, DENY, ALLOW),
    "hours.export_xlsx": (LOGIN, DENY, ALLOW),
    "hours.network_overview": (LOGIN, DENY, ALLOW),
    "hours.network_export_csv": (LOGIN, DENY, ALLOW),
    "hours.network_export_xlsx": (LOGIN, DENY, ALLOW),
    # meeting_id is the own organisation's local workshop: other organisations never see it.
    "meetings.schedule": (LOGIN, ALLOW, ALLOW),
    "meetings.new_meeting": (LOGIN, DENY, DENY),
    "meetings.plan_standard": (LOGIN, DENY, DENY),
    "meetings.meeting": (LOGIN, DENY, ALLOW),
    "meetings.edit_meeting": (LOGIN, DENY, DENY),
    "meetings.register": (LOGIN, DENY, DENY),
    "meetings.attendance": (LOGIN, DENY, DENY),
    "meetings.registrations_csv": (LOGIN, DENY, DENY),
    "registrations.register_group": (LOGIN, DENY, DENY),
    "registrations.summary": (LOGIN, DENY, DENY),
    "registrations.catering_csv": (LOGIN, DENY, DENY),
    "evaluations.answer": (LOGIN, DENY, DENY),
    "evaluations.results": (LOGIN, DENY, DENY),
    "material.upload": (LOGIN, DENY, DENY),
    "material.download": (LOGIN, DENY, ALLOW),
    "material.delete": (LOGIN, DENY, DENY),
    "calendar.meeting_ics": (LOGIN, DENY, ALLOW),
    "calendar.network_ics": (LOGIN, ALLOW, ALLOW),
    "calendar.calendar": (LOGIN, ALLOW, ALLOW),
    "calendar.reset_link": (LOGIN, ALLOW, ALLOW),
    "calendar.feed": (PUBLIC, PUBLIC, PUBLIC),  # an unknown token answers 404 to anyone
    "assignments.network_assignments": (LOGIN, DENY, ALLOW),  # the leader and the coaches
    "assignments.new_assignment": (LOGIN, DENY, DENY),
    "assignments.edit_assignment": (LOGIN, DENY, DENY),  # the leader corrects or removes
    "assignments.delete_assignment": (LOGIN, DENY, DENY),
    "assignments.group_assignments": (LOGIN, DENY, ALLOW),
    "assignments.report": (LOGIN, DENY, DENY),  # the group's own people and the leader
    # Coaching: the coach (observer) logs and comments; the group answers; never other groups.
    "coaching.notes": (LOGIN, DENY, ALLOW),
    "coaching.new_note": (LOGIN, DENY, ALLOW),
    "coaching.case_comments": (LOGIN, DENY, ALLOW),
    "coaching.risk_comments": (LOGIN, DENY, ALLOW),
    "coaching.checklist_comments": (LOGIN, DENY, ALLOW),
    "cases.overview": (LOGIN, DENY, ALLOW),
    "cases.new_case": (LOGIN, DENY, DENY),
    "cases.case": (LOGIN, DENY, ALLOW),
    "cases.edit_case": (LOGIN, DENY, DENY),
    "cases.new_risk": (LOGIN, DENY, DENY),
    "cases.edit_risk": (LOGIN, DENY, DENY),
    "cases.delete_risk": (LOGIN, DENY, DENY),
    "cases.new_communication": (LOGIN, DENY, DENY),
    "cases.delete_communication": (LOGIN, DENY, DENY),
    "cases.new_journal_entry": (LOGIN, DENY, DENY),
    "cases.checklist": (LOGIN, DENY, ALLOW),
    "cases.save_checklist": (LOGIN, DENY, DENY),
    "cases.edit_checklist_section": (LOGIN, DENY, DENY),
    "cases.goals": (LOGIN, DENY, ALLOW),
    "dashboards.network_overview": (LOGIN, DENY, ALLOW),
    "reports.learning_example": (LOGIN, DENY, ALLOW),
    "reports.network_report": (LOGIN, DENY, ALLOW),
    "reports.approval": (LOGIN, DENY, ALLOW),  # the leader and observers read it
    "reports.approve": (LOGIN, DENY, DENY),  # only the group's contact person
    "reports.request_approval": (LOGIN, DENY, DENY),  # the leader only
    "reports.redact": (LOGIN, DENY, DENY),
    "reports.unredact": (LOGIN, DENY, DENY),
    # Sharing between groups: the network's list for whoever sees the network; the own
    # organisation's example is not approved in this world, so it answers 404 to everyone.
    "reports.shared_examples": (LOGIN, ALLOW, ALLOW),
    "reports.shared_example": (LOGIN, DENY, DENY),
    "reports.shared_example_docx": (LOGIN, DENY, DENY),
    "reports.library": (LOGIN, ALLOW, ALLOW),  # every signed-in user
    "reports.set_in_library": (LOGIN, DENY, DENY),  # the leader only
    "two_factor.verify": (LOGIN, ALLOW, ALLOW),  # without a password step first: to the login
    "two_factor.setup": (LOGIN, ALLOW, ALLOW),
    "two_factor.regenerate_codes": (LOGIN, ALLOW, ALLOW),
    "two_factor.disable": (LOGIN, ALLOW, ALLOW),
    "audit.log": (LOGIN, DENY, DENY),
    "audit.export_csv": (LOGIN, DENY, DENY),
    "privacy.personal_data": (LOGIN, DENY, DENY),
    "privacy.personal_data_json": (LOGIN, DENY, DENY),
    "privacy.erase": (LOGIN, DENY, DENY),
    "notifications.outbox": (LOGIN, DENY, DENY),
    "notifications.preferences": (LOGIN, ALLOW, ALLOW),
    "notifications.unsubscribe": (PUBLIC, PUBLIC, PUBLIC),  # an unsigned token answers 404
    # The training offer: the public form and its link need no account (an unknown link: 404).
    "training.public_request": (PUBLIC, PUBLIC, PUBLIC),
    "training.request_sent": (PUBLIC, PUBLIC, PUBLIC),
    "training.confirm": (PUBLIC, PUBLIC, PUBLIC),
    "training.new_request": (LOGIN, DENY, DENY),  # the own organisation's participants
    "training.leader_request": (LOGIN, DENY, DENY),
    "training.queue": (LOGIN, DENY, DENY),
    "training.training": (LOGIN, DENY, DENY),
    "training.schedule": (LOGIN, DENY, DENY),
    "training.held": (LOGIN, DENY, DENY),
    "training.cancel": (LOGIN, DENY, DENY),
    "training.personal_data_json": (LOGIN, DENY, DENY),
    "training.erase_contact": (LOGIN, DENY, DENY),
    "training_report.report": (LOGIN, DENY, DENY),
    "training_report.report_chart": (LOGIN, DENY, DENY),
    "training_report.report_xlsx": (LOGIN, DENY, DENY),
}

ROLES = ("anonymous", "other_participant", "observer")


def _own_workshop(world):
    """A local workshop hosted by the own organisation, made once per world."""
    from datetime import UTC, datetime

    from network_app.extensions import db
    from network_app.meetings import services as meeting_services
    from network_app.meetings.models import Meeting, MeetingKind

    existing = db.session.scalar(db.select(Meeting).where(Meeting.host_participation == world.own))
    if existing is not None:
        return existing
    meeting = meeting_services.create_meeting(
        world.network,
        now=datetime.now(UTC),
        kind=MeetingKind.WORKSHOP,
        title="Egen workshop",
        starts_at=datetime(2026, 5, 5, 11, tzinfo=UTC),
        ends_at=datetime(2026, 5, 5, 14, tzinfo=UTC),
        host_participation=world.own,
    )
    db.session.commit()
    return meeting


def _own_case(world):
    """A case of the own organisation with a risk and a communication item, made once."""
    from network_app.cases import services as case_services
    from network_app.cases.models import Case, DecisionKind
    from network_app.extensions import db

    case = db.session.scalar(db.select(Case).where(Case.participation_id == world.own.id))
    if case is None:
        case = case_services.create_case(
            world.own, {"title": "Egna caset", "decision_kind": DecisionKind.VALUES}
        )
        case_services.add_risk(case, {"description": "Risk", "likelihood": 2, "consequence": 3})
        case_services.add_communication(case, {"message": "Information"})
        db.session.commit()
    return case


def _url_values(world):
    """Every URL parameter, pointing at the own organisation's objects."""
    member = world.own.members[0]
    case = _own_case(world)
    return {
        "meeting_id": _own_workshop(world).id,
        "case_id": case.id,
        "risk_id": case.risks[0].id,
        "item_id": case.communications[0].id,
        "network_id": world.network.id,
        "participation_id": world.own.id,
        "member_id": member.id,
        "organisation_id": world.own.organisation_id,
        "user_id": world.participant.id,
        "token": "not-a-real-token",
        "filename": "css/app.css",
        "entry_id": _own_hour_entry(world).id,
        "person_id": member.person_id,
        "material_id": _own_material(world).id,
        "section_key": "formalities",
        "training_id": _own_training(world).id,
        "application_id": _own_application(world).id,
        "assignment_id": _own_assignment(world).id,
    }


def _own_assignment(world):
    """An assignment of the own organisation's group, made once."""
    from network_app.assignments.models import Assignment
    from network_app.extensions import db

    existing = db.session.scalar(db.select(Assignment))
    if existing is None:
        existing = Assignment(
            network_id=world.network.id, participation_id=world.own.id, title="Riskanalys"
        )
        db.session.add(existing)
        db.session.commit()
    return existing


def _own_training(world):
    """A confirmed training request of the own organisation's register entry, made once."""
    from datetime import UTC, date, datetime

    from network_app.extensions import db
    from network_app.register import services as register_services
    from network_app.training.models import TrainingRequest

    existing = db.session.scalar(db.select(TrainingRequest))
    if existing is not None:
        return existing
    register_services.load_register()
    now = datetime.now(UTC)
    training = TrainingRequest(
        register_code="1280",
        channel="app",
        length="short",
        delivery="on_site",
        assembly="council",
        preferred_on=date(2030, 3, 1),
        expected_participants=40,
        contact_name="Kim Kontakt",
        contact_email="kim@malmo.example",
        requested_at=now,
        confirmed_at=now,
    )
    db.session.add(training)
    db.session.commit()
    return training


def _own_application(world):
    """An unconfirmed application to the world's network (recruitment)."""
    from datetime import UTC, date, datetime, timedelta

    from network_app.extensions import db
    from network_app.recruitment.models import Application, DecisionState

    existing = db.session.scalar(db.select(Application))
    if existing is not None:
        return existing
    factories.register_entry("0862")
    application = Application(
        network=world.network,
        register_code="0862",
        contact_name="Lina Sökande",
        contact_email="lina@example.se",
        decision_state=DecisionState.PLANNED,
        decision_body="Kommunstyrelsen",
        decision_date=date(2026, 12, 10),
        token_hash="b" * 64,
        token_expires_at=datetime.now(UTC) + timedelta(hours=72),
        submitted_at=datetime.now(UTC),
    )
    db.session.add(application)
    db.session.commit()
    return application


def _own_material(world):
    """A PDF on the own organisation's workshop, made once per world."""
    from flask import current_app

    from network_app.extensions import db
    from network_app.meetings import material
    from network_app.meetings.models import MaterialKind, MeetingMaterial

    existing = db.session.scalar(db.select(MeetingMaterial))
    if existing is not None:
        return existing
    added = material.add_material(
        _own_workshop(world),
        data=b"%PDF-1.4 dagordning",
        filename="dagordning.pdf",
        kind=MaterialKind.AGENDA,
        by=world.leader,
        folder=current_app.config["MATERIAL_FOLDER"],
        now=_own_workshop(world).created_at,
    )
    db.session.commit()
    return added


def _own_hour_entry(world):
    """An hour entry of the own organisation, for the entry_id in URLs."""
    from datetime import date

    from network_app.extensions import db
    from network_app.hours import entries as hour_entries

    entry = hour_entries.log_entry(
        world.own,
        hour_entries.EntryValues(
            worked_on=date(2026, 3, 2),
            minutes=90,
            activity="group_meeting",
            members=[world.own.members[0]],
            note="Genomgång",
        ),
        by=world.participant,
        today=date(2026, 12, 31),
    )
    db.session.commit()
    return entry


def _requests(app, world):
    values = _url_values(world)
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", str(values[name]))
            path = path.replace(f"<int:{name}>", str(values[name]))
            path = path.replace(f"<path:{name}>", str(values[name]))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(RULES) == set(), "add a rule for each new route to RULES"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_its_rule_says(app, world, role):
    failures = []
    for endpoint, method, path in _requests(app, world):
        expected = RULES[endpoint][ROLES.index(role)]
        client = app.test_client()
        if role != "anonymous":
            user = getattr(world, role)
            response = client.post(
                "/login", data={"email": user.email, "password": factories.PASSWORD}
            )
            assert response.status_code == 302
        response = client.open(path, method=method, data={})
        outcome = _judge(response, expected)
        if outcome:
            failures.append(f"{method} {path} ({endpoint}) as {role}: {outcome}")
    assert not failures, "\n".join(failures)


def _judge(response, expected):
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if expected == LOGIN:
        if status != 302 or not response.location.startswith("/login"):
            return f"expected a redirect to the login page, got {status} {response.location}"
    elif expected == DENY:
        if status not in (403, 404):
            return f"expected 403 or 404, got {status}"
    elif expected in (ALLOW, PUBLIC):
        if status in (403, 401) or (status == 302 and "/login" in (response.location or "")):
            return f"expected access, got {status} {response.location}"
    return None


def test_the_decisions_views_ask_access_for(world):
    """Who sees an organisation's page, manages accounts and gets every group's contact
    details: the rules the views used to spell out themselves."""
    from network_app import access

    own, other = world.own.organisation, world.other.organisation
    assert access.can_view_organisation(world.leader, other)
    assert access.can_view_organisation(world.participant, own)
    assert not access.can_view_organisation(world.participant, other)
    assert not access.can_view_organisation(world.observer, own)
    for user, leads in ((world.leader, True), (world.participant, False), (world.observer, False)):
        assert access.can_manage_accounts(user) is leads
        assert access.can_see_every_groups_contact_details(user) is leads
