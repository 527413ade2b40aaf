"""What every form shares: a value that is not text, where text is expected, is a form error."""

import importlib
import io
import pkgutil
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from wtforms import FileField

import network_app
from network_app.cases.forms import checklist_form_class
from network_app.forms import NOT_TEXT_MESSAGE, BaseForm

# The arguments a form needs beyond its data (those the view passes).
_ACCOUNT = SimpleNamespace(name="Eva Exempel", email="eva@example.se")
FORM_ARGUMENTS = {
    "MeetingForm": lambda: {"network": None, "zone": ZoneInfo("Europe/Stockholm")},
    "NewPasswordForm": lambda: {"account": _ACCOUNT},
    "SetPasswordForm": lambda: {"account": _ACCOUNT},
    "ChangePasswordForm": lambda: {"account": _ACCOUNT},
    "ScheduleForm": lambda: {"zone": ZoneInfo("Europe/Stockholm"), "remote": True},
}


def _every_form_class():
    """Every BaseForm of every package's forms module: a form added later is swept too."""
    for module in pkgutil.walk_packages(network_app.__path__, "network_app."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, pending = {checklist_form_class()}, [BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.add(subclass)
            pending.append(subclass)
    return sorted(found, key=lambda cls: cls.__name__)


FORMS = _every_form_class()


def _post_every_field_as_a_file(app, form_class):
    names = [field.name for field in form_class(meta={"csrf": False}, **_arguments(form_class))]
    data = {name: (io.BytesIO(b"text"), "text.txt") for name in names}
    return names, app.test_request_context(
        "/", method="POST", data=data, content_type="multipart/form-data"
    )


def _arguments(form_class):
    return FORM_ARGUMENTS.get(form_class.__name__, dict)()


def _every_field(fields):
    """The fields of a form, those inside its lists and sub-forms included."""
    for field in fields:
        if field.type == "FieldList":
            yield from _every_field(field.entries)
        elif field.type == "FormField":
            yield from _every_field(field.form)
        else:
            yield field


@pytest.mark.parametrize("form_class", FORMS, ids=[cls.__name__ for cls in FORMS])
def test_every_form_refuses_a_file_where_it_expects_text(app, form_class):
    with app.test_request_context("/"):
        names, context = _post_every_field_as_a_file(app, form_class)
    with context:
        form = form_class(**_arguments(form_class))
        for field in _every_field(form):
            if getattr(field, "choices", ()) is None:
                field.choices = []  # the view fills these in
        assert len(context.request.files) == len(names)
        assert form.validate() is (not names)
        for field in form:
            if isinstance(field, FileField):
                continue  # a file is what it takes (the meetings' material)
            assert NOT_TEXT_MESSAGE in field.errors, field.name


def test_json_values_that_are_not_text_are_refused_too(client, world):
    response = client.post("/login", json={"email": 5, "password": ["a", "b"]})
    assert response.status_code == 200
    assert response.text.count(str(NOT_TEXT_MESSAGE)) >= 2


@pytest.mark.parametrize("body", [[1, 2], "text", 7, None])
def test_a_json_body_that_is_not_an_object_is_an_empty_form(client, world, body):
    response = client.post("/login", json=body)
    assert response.status_code == 200
    assert "Ange din e-postadress." in response.text


def test_the_quick_select_writes_what_wtforms_select_writes():
    """network_app.forms.QuickSelect writes plain options itself: the HTML must stay WTForms'
    own, with markup in labels and values escaped, the chosen ones selected, and groups,
    booleans and attributes given to an option left to WTForms."""
    from wtforms import Form, SelectField, SelectMultipleField
    from wtforms.fields.choices import SelectChoice

    from network_app.forms import Choice, MultipleChoice

    choices = [("", "– Välj –"), ("1", "Ö <b>&\"'</b>"), (2, "två"), ('x"y', ""), (True, "ja")]
    grouped = [
        SelectChoice("a", "Ale", optgroup="Kommuner"),
        SelectChoice("b", "<Bjuv>", optgroup="Kommuner"),
        SelectChoice("c", "Region C", optgroup="Regioner"),
    ]
    with_attributes = [("1", "Ett", {"disabled": True}), ("2", "Två", {})]

    class Plain(Form):
        one = SelectField(choices=choices, default="1")
        grouped_one = SelectField(choices=grouped, default="b")
        attributes = SelectField(choices=with_attributes)
        many = SelectMultipleField(choices=[("1", "a"), ("2", "<b>")], default=["2"])

    class Quick(Form):
        one = Choice(choices=choices, default="1")
        grouped_one = Choice(choices=grouped, default="b")
        attributes = Choice(choices=with_attributes)
        many = MultipleChoice(choices=[("1", "a"), ("2", "<b>")], default=["2"])

    plain, quick = Plain(), Quick()
    for name in ("one", "grouped_one", "attributes", "many"):
        assert quick[name]() == plain[name](), name
        assert quick[name](class_="wide") == plain[name](class_="wide"), name
    assert "&lt;b&gt;" in quick.one() and "<b>" not in quick.one()
