"""A message rendered from templates/mail/ in the recipient's language, text and HTML."""

from typing import NamedTuple

from flask import render_template

from network_app.i18n import recipient_language

LANGUAGES = ("sv", "en")


class Rendered(NamedTuple):
    subject: str
    text: str
    html: str


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
