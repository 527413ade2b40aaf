"""Every state-changing route, found in the URL map, refuses a request without a valid CSRF token:
400, the CSRF page, and not one row changed. A new route is covered without editing this file."""

import pytest

from tests.security.helpers import csrf_token, sign_in_with_csrf, snapshot
from tests.test_access import _url_values

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Values a successful request would need, so that only the missing token stands in the way.
PLAUSIBLE_DATA = {
    "active": "0",
    "closed": "1",
    "status": "withdrawn",
    "language": "en",
    "name": "Ändrat namn",
    "email": "ny@example.se",
    "password": "ett-nytt-langt-losenord",
    "repeat": "ett-nytt-langt-losenord",
    "code": "123456",
    "codes-password": "ett-langt-testlosenord",
    "disable-password": "ett-langt-testlosenord",
}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def state_changing_requests(app, world):
    values = _url_values(world)
    for rule in app.url_map.iter_rules():
        methods = sorted(rule.methods & STATE_CHANGING)
        if not methods:
            continue
        path = rule.rule
        for name in rule.arguments:
            for converter in ("", "int:", "path:"):
                path = path.replace(f"<{converter}{name}>", str(values[name]))
        for method in methods:
            yield rule.endpoint, method, path


def test_the_sweep_finds_the_known_state_changing_routes(app, world):
    endpoints = {endpoint for endpoint, _, _ in state_changing_requests(app, world)}
    assert {"auth.login", "auth.logout", "auth.set_active", "groups.add_member"} <= endpoints
    assert {"two_factor.disable", "networks.change_status"} <= endpoints


@pytest.mark.parametrize("who", ["anonymous", "leader", "participant"])
@pytest.mark.parametrize("token", ["missing", "forged"])
def test_every_state_changing_route_refuses_a_request_without_a_valid_token(app, world, who, token):
    client = app.test_client()
    if who != "anonymous":
        sign_in_with_csrf(client, getattr(world, who))
    # The URL values create the objects they point at (an hour entry, a case): before the snapshot.
    requests = list(state_changing_requests(app, world))
    before = snapshot()
    failures = []
    for endpoint, method, path in requests:
        data = dict(PLAUSIBLE_DATA)
        if token == "forged":
            data["csrf_token"] = "IjAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAi.forged.signature"
        response = client.open(path, method=method, data=data)
        if response.status_code != 400 or "Formuläret har gått ut" not in response.get_data(
            as_text=True
        ):
            failures.append(f"{method} {path} ({endpoint}): {response.status_code}")
    assert not failures, "accepted without a CSRF token:\n" + "\n".join(failures)
    assert snapshot() == before


def test_a_token_from_another_session_is_refused(app, world):
    stranger = app.test_client()
    foreign_token = csrf_token(stranger)
    client = app.test_client()
    sign_in_with_csrf(client, world.leader)
    before = snapshot()
    response = client.post(
        f"/accounts/{world.participant.id}/active",
        data={"active": "0", "csrf_token": foreign_token},
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_the_same_request_with_its_token_is_accepted(app, world):
    """The control: the refusals above come from the missing token, not from something else."""
    client = app.test_client()
    sign_in_with_csrf(client, world.leader)
    token = csrf_token(client, "/accounts")
    response = client.post(
        f"/accounts/{world.participant.id}/active", data={"active": "0", "csrf_token": token}
    )
    assert response.status_code == 302
    snapshot()
    assert world.participant.active is False
