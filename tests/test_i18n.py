"""network_app.i18n: translations and numbers looked up once per request or report, with the same
results as Flask-Babel's, and a loud failure when Flask or Flask-Babel drop what it relies on."""

from contextvars import ContextVar
from decimal import Decimal

import flask
import flask_babel
import pytest
from flask import g, session
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_babel.speaklater import LazyString
from jinja2 import Environment

from network_app import i18n


def _render(app, source, language="sv", **context):
    with app.test_request_context("/"):
        for name in list(vars(g)):  # the fixture's app context keeps the chosen locale in g
            delattr(g, name)
        session["language"] = language
        return app.jinja_env.from_string(source).render(**context)


def test_strings_are_translated_in_the_visitors_language(app):
    assert _render(app, "{{ _('Logga ut') }}", "sv") == "Logga ut"
    assert _render(app, "{{ _('Logga ut') }}", "en") == "Sign out"


def test_variables_are_escaped_into_the_translation_and_the_translation_is_markup(app):
    out = _render(app, "{{ _('Hej %(name)s', name=name) }}", name="<script>")
    assert out == "Hej &lt;script&gt;"
    assert _render(app, "{{ _('a <b>%(n)s</b>', n=1) }}") == "a <b>1</b>"


def test_a_doubled_percent_sign_is_one_as_with_jinjas_newstyle_gettext(app):
    assert _render(app, "{{ _('100 %%') }}") == "100 %"


def test_ngettext_fills_in_num_and_chooses_the_plural(app):
    source = "{{ ngettext('%(num)d medlem', '%(num)d medlemmar', n) }}"
    assert _render(app, source, "sv", n=1) == "1 medlem"
    assert _render(app, source, "en", n=3) == "3 members"


def test_pgettext_and_npgettext_use_the_context(app):
    assert _render(app, "{{ pgettext('personerna som var med', 'Deltagare') }}", "en") != ""
    out = _render(app, "{{ npgettext('x', '%(num)d sak', '%(num)d saker', 2) }}")
    assert out == "2 saker"


@pytest.mark.parametrize("autoescape", [True, False])
def test_without_autoescape_the_result_is_plain_text(app, autoescape):
    environment = Environment(autoescape=autoescape)  # noqa: S701 (both cases are the test)
    environment.globals["_"] = i18n.template_gettext
    with app.test_request_context("/"):
        out = environment.from_string("{{ _('Hej %(name)s', name=name) }}").render(name="<b>")
    assert out == ("Hej &lt;b&gt;" if autoescape else "Hej <b>")


# Template strings and numbers


def test_the_apps_templates_use_these_callables_after_a_request_too(app, client):
    """Flask-Babel installs its own callables when bound to the app: ours must stay in place."""
    client.get("/login")
    for name in ("_", "gettext"):
        assert app.jinja_env.globals[name] is i18n.template_gettext
    assert app.jinja_env.globals["ngettext"] is i18n.template_ngettext
    assert app.jinja_env.filters["hours"] is i18n.format_hours


def test_hours_filter_formats_in_each_request_language(app):
    for language, expected in (("sv", "1\xa0234,5"), ("en", "1,234.5"), ("sv", "1\xa0234,5")):
        with app.test_request_context():
            session["language"] = language
            refresh()  # the fixture's application context keeps the first locale otherwise
            assert i18n.format_hours(Decimal("1234.50")) == expected
            assert i18n.format_hours(1234.5) == expected


# Python strings and labels (the Word reports)


def _in_language(app, language):
    context = app.test_request_context("/")
    context.push()
    for name in list(vars(g)):
        delattr(g, name)
    session["language"] = language
    refresh()
    return context


@pytest.mark.parametrize("language", ["sv", "en"])
def test_gettext_and_label_give_what_flask_babel_gives(app, language):
    context = _in_language(app, language)
    try:
        lazy = _l("Gruppmöte")
        expected = (flask_babel.gettext("Gruppmöte"), str(lazy))
        assert (i18n.gettext("Gruppmöte"), i18n.label(lazy)) == expected
        with i18n.once_per_report():
            assert (i18n.gettext("Gruppmöte"), i18n.label(lazy)) == expected
            assert i18n.gettext("Sannolikhet %(n)d", n=3) == flask_babel.gettext(
                "Sannolikhet %(n)d", n=3
            )
    finally:
        context.pop()
    assert expected[0] == ("Gruppmöte" if language == "sv" else "Group meeting")


def test_a_report_looks_the_catalogue_up_once_whatever_the_number_of_labels(app, monkeypatch):
    calls = []

    def counted():
        calls.append(1)
        return flask_babel.get_translations()

    context = _in_language(app, "en")
    monkeypatch.setattr(i18n, "get_translations", counted)
    try:
        with i18n.once_per_report():
            texts = {i18n.label(_l("Gruppmöte")) for _ in range(100)}
            texts.add(i18n.gettext("Gruppmöte"))
    finally:
        context.pop()
    assert texts == {"Group meeting"} and len(calls) == 1


def test_a_label_with_variables_or_of_another_kind_is_its_text(app):
    with app.test_request_context("/"):
        assert i18n.label(_l("Sannolikhet %(n)d", n=2)) == "Sannolikhet 2"
        assert i18n.label("plain") == "plain"


def test_outside_a_request_the_interface_language_is_used(app):
    with app.app_context():
        with i18n.once_per_report():
            assert i18n.label(_l("Gruppmöte")) == "Gruppmöte"
        assert i18n.gettext("Gruppmöte") == "Gruppmöte"


# What an upgrade of Flask or Flask-Babel must not take away without this failing


def test_flask_still_keeps_the_request_context_in_the_private_variable_relied_on():
    from flask.globals import _cv_request

    assert isinstance(_cv_request, ContextVar)
    app = flask.Flask(__name__)
    with app.test_request_context("/") as context:
        assert _cv_request.get(None) is context
        context.cached_translations = "kept"  # the request context takes new attributes
        assert _cv_request.get().cached_translations == "kept"
    assert _cv_request.get(None) is None


def test_flask_babels_lazy_strings_still_hold_the_function_and_message_relied_on():
    lazy = _l("Gruppmöte")
    assert type(lazy) is LazyString
    assert lazy._func is flask_babel.gettext
    assert lazy._args == ("Gruppmöte",) and lazy._kwargs == {}


def test_flask_babels_translations_still_offer_the_methods_relied_on(app):
    with app.test_request_context("/"):
        translations = flask_babel.get_translations()
        for name in ("ugettext", "ungettext", "upgettext", "unpgettext"):
            assert callable(getattr(translations, name)), name


def test_a_printed_lazy_label_is_its_translation_from_the_requests_catalogue(app, monkeypatch):
    with app.test_request_context("/"):
        session["language"] = "en"
        refresh()
        label = _l("Gruppmöte")
        template = app.jinja_env.from_string("{{ label }}|{{ name }}")
        assert template.render(label=label, name="Tidigare gruppmedlem") == (
            "Group meeting|Former group member"
        )

        def no_lookup():
            raise AssertionError("Flask-Babel looked the catalogue up again")

        monkeypatch.setattr(flask_babel, "get_domain", no_lookup)
        assert app.jinja_env.from_string("{{ label }}").render(label=label) == "Group meeting"
