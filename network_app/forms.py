"""What every form shares: cleaned text input and dates with messages that name the field."""

import re
from datetime import date

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    FileField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import StopValidation, ValidationError

# C0 controls except tab and line feed, DEL, C1 controls, lone surrogates and non-characters:
# PostgreSQL refuses NUL, and calendar and Word exports break on the others.
_FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def clean_text(value):
    """Remove characters no export or database accepts; normalise line endings."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN_CHARACTERS.sub("", value)


def clean_line(value):
    """A one-line field: cleaned, stripped, inner line breaks and tabs folded to spaces."""
    if not isinstance(value, str):
        return value
    return " ".join(clean_text(value).split())


NOT_TEXT_MESSAGE = _l("Skriv texten i fältet. Det går inte att skicka en fil här.")


def _form_values(form, formdata):
    """The submitted values a text field may take: text only. A file part (multipart/form-data)
    or a JSON number, list or object sent for a field that expects text is left out, and the
    field's name is returned so that validation can refuse it with a message instead of letting
    the text cleaning and the validators meet a value they cannot read."""
    file_fields = {field.name for field in form if isinstance(field, FileField)}
    kept, refused = MultiDict(), set()
    for name, value in formdata.items(multi=True):
        if isinstance(value, str) or name in file_fields:
            kept.add(name, value)
        else:
            refused.add(name)
    return kept, {field.short_name for field in form if field.name in refused}


def _from_request(formdata):
    """True for Flask-WTF's marker that the form reads the request (not data the caller gave)."""
    return formdata is not None and not hasattr(formdata, "getlist") and has_request_context()


class BaseForm(FlaskForm):
    # Fields whose submitted value was not text (see _form_values).
    not_text = frozenset()

    class Meta:
        def wrap_formdata(self, form, formdata):
            if _from_request(formdata) and request.is_json:
                # Flask-WTF would take a JSON body as the fields, and fail on one that is not an
                # object: an object's values are checked like any others, anything else is empty.
                body = request.get_json(silent=True)
                formdata = MultiDict(body if isinstance(body, dict) else {})
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            formdata, form.not_text = _form_values(form, formdata)
            return formdata

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, TextAreaField):
                options["filters"] = (lambda v: clean_text(v).strip() if v else v,) + tuple(
                    options.get("filters", ())
                )
            elif issubclass(field_class, StringField):
                options["filters"] = (clean_line,) + tuple(options.get("filters", ()))
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name in self.not_text:
            self[name].errors = [NOT_TEXT_MESSAGE]
        return valid and not self.not_text


class ConfirmForm(BaseForm):
    """The form of a confirmation page (templates/confirm.html): its CSRF token only."""


class NamedParseError:
    """A field whose parse error is the form's own message, naming the field and the expected
    form, instead of WTForms' generic one."""

    def __init__(self, label=None, validators=None, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.invalid_message or str(error)) from None


class SwedishDateField(NamedParseError, DateField):
    """A date field (ÅÅÅÅ-MM-DD) whose parse error names the field."""


def date_within(earliest=date(2000, 1, 1), latest=date(2100, 12, 31), message=None):
    def check(form, field):
        if field.data and not earliest <= field.data <= latest:
            raise ValidationError(message or _l("Ange ett datum mellan år 2000 och 2100."))

    return check


class _ChoiceMessage:
    """A choice field whose refusal of an unknown value says what to do, not just 'invalid'."""

    def __init__(self, *args, invalid_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def _invalid(self):
        return self.invalid_message or _l("Välj ett av alternativen i listan.")

    def process_formdata(self, valuelist):
        # Blank is no choice at all. Otherwise Optional() would wipe the unknown-choice error
        # and let " " through as the chosen value.
        if valuelist and isinstance(valuelist[0], str) and not valuelist[0].strip():
            valuelist = []
        # A value that is not even of the choices' type (text for a number): the same message.
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self._invalid()) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # already answered, once
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(self._invalid()) from None


class QuickSelect(widgets.Select):
    """WTForms' select, each plain option written as one string: html_params per option made
    the register's 311 municipalities and regions cost 3 ms a page. The same HTML."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""  # html_params' order: by name
        label, value = escape(choice.label or choice.value), escape(choice.value)
        return Markup(f'<option{selected} value="{value}">{label}</option>')  # noqa: S704  # nosec B704


class Choice(_ChoiceMessage, SelectField):
    widget = QuickSelect()


class MultipleChoice(_ChoiceMessage, SelectMultipleField):
    widget = QuickSelect(multiple=True)


class RadioChoice(_ChoiceMessage, RadioField):
    pass


class WholeNumberField(IntegerField):
    """An integer field with one clear message for text that is not a whole number."""

    def __init__(self, label=None, validators=None, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None  # empty: InputRequired or Optional answers
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError:
            raise ValueError(
                self.invalid_message or _l("Skriv ett heltal med siffror, till exempel 30.")
            ) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the range check would only repeat the refusal
