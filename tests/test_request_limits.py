"""Request size: MAX_CONTENT_LENGTH for every route and a 413 page that shows nothing sent."""

import io

import pytest
from flask import Blueprint

from network_app import create_app
from network_app.cases.forms import checklist_form_class
from network_app.extensions import db
from network_app.request_limits import accepts_upload
from tests.cases.helpers import make_case
from tests.conftest import _test_config
from tests.security.helpers import csrf_token, snapshot

MARKER = "journaltext-som-aldrig-visas"
TOO_LARGE = "Det du skickade är för stort"


def test_a_20_mb_journal_text_is_refused_with_413_and_not_echoed(client, auth, world):
    case = make_case(world.own, title="Byskolan")
    db.session.commit()
    auth.login(world.participant)
    before = snapshot()
    text = MARKER + "ö" * (20 * 1024 * 1024 // 2)
    response = client.post(
        f"/cases/{case.id}/journal/new", data={"written_on": "2026-03-02", "text": text}
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert TOO_LARGE in page and "högst 1 MB" in page
    assert MARKER not in page and len(page) < 20_000
    assert snapshot() == before


def test_the_login_page_refuses_a_large_body_too(client, world):
    response = client.post("/login", data={"email": MARKER, "password": "x" * 2_000_000})
    assert response.status_code == 413
    assert TOO_LARGE in response.text and MARKER not in response.text


def test_a_form_just_under_the_limit_is_read(client, world):
    """A body of 0.9 MB is not refused for its size (the form answers for its fields)."""
    response = client.post("/login", data={"email": world.leader.email, "password": "x" * 900_000})
    assert response.status_code == 200
    assert "Lösenordet är för långt." in response.text


def test_the_limit_is_configurable(app, client, world):
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024
    response = client.post(
        "/login", data={"email": world.leader.email, "password": "x" * 2_000_000}
    )
    assert response.status_code == 200


def _form_limits(form_class):
    from wtforms.validators import Length

    return sum(
        validator.max
        for field in vars(form_class).values()
        if hasattr(field, "field_class")
        for validator in field.kwargs.get("validators") or ()
        if isinstance(validator, Length) and validator.max > 0
    )


def test_the_default_limit_fits_the_largest_form_filled_with_swedish_letters(app):
    """Each å, ä or ö is six bytes URL-encoded (%C3%A5): the checklist, filled to every field's
    limit with them, still fits under the default."""
    from tests.test_forms import FORMS

    largest = max(_form_limits(cls) for cls in [*FORMS, checklist_form_class()])
    assert largest * 6 < app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


@pytest.fixture
def upload_app(database_url):
    """The app with a route that takes files, as a later upload page would, and CSRF on."""
    app = create_app(_test_config(database_url, WTF_CSRF_ENABLED=True))
    bp = Blueprint("upload_probe", __name__)

    @bp.route("/_probe/upload", methods=["POST"])
    @accepts_upload
    def upload():
        from flask import request

        return str(sum(len(f.read()) for f in request.files.values()))

    @bp.route("/_probe/form", methods=["POST"])
    def form():
        return "read"

    app.register_blueprint(bp)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_route_marked_for_uploads_takes_20_mb_and_others_do_not(upload_app):
    client = upload_app.test_client()
    token = csrf_token(client)
    payload = {"csrf_token": token, "file": (io.BytesIO(b"x" * 5_000_000), "a.pdf")}
    response = client.post("/_probe/upload", data=payload, content_type="multipart/form-data")
    assert response.status_code == 200 and response.text == "5000000"
    payload = {"csrf_token": token, "file": (io.BytesIO(b"x" * 5_000_000), "a.pdf")}
    response = client.post("/_probe/form", data=payload, content_type="multipart/form-data")
    assert response.status_code == 413
    big = {"csrf_token": token, "file": (io.BytesIO(b"x" * 21_000_000), "a.pdf")}
    response = client.post("/_probe/upload", data=big, content_type="multipart/form-data")
    assert response.status_code == 413
