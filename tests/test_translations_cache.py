"""The template translation callables behave as Jinja's newstyle gettext, only faster."""

import pytest
from flask import g, session
from jinja2 import Environment

from network_app import translations_cache


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
    environment.globals["_"] = translations_cache.template_gettext
    with app.test_request_context("/"):
        out = environment.from_string("{{ _('Hej %(name)s', name=name) }}").render(name="<b>")
    assert out == ("Hej &lt;b&gt;" if autoescape else "Hej <b>")
