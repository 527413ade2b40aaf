"""The one way the app hands out a file: every export holds personal or organisation data."""

from io import BytesIO

from flask import send_file


def private_download(data, mimetype, filename):
    """An attachment that no cache stores and that varies with the session.

    Werkzeug writes the file name twice, as ASCII and as RFC 5987 filename*, so å, ä and ö
    survive in every browser."""
    response = send_file(
        BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=filename,
        max_age=0,
        etag=False,
        last_modified=None,
    )
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Cookie")
    return response
