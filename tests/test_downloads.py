"""Every export leaves the app through one function: private, uncached, its name intact, and its
headers well-formed (one charset, one Vary)."""

from network_app.downloads import private_download
from tests import factories
from tests.test_access import _requests

# Every route that answers with an attachment; the sweep below must find exactly these.
DOWNLOADS = {
    "calendar.meeting_ics",
    "calendar.network_ics",
    "hours.export_csv",
    "hours.export_xlsx",
    "hours.network_export_csv",
    "hours.network_export_xlsx",
    "meetings.registrations_csv",
    "reports.learning_example",
    "reports.network_report",
    "privacy.personal_data_json",
    "audit.export_csv",
    "recruitment.applicant_data",
    "training.personal_data_json",
    "training_report.report_chart",
    "training_report.report_xlsx",
}


def vary_values(response):
    return [
        value.strip()
        for line in response.headers.getlist("Vary")
        for value in line.split(",")
        if value.strip()
    ]


def charset_parameters(response):
    (content_type,) = response.headers.getlist("Content-Type")
    return [p for p in content_type.split(";")[1:] if p.strip().lower().startswith("charset=")]


def test_a_download_is_an_attachment_no_cache_keeps(app):
    with app.test_request_context():
        response = private_download(b"a;b\r\n", "text/csv; charset=utf-8", "timmar-göteborg.csv")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''timmar-g%C3%B6teborg.csv" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers.getlist("Vary") == ["Cookie"]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "ETag" not in response.headers
    response.direct_passthrough = False
    assert response.get_data() == b"a;b\r\n"


def test_a_binary_download_gets_no_charset(app):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with app.test_request_context():
        response = private_download(b"PK", xlsx, "timmar.xlsx")
    assert response.headers.getlist("Content-Type") == [xlsx]


def test_every_download_sends_one_charset_and_one_vary_value(app, world):
    """As the leader, who may download everything: each attachment's headers, parsed."""
    client = app.test_client()
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    found, failures = set(), []
    for endpoint, method, path in _requests(app, world):
        if method != "GET" or endpoint in ("auth.logout", "static"):
            continue
        response = client.get(path)
        if vary_values(response).count("Cookie") > 1:
            failures.append(f"{path}: Vary {response.headers.getlist('Vary')}")
        if not response.headers.get("Content-Disposition", "").startswith("attachment"):
            continue
        found.add(endpoint)
        if response.status_code != 200:
            failures.append(f"{path}: status {response.status_code}")
        if len(charset_parameters(response)) > 1:
            failures.append(f"{path}: Content-Type {response.headers.getlist('Content-Type')}")
        if vary_values(response) != ["Cookie"]:
            failures.append(f"{path}: Vary {response.headers.getlist('Vary')}")
        if response.headers["Cache-Control"] != "no-store":
            failures.append(f"{path}: Cache-Control {response.headers['Cache-Control']}")
    assert not failures, "\n".join(failures)
    assert found == DOWNLOADS


def test_text_downloads_name_utf8_once(client, auth, world):
    auth.login(world.leader)
    response = client.get(f"/networks/{world.network.id}/calendar.ics")
    assert response.headers.getlist("Content-Type") == ["text/calendar; charset=utf-8"]
    response = client.get(f"/networks/{world.network.id}/hours/export.csv")
    assert [p.strip() for p in charset_parameters(response)] == ["charset=utf-8"]
