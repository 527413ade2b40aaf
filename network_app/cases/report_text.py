"""The Word reports' labels, translated with the translations looked up once per report.

flask_babel looks the translations up again on every call (the application context, the
locale, the domain: about 30 µs), and a 50-organisation report asks for ten thousand labels:
a third of a second. Inside once_per_report() gettext and label use the translations found at
its start: the same text, since the locale of a request does not change while it is served.
"""

import contextlib
import contextvars

from flask_babel import get_domain
from flask_babel import gettext as babel_gettext

_current = contextvars.ContextVar("report_translations", default=None)


class _Translations:
    def __init__(self, translations):
        self.translations = translations
        self.labels = {}  # id of a lazy_gettext label -> (the label, its text)


def gettext(string, **variables):
    """flask_babel's gettext; `_` in the report modules, so pybabel extracts the strings."""
    current = _current.get()
    if current is None:
        return babel_gettext(string, **variables)
    text = current.translations.ugettext(string)
    return text % variables if variables else text


def label(lazy):
    """The text of a lazy_gettext label (the app's label dictionaries), once per report."""
    current = _current.get()
    if current is None:
        return str(lazy)
    # The label is kept beside its text, so that its id cannot be reused while the report runs.
    found = current.labels.get(id(lazy))
    if found is None:
        found = current.labels[id(lazy)] = (lazy, str(lazy))
    return found[1]


@contextlib.contextmanager
def once_per_report():
    """Usable as a decorator: the labels of everything inside come from one lookup."""
    token = _current.set(_Translations(get_domain().get_translations()))
    try:
        yield
    finally:
        _current.reset(token)
