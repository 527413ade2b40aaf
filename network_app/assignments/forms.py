"""Recording an assignment (the leader) and reporting its status (the group)."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from network_app.assignments.models import (
    DESCRIPTION_MAX,
    REPORT_MAX,
    TITLE_MAX,
    AssignmentStatus,
)
from network_app.forms import BaseForm, Choice, RadioChoice, SwedishDateField, date_within

EVERY_GROUP = "all"


def _optional_id(value):
    if value in (None, "", "None"):
        return None
    if value == EVERY_GROUP:
        return EVERY_GROUP
    return int(value)


class AssignmentForm(BaseForm):
    participation = Choice(
        _l("Vilken grupp"),
        coerce=_optional_id,
        validators=[InputRequired(_l("Välj en grupp eller alla grupper."))],
        invalid_message=_l("Välj en av nätverkets grupper i listan, eller alla grupper."),
    )
    title = StringField(
        _l("Uppdrag"),
        description=_l("Kort, till exempel ”Gör riskanalysen av caset”."),
        validators=[
            DataRequired(_l("Skriv vad uppdraget är.")),
            Length(max=TITLE_MAX, message=_l("Uppdraget får vara högst 200 tecken.")),
        ],
    )
    description = TextAreaField(
        _l("Beskrivning (frivilligt)"),
        validators=[
            Length(max=DESCRIPTION_MAX, message=_l("Beskrivningen får vara högst 2 000 tecken."))
        ],
    )
    agreed_at_meeting = Choice(
        _l("Överenskommet vid"),
        coerce=_optional_id,
        validators=[InputRequired(_l("Välj mötet där uppdraget bestämdes."))],
        invalid_message=_l("Välj ett av nätverkets möten i listan."),
    )
    due_meeting = Choice(
        _l("Klart till mötet"),
        coerce=_optional_id,
        validators=[Optional()],
        description=_l("Mötet där uppdraget följs upp. Ange ett möte eller ett datum."),
        invalid_message=_l("Välj ett av nätverkets möten i listan."),
    )
    due_on = SwedishDateField(
        _l("Eller klart senast datum (frivilligt)"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18."),
    )

    def set_choices(self, participations, meetings, meeting_label):
        self.participation.choices = [("", _l("Välj grupp")), (EVERY_GROUP, _l("Alla grupper"))] + [
            (p.id, p.organisation.name) for p in participations
        ]
        self.set_meeting_choices(meetings, meeting_label)

    def set_meeting_choices(self, meetings, meeting_label):
        meeting_choices = [(m.id, meeting_label(m)) for m in meetings]
        self.agreed_at_meeting.choices = [("", _l("Välj möte"))] + meeting_choices
        self.due_meeting.choices = [("", _l("Inget särskilt möte"))] + meeting_choices

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.due_meeting.data is None and self.due_on.data is None and not self.due_on.errors:
            self.due_meeting.errors = list(self.due_meeting.errors) + [
                _l("Välj mötet då uppdraget ska vara klart, eller ange ett datum.")
            ]
            valid = False
        return valid


class AssignmentChangeForm(AssignmentForm):
    """The leader's correction of one group's assignment: everything but the group."""

    participation = None

    def fill_from(self, assignment):
        self.title.data = assignment.title
        self.description.data = assignment.description
        self.agreed_at_meeting.data = assignment.agreed_at_meeting_id
        self.due_meeting.data = assignment.due_meeting_id
        self.due_on.data = assignment.due_on


class StatusForm(BaseForm):
    status = RadioChoice(
        _l("Status"),
        choices=[(status.value, status.label) for status in AssignmentStatus],
        validators=[InputRequired(_l("Välj uppdragets status."))],
        invalid_message=_l("Välj en av statusarna i listan."),
    )
    report = TextAreaField(
        _l("Kort rapport (frivilligt)"),
        description=_l("Vad gruppen gjorde och vad det gav. Högst 1 000 tecken."),
        validators=[Length(max=REPORT_MAX, message=_l("Rapporten får vara högst 1 000 tecken."))],
    )
