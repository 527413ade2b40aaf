"""Template translations and the locale looked up once per request instead of once per string.

Flask-Babel resolves the domain, the locale and the catalogue on every `_()` in a template, through
several context-local proxies; a page with a thousand strings spent a third of its time there
(bench/, the leader's dashboard). The catalogue cannot change within a request, so keep it on the
request context; the same for the name of the locale that number filters format with.
"""

from flask.globals import _cv_request
from flask_babel import get_locale, get_translations


def _translations():
    request_context = _cv_request.get(None)
    if request_context is None:
        return get_translations()
    cached = getattr(request_context, "cached_translations", None)
    if cached is None:
        cached = request_context.cached_translations = get_translations()
    return cached


def locale_name():
    """The request's locale as its identifier ('sv', 'en'); None outside an application."""
    request_context = _cv_request.get(None)
    if request_context is None:
        locale = get_locale()
        return None if locale is None else str(locale)
    cached = getattr(request_context, "cached_locale_name", None)
    if cached is None:
        cached = request_context.cached_locale_name = str(get_locale())
    return cached


def install(app):
    """Replace Flask-Babel's template callables (same behaviour, one lookup per request)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
