"""The one way the app hands out a file: every export holds personal or organisation data."""

from io import BytesIO

from flask import Response, request, send_file


def private_download(data, mimetype, filename, *, etag=None, last_modified=None):
    """An attachment that no cache stores and that varies with the session.

    Werkzeug writes the file name twice, as ASCII and as RFC 5987 filename*, so å, ä and ö
    survive in every browser. The content type is sent as given: Werkzeug would add a second
    charset to a text type that already names one. A calendar passes its validators (`etag`,
    `last_modified`) so that a client can ask with `is_current` before it is written."""
    response = send_file(
        BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=filename,
        max_age=0,
        etag=False,
        last_modified=None,
        conditional=False,
    )
    response.headers["Content-Type"] = mimetype
    _add_validators(response, etag, last_modified)
    _keep_private(response)
    return response


def not_modified(etag, last_modified=None, *, cache_control="no-store"):
    """The 304 for a client whose copy `is_current`: the validators again, no body."""
    response = Response(status=304)
    _add_validators(response, etag, last_modified)
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Cookie")
    return response


def is_current(etag, last_modified, *, now):
    """Whether the client's copy is current (RFC 9110 §13.1.2-3, §13.2.2): If-None-Match
    decides when it is sent (weak comparison); otherwise If-Modified-Since, when it is a valid
    date not in the future and nothing changed after it. Only for GET and HEAD."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    if since is None or last_modified is None or since > now:
        return False
    # HTTP dates have whole seconds: a change within the same second counts as not after it.
    return last_modified.replace(microsecond=0) <= since


def _add_validators(response, etag, last_modified):
    if etag is not None:
        response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified


def _keep_private(response):
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Cookie")
