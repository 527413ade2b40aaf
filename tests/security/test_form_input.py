"""Property-based: generated text, unicode, control characters and huge strings thrown at every
form. The app never answers 500, and a refused form stores nothing."""

import io
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network_app.extensions import db
from network_app.forms import NOT_TEXT_MESSAGE
from tests import factories
from tests.auth.test_two_factor import enable_two_factor
from tests.security.helpers import forget_request_user, snapshot

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = [
    "",
    " ",
    "\x00",
    "\r\n",
    "\u2028",
    "\ufeff",
    "0",
    "-1",
    "2147483648",
    "1e309",
    "NaN",
    "2026-02-30",
    "30/02/2026",
    "<script>alert(1)</script>",
    "'; DROP TABLE users;--",
    "{{ 7*7 }}",
    "%(name)s",
    "a@b",
    "ä" * 255,
    "Europe/../../etc/passwd",
    "\U0001f4a9",
]
values = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Zs"]),
        max_size=40,
    ),
    st.sampled_from(TRICKY),
    st.integers(min_value=1_000, max_value=150_000).map(lambda n: "ö" * n),
    st.integers().map(str),
)


@dataclass
class FormCase:
    name: str
    user: str | None  # the world's account that submits it, or None when signed out
    path: object  # world -> URL
    valid: object  # world -> a valid submission
    linked: dict = field(default_factory=dict)  # fields that must carry the same value
    # Tables a refusal may write to by design (the login throttle and the audit log).
    may_change: frozenset = frozenset()


def _member(world):
    return {
        "name": "Ny Person",
        "title": "",
        "kind": "civil_servant",
        "function": "security",
        "email": "ny.person@egna.example",
        "phone": "070-123 45 67",
    }


NETWORK = {
    "name": "Nätverk",
    "description": "",
    "goal": "",
    "starts_on": "2027-01-01",
    "ends_on": "2027-12-31",
    "target_hours_min": "30",
    "target_hours_max": "40",
    "group_size_min": "3",
    "group_size_max": "5",
    "time_zone": "Europe/Stockholm",
}
LOGIN_TABLES = frozenset({"login_failures", "audit_events"})

TRAINING_REQUEST = {
    "register_code": "0182",
    "length": "short",
    "delivery": "on_site",
    "assembly": "council",
    "preferred_on": "2030-03-15",
    "preferred_on_2": "",
    "preferred_on_3": "",
    "expected_participants": "40",
    "contact_name": "Kim Kontakt",
    "contact_email": "kim@nacka.example",
    "contact_phone": "",
}


def _training(world, status):
    """A training of Nacka's register entry in the status, made once per world and status."""
    from datetime import UTC, date, datetime, timedelta

    from network_app.training.models import TrainingRequest

    found = db.session.scalar(db.select(TrainingRequest).where(TrainingRequest.status == status))
    if found is not None:
        return found
    now = datetime.now(UTC)
    training = TrainingRequest(
        register_code="0182",
        status=status,
        channel="app",
        length="short",
        delivery="on_site",
        assembly="council",
        preferred_on=date(2030, 3, 1),
        expected_participants=40,
        contact_name="Kim Kontakt",
        contact_email="kim@nacka.example",
        requested_at=now,
        confirmed_at=now,
    )
    if status == "scheduled":
        training.starts_at, training.ends_at = now - timedelta(hours=2), now - timedelta(hours=1)
        training.training_on, training.trainer, training.place = now.date(), "Tova", "Stadshuset"
    db.session.add(training)
    db.session.commit()
    return training


CASES = [
    FormCase(
        "login",
        None,
        lambda w: "/login",
        lambda w: {"email": w.participant.email, "password": "fel-losenord"},
        may_change=LOGIN_TABLES,
    ),
    FormCase(
        "change password",
        "participant",
        lambda w: "/account/password",
        lambda w: {
            "current_password": factories.PASSWORD,
            "password": "nytt-langt-losenord",
            "repeat": "nytt-langt-losenord",
        },
        linked={"password": "repeat"},
        may_change=LOGIN_TABLES,  # a wrong current password is throttled and audited
    ),
    FormCase("network", "leader", lambda w: "/networks/new", lambda w: dict(NETWORK)),
    FormCase(
        "network edit",
        "leader",
        lambda w: f"/networks/{w.network.id}/edit",
        lambda w: dict(NETWORK),
    ),
    FormCase(
        "organisation",
        "leader",
        lambda w: "/organisations/new",
        lambda w: {"register_code": "0182"},
    ),
    FormCase(
        "application",
        "leader",
        lambda w: f"/networks/{w.network.id}/applications/new",
        lambda w: {
            "organisation_id": "0",
            "register_code": "12",
            "background": "Vi vill.",
            "applied_on": "2026-01-10",
        },
    ),
    FormCase(
        "background",
        "participant",
        lambda w: f"/participations/{w.own.id}/background",
        lambda w: {"background": "Bakgrund"},
    ),
    FormCase(
        "decision",
        "leader",
        lambda w: f"/participations/{w.applied.id}/accept",
        lambda w: {
            "decision_body": "KS",
            "decision_date": "2026-01-15",
            "decision_reference": "KS 2026/1",
        },
    ),
    FormCase("member", "participant", lambda w: f"/participations/{w.own.id}/members/new", _member),
    FormCase(
        "member edit",
        "participant",
        lambda w: f"/participations/{w.own.id}/members/{w.own.members[0].id}/edit",
        lambda w: dict(_member(w), email=w.own.members[0].person.email),
    ),
    FormCase(
        "account",
        "leader",
        lambda w: "/accounts/new",
        lambda w: {
            "name": "Ny",
            "email": "ny@example.se",
            "role": "observer",
            "organisation_id": "0",
            "network_ids": str(w.network.id),
        },
    ),
    FormCase(
        "two-factor enrolment",
        "participant",
        lambda w: "/account/two-factor",
        lambda w: {"code": "000000", "password": factories.PASSWORD},
        may_change=LOGIN_TABLES,
    ),
    FormCase(
        "second login step",
        "pending",
        lambda w: "/login/two-factor",
        lambda w: {"code": "000000"},
        may_change=LOGIN_TABLES,
    ),
    FormCase(
        "new recovery codes",
        "two_factor_user",
        lambda w: "/account/two-factor/recovery-codes",
        lambda w: {"codes-password": "fel-losenord"},
        may_change=LOGIN_TABLES,
    ),
    FormCase(
        "mail preferences",
        "participant",
        lambda w: "/account/mail",
        lambda w: {"language": "en", "wanted": "reminder_7_days"},
    ),
    FormCase(
        "training request (public)",
        None,
        lambda w: "/training/request",
        lambda w: dict(TRAINING_REQUEST, website=""),
        may_change=frozenset({"rate_limit_hits"}),  # every submission counts
    ),
    FormCase(
        "training request (leader)",
        "leader",
        lambda w: "/training/new",
        lambda w: dict(TRAINING_REQUEST),
    ),
    FormCase(
        "training booking",
        "leader",
        lambda w: f"/training/{_training(w, 'requested').id}/schedule",
        lambda w: {
            "start_date": "2030-03-15",
            "start_time": "13:00",
            "end_time": "14:00",
            "trainer": "Tova Utbildare",
            "place": "Stadshuset",
            "online_url": "",
            "test_date": "2030-03-14",
            "test_start_time": "15:00",
            "test_end_time": "15:30",
        },
    ),
    FormCase(
        "training held",
        "leader",
        lambda w: f"/training/{_training(w, 'scheduled').id}/held",
        lambda w: {"participants": "40"},
    ),
]


def _prepare(app, client, world, auth, case):
    # Generous limits: the throttle's 429 is a correct answer, but it would hide the validation.
    for limit in ("ACCOUNT", "ACCOUNT_ADDRESS", "ADDRESS", "DEVICE"):
        app.config[f"LOGIN_THROTTLE_PER_{limit}"] = 10**6
    app.config["TRAINING_REQUEST_RATE_LIMIT"] = 10**6
    world.applied = factories.make_participation(
        world.network,
        factories.make_organisation("Ansökande kommun"),
        status=factories.ParticipationStatus.APPLIED,
    )
    factories.register_entry("0182"), factories.register_entry("12")  # the forms' choices
    db.session.commit()
    if case.user == "pending":
        enable_two_factor(world.observer)
        client.post("/login", data={"email": world.observer.email, "password": factories.PASSWORD})
    elif case.user == "two_factor_user":
        import pyotp

        secret, _ = enable_two_factor(world.observer)
        client.post("/login", data={"email": world.observer.email, "password": factories.PASSWORD})
        client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    elif case.user:
        auth.login(getattr(world, case.user))
        if case.name == "two-factor enrolment":
            client.get("/account/two-factor")  # opening the page creates the secret


def refused(response):
    """A refusal is an error status or the form again with its error summary."""
    return response.status_code >= 400 or (
        response.status_code == 200 and 'class="error-summary"' in response.get_data(as_text=True)
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_generated_input_never_breaks_a_form_and_a_refusal_stores_nothing(
    app, client, auth, world, case
):
    _prepare(app, client, world, auth, case)
    path, valid = case.path(world), case.valid(world)
    answered = []

    @EXAMPLES
    @given(name=st.sampled_from(sorted(valid)), value=values)
    def submit(name, value):
        forget_request_user()
        data = dict(valid)
        data[name] = value
        if name in case.linked:
            data[case.linked[name]] = value
        before = snapshot(exclude=case.may_change)
        response = client.post(path, data=data)
        assert response.status_code < 500, f"{name}={value!r:.80}"
        answered.append(response.status_code)
        if refused(response):
            assert snapshot(exclude=case.may_change) == before, f"{name}={value!r:.80}"

    submit()
    assert answered


@pytest.mark.parametrize("blank", [" ", "\t", "\u3000"])
def test_a_blank_choice_is_no_choice_and_gets_its_message(client, auth, world, blank):
    """Found by the property test above: Optional() used to let a blank choice through."""
    auth.login(world.leader)
    before = snapshot()
    response = client.post(
        f"/networks/{world.network.id}/applications/new",
        data={
            "organisation_id": "0",
            "register_code": blank,
            "background": "",
            "applied_on": "2026-01-10",
        },
    )
    assert response.status_code == 200
    assert "Välj antingen en organisation i appen eller en ur registret" in response.get_data(
        as_text=True
    )
    assert snapshot() == before


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_file_sent_for_a_text_field_is_a_form_error_and_stores_nothing(
    app, client, auth, world, case
):
    """multipart/form-data with a field sent as a file part used to crash the text cleaning."""
    _prepare(app, client, world, auth, case)
    path, valid = case.path(world), case.valid(world)
    for name in sorted(valid):
        forget_request_user()
        data = dict(valid)
        data[name] = (io.BytesIO(b"ett-langt-testlosenord"), "falt.txt")
        before = snapshot(exclude=case.may_change)
        response = client.post(path, data=data, content_type="multipart/form-data")
        assert response.status_code == 200, name
        assert str(NOT_TEXT_MESSAGE) in response.get_data(as_text=True), name
        assert snapshot(exclude=case.may_change) == before, name
