"""The confirmation the leader gives before a person is erased."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import InputRequired

from network_app.forms import BaseForm


class EraseForm(BaseForm):
    confirm = BooleanField(
        _l("Jag förstår att namn och kontaktuppgifter raderas för gott"),
        validators=[
            InputRequired(
                message=_l("Kryssa i rutan för att bekräfta att personens uppgifter ska raderas.")
            )
        ],
    )
