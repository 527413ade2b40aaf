"""Translations and numbers looked up once per request or report, not once per string.

Flask-Babel resolves the application context, the domain, the locale and the catalogue on every
`gettext` (about 30 µs, through several context-local proxies). A page with a thousand strings
spent a third of its time there (bench/, the leader's dashboard), and a 50-organisation Word
report asks for ten thousand labels. The catalogue cannot change while a request is served, so
it is looked up once:

- pages: the catalogue and the locale's name are kept on the request context, and Jinja's
  "newstyle" callables (20 µs a string: `_` resolves `gettext`, which calls the translation,
  each through the template context's generic call) are replaced by callables that do the same
  in one call (escaping variables into the translation, filling in ngettext's `num`);
- enum labels printed in templates: the same catalogue (printing, the environment's finalize);
- Word reports: inside once_per_report() gettext and label use the catalogue found at its start,
  inside a request or outside one (a report built by a script);
- numbers: the hours' number pattern is parsed once, and a formatted value kept per locale.

This is the one module that relies on names Flask does not promise to keep
(flask.globals._cv_request) and on how Flask-Babel installs its template callables and builds
its lazy strings: tests/test_i18n.py fails loudly when an upgrade changes them.
"""

import contextlib
import contextvars
import functools

import flask_babel
from babel import Locale
from babel.numbers import parse_pattern
from flask.globals import _cv_request
from flask_babel import force_locale, get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup

# The catalogue of the report being built (once_per_report), or None.
_report_translations = contextvars.ContextVar("report_translations", default=None)


def _translations():
    """The catalogue of the report being built, else of the request, else Flask-Babel's."""
    translations = _report_translations.get()
    if translations is not None:
        return translations
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


# What this module keeps on the request for the page being served.
_CACHED_ON_REQUEST = ("cached_translations", "cached_locale_name")


@contextlib.contextmanager
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


# Python code: gettext and lazy labels


def gettext(string, **variables):
    """flask_babel's gettext from the catalogue looked up once; `_` in the report modules, so
    that pybabel extracts their strings."""
    text = _translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular, plural, num, **variables):
    """ngettext from the same catalogue, with `num` filled in as in templates."""
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, num) % variables


def label(lazy):
    """The text of a lazy_gettext label (an enum's .label, a form's choices) from the catalogue
    looked up once: what str(lazy) gives."""
    if type(lazy) is LazyString and lazy._func is flask_babel.gettext and not lazy._kwargs:
        return _translations().ugettext(*lazy._args)
    return str(lazy)


@contextlib.contextmanager
def once_per_report():
    """Usable as a decorator: the strings and labels of everything inside come from one lookup
    (the locale of a request does not change while it is served)."""
    token = _report_translations.set(get_translations())
    try:
        yield
    finally:
        _report_translations.reset(token)


# Templates


def _formatted(eval_context, translated, variables):
    # As Jinja's newstyle gettext: the translation comes from our own catalogue and may hold
    # markup; the variables (which may come from users) are escaped into it by Markup's %.
    if eval_context.autoescape:
        translated = Markup(translated)  # noqa: S704  # nosec B704
    if variables:
        return translated % variables
    # Nothing to fill in: what % would leave ("%%" is "%"), without Markup's escaping helper
    # around an empty dict (a tenth of the leader's dashboard).
    return translated.replace("%%", "%") if "%%" in translated else translated


@pass_eval_context
def template_gettext(eval_context, string, **variables):
    return _formatted(eval_context, _translations().ugettext(string), variables)


@pass_eval_context
def template_ngettext(eval_context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _formatted(eval_context, _translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def template_pgettext(eval_context, context, string, **variables):
    return _formatted(eval_context, _translations().upgettext(context, string), variables)


@pass_eval_context
def template_npgettext(eval_context, context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    translated = _translations().unpgettext(context, singular, plural, num)
    return _formatted(eval_context, translated, variables)


# Numbers

# Parsed once: Flask-Babel's format_decimal parses the pattern again for every cell, a fifth of
# the network progress page's time at SKR's scale (bench/run.py).
HOURS_PATTERN = parse_pattern("#,##0.##")


def format_hours(value):
    """Hours as people read them here: '1,5' in Swedish, '1.5' in English, no trailing zeros.
    The template filter `hours`."""
    return _hours_text(value, locale_name())


# Babel's apply still takes 20-50 µs a number, and the progress page prints 150 of them (its
# month table); the same few hundred values recur on every page. Keyed by the locale's name (a
# Locale compares and hashes slowly), and typed, so that a float and an equal Decimal, which
# Babel may round differently, are kept apart.
@functools.lru_cache(maxsize=4096, typed=True)
def _hours_text(value, locale_name):
    return HOURS_PATTERN.apply(value, Locale.parse(locale_name) if locale_name else None)


def printing(then):
    """The Jinja environment's finalize, which every printed value passes: a lazy label (an
    enum's .label) is translated from the request's catalogue, as markup from our own catalogue
    like LazyString.__html__ gives it, instead of through Flask-Babel (30 µs, once per row of
    long tables); any other value goes on to `then`."""

    def finalize(value):
        if type(value) is LazyString:
            return Markup(label(value))  # noqa: S704  # nosec B704
        return then(value)

    return finalize


def install(app):
    """Replace Flask-Babel's template callables (same behaviour, one lookup per request) and
    add the `hours` filter."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        pgettext=template_pgettext,
        npgettext=template_npgettext,
    )
    app.add_template_filter(format_hours, "hours")
