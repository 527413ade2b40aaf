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
    "groups.add_member": (LOGIN, DENY, DENY),
    "groups.edit_member": (LOGIN, DENY, DENY),
    "groups.remove_member": (LOGIN, DENY, DENY),
    "groups.invite_member": (LOGIN, DENY, DENY),
    "privacy.personal_data": (LOGIN, DENY, DENY),
    "privacy.personal_data_json": (LOGIN, DENY, DENY),
    "privacy.erase": (LOGIN, DENY, DENY),
    "bench.floor": (DENY, DENY, DENY),  # a 404 unless BENCH_FLOOR is set (the benchmark only)
}

ROLES = ("anonymous", "other_participant", "observer")


def _url_values(world):
    """Every URL parameter, pointing at the own organisation's objects."""
    member = world.own.members[0]
    return {
        "network_id": world.network.id,
        "participation_id": world.own.id,
        "member_id": member.id,
        "organisation_id": world.own.organisation_id,
        "user_id": world.participant.id,
        "token": "not-a-real-token",
        "filename": "css/app.css",
        "person_id": member.person_id,
    }


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
