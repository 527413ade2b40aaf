"""Every export leaves the app through one function: private, uncached, its name intact."""

from network_app.downloads import private_download


def test_a_download_is_an_attachment_no_cache_keeps(app):
    with app.test_request_context():
        response = private_download(b"a;b\r\n", "text/csv; charset=utf-8", "timmar-göteborg.csv")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''timmar-g%C3%B6teborg.csv" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers.getlist("Vary") == ["Cookie"]
    assert "ETag" not in response.headers
    response.direct_passthrough = False
    assert response.get_data() == b"a;b\r\n"
