"""The mail preferences form and the unsubscribe confirmation."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from network_app.forms import BaseForm, MultipleChoice, RadioChoice
from network_app.notifications.labels import KIND_LABELS
from network_app.notifications.models import OPTIONAL_KINDS, MessageKind

LANGUAGE_CHOICES = [("sv", "Svenska"), ("en", "English")]


class KindChoices(MultipleChoice):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PreferencesForm(BaseForm):
    language = RadioChoice(
        _l("Språk i e-posten"),
        choices=LANGUAGE_CHOICES,
        validators=[InputRequired(_l("Välj svenska eller engelska."))],
        invalid_message=_l("Välj svenska eller engelska."),
    )
    wanted = KindChoices(
        _l("Meddelanden du vill få"),
        invalid_message=_l("Välj bland meddelandena i listan."),
        description=_l("Inbjudningar och besked om flyttade eller inställda möten skickas alltid."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the order of the list of kinds, labels in the reader's language.
        self.wanted.choices = [
            (kind.value, KIND_LABELS[kind]) for kind in MessageKind if kind in OPTIONAL_KINDS
        ]


class UnsubscribeForm(BaseForm):
    """The button that turns a kind off: a link alone never changes anything (mail scanners
    follow links)."""
