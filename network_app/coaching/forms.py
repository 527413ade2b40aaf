"""Logging a coaching session, and a comment in a thread."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from network_app.coaching.models import COMMENT_MAX, MAX_MINUTES, TEXT_MAX, CoachingForm
from network_app.forms import BaseForm, RadioChoice, SwedishDateField, date_within


def _minutes(text):
    """'1,5', '1.5', '1:30', '90 min' or '2' as whole minutes; None if not a duration."""
    text = (text or "").strip().lower().replace(" ", "")
    try:
        if text.endswith("min"):
            return int(text[:-3])
        if ":" in text:
            hours, minutes = text.split(":", 1)
            return int(hours) * 60 + int(minutes) if int(minutes) < 60 else None
        return round(float(text.replace(",", ".")) * 60)
    except ValueError:
        return None


class CoachingNoteForm(BaseForm):
    held_on = SwedishDateField(
        _l("Datum"),
        validators=[InputRequired(_l("Ange vilket datum coachningen var.")), date_within()],
        invalid_message=_l("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18."),
    )
    form = RadioChoice(
        _l("Form"),
        choices=[(form.value, form.label) for form in CoachingForm],
        validators=[InputRequired(_l("Välj hur coachningen gick till."))],
        invalid_message=_l("Välj telefon, digitalt eller på plats."),
    )
    duration = StringField(
        _l("Tid i timmar"),
        description=_l("Till exempel 1 eller 1,5 eller 1:30. Högst 8 timmar."),
        validators=[InputRequired(_l("Ange hur lång coachningen var."))],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    discussed = TextAreaField(
        _l("Vad ni tog upp"),
        validators=[
            DataRequired(_l("Skriv vad ni tog upp.")),
            Length(max=TEXT_MAX, message=_l("Texten får vara högst 4 000 tecken.")),
        ],
    )
    next_step = TextAreaField(
        _l("Överenskommet nästa steg (frivilligt)"),
        validators=[Length(max=TEXT_MAX, message=_l("Texten får vara högst 4 000 tecken."))],
    )

    minutes = None

    def validate_duration(self, field):
        minutes = _minutes(field.data)
        if minutes is None:
            raise ValidationError(_l("Skriv tiden i timmar, till exempel 1,5 eller 1:30."))
        if not 0 < minutes <= MAX_MINUTES:
            raise ValidationError(_l("Ange mer än 0 och högst 8 timmar."))
        self.minutes = minutes


class CommentForm(BaseForm):
    body = TextAreaField(
        _l("Kommentar"),
        description=_l(
            "Syns för gruppen, projektledaren och coachen, aldrig för andra organisationer."
        ),
        validators=[
            DataRequired(_l("Skriv en kommentar.")),
            Length(max=COMMENT_MAX, message=_l("Kommentaren får vara högst 2 000 tecken.")),
        ],
    )
