"""A message rendered from templates/mail/ in the recipient's language, text and HTML."""

from contextlib import contextmanager
from typing import NamedTuple

from flask import render_template
from flask.globals import _cv_request
from flask_babel import force_locale

LANGUAGES = ("sv", "en")
# What network_app.translations_cache keeps on the request for the page being served.
_CACHED_ON_REQUEST = ("cached_translations", "cached_locale_name")


class Rendered(NamedTuple):
    subject: str
    text: str
    html: str


@contextmanager
def recipient_language(language):
    """Flask-Babel's force_locale, with the request's cached catalogue set aside meanwhile: a
    leader reading Swedish who invites someone who reads English writes the mail in English,
    and the page after it is Swedish again."""
    request_context = _cv_request.get(None)
    stored = vars(request_context) if request_context is not None else {}
    saved = {name: stored.pop(name) for name in _CACHED_ON_REQUEST if name in stored}
    try:
        with force_locale(language):
            yield
    finally:
        for name in _CACHED_ON_REQUEST:
            stored.pop(name, None)
        stored.update(saved)


def render_message(template, language, context):
    """templates/mail/<template>.subject.txt, .txt and .html in the given language."""
    if language not in LANGUAGES:
        raise ValueError(f"no mail language {language!r}")
    context = {**context, "language": language}
    with recipient_language(language):
        subject = render_template(f"mail/{template}.subject.txt", **context)
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    # A header is one line: whatever the template's line breaks, the subject is folded to one.
    return Rendered(" ".join(subject.split())[:300], text.strip() + "\n", html)
