"""The approval page's forms (redact by hand, approve exactly what is shown) and the "Lärande
exempel" library's (publish an example there, filter the library)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from network_app.forms import BaseForm, Choice

REDACTION_MAX_LENGTH = 200


class FlaggedWords(SelectMultipleField):
    """Checkboxes of the words flagged for review; a word no longer flagged is refused."""

    def pre_validate(self, form):
        known = {value for value, _label in self.choices}
        if any(value not in known for value in self.data or ()):
            raise ValidationError(
                _l("Texten har ändrats sedan sidan visades. Välj bland orden som visas nu.")
            )


class RedactionForm(BaseForm):
    flagged = FlaggedWords(
        _l("Ord att granska"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    text = StringField(
        _l("Dölj den här texten"),
        description=_l(
            "Skriv ett ord eller några ord precis som de står i texten, till exempel ett namn "
            "eller en plats. Varje förekomst ersätts med [borttaget]."
        ),
        validators=[
            Length(max=REDACTION_MAX_LENGTH, message=_l("Texten får vara högst %(max)d tecken."))
        ],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not (self.flagged.data or (self.text.data or "").strip()):
            self.text.errors.append(_l("Välj ett ord att dölja eller skriv en text att dölja."))
            return False
        return valid

    def texts(self):
        return [*(self.flagged.data or ()), *([self.text.data] if self.text.data else [])]


class StoredRedactions(SelectMultipleField):
    def pre_validate(self, form):
        known = {value for value, _label in self.choices}
        chosen = self.data or ()
        if not chosen:
            raise ValidationError(_l("Välj en text att visa igen."))
        if any(value not in known for value in chosen):
            raise ValidationError(_l("Välj bland de dolda texterna som visas nu."))


class UnredactForm(BaseForm):
    redactions = StoredRedactions(
        _l("Dolda texter"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class ApprovalForm(BaseForm):
    # The digest of the content shown: approval is of exactly that, not of a later change.
    digest = HiddenField()


class RequestApprovalForm(BaseForm):
    """The leader's button asking the contact person to review (CSRF only)."""


class LibraryForm(BaseForm):
    """The leader puts an approved example in the "Lärande exempel" library, or takes it out."""

    published = HiddenField()


class LibraryFilterForm(BaseForm):
    """The library's filters, read from the query string (GET): no CSRF token needed to look."""

    class Meta:
        csrf = False

    decision_kind = Choice(_l("Typ av beslut"), validators=[Optional()])
    method = Choice(_l("Metod"), validators=[Optional()])
    risk = Choice(_l("Risknivå"), validators=[Optional()])
