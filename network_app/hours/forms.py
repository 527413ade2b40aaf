"""The form of one entry of work at home: date, time in quarter hours, activity, members, note."""

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from network_app.forms import (
    BaseForm,
    Choice,
    RadioChoice,
    SwedishDateField,
    _ChoiceMessage,
    date_within,
)
from network_app.hours.entries import MAX_MINUTES, STEP_MINUTES, EntryValues
from network_app.hours.models import ActivityKind

_DECIMAL_HOURS = re.compile(r"^(\d{1,3})(?:[.,](\d{1,4}))?$")
_HOURS_AND_MINUTES = re.compile(r"^(\d{1,3}):(\d{2})$")


def parse_minutes(text):
    """'1,5', '1.5', '1:30' and '2' as (possibly fractional) minutes; None if not a duration."""
    text = (text or "").strip().replace(" ", "")
    if match := _HOURS_AND_MINUTES.match(text):
        return Decimal(int(match[1]) * 60 + int(match[2])) if int(match[2]) < 60 else None
    if _DECIMAL_HOURS.match(text):
        try:
            return Decimal(text.replace(",", ".")) * 60
        except InvalidOperation:
            return None
    return None


class CheckboxChoices(_ChoiceMessage, SelectMultipleField):
    """Checkboxes for several choices; an unknown or malformed value gets the field's message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = []
            raise ValueError(self.invalid_message) from None


def _case_id(value):
    """The select's value: blank is no case; anything else must be a whole number."""
    if value in (None, "", "None"):
        return None
    return int(value)


class HourEntryForm(BaseForm):
    worked_on = SwedishDateField(
        _l("Datum"),
        validators=[InputRequired(_l("Ange vilket datum arbetet gjordes.")), date_within()],
        invalid_message=_l("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18."),
    )
    hours = StringField(
        _l("Tid i timmar"),
        description=_l("Gruppens mötestid i hela kvartar, till exempel 1,5 eller 1:30. Högst 12."),
        validators=[InputRequired(_l("Ange hur många timmar gruppen arbetade, till exempel 1,5."))],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    activity = RadioChoice(
        _l("Aktivitet"),
        choices=[(kind.value, kind.label) for kind in ActivityKind],
        validators=[InputRequired(_l("Välj vilken sorts arbete det var."))],
        invalid_message=_l("Välj en av aktiviteterna i listan."),
    )
    members = CheckboxChoices(
        _l("Vilka i gruppen var med?"),
        description=_l("Kryssa i minst en. Personer gånger timmar blir persontimmar."),
        coerce=int,
        invalid_message=_l("Välj bara personer som finns i projektgruppen."),
    )
    case = Choice(
        _l("Vilket case arbetet gällde (frivilligt)"),
        coerce=_case_id,
        description=_l("Välj organisationens case om arbetet gällde det."),
        invalid_message=_l(
            "Välj ett av organisationens egna case i listan, eller ”Inget särskilt case”."
        ),
    )
    assignment = Choice(
        _l("Vilket uppdrag arbetet gällde (frivilligt)"),
        coerce=_case_id,
        description=_l("Välj ett av gruppens uppdrag från arbetsmötena om arbetet gällde det."),
        invalid_message=_l(
            "Välj ett av gruppens egna uppdrag i listan, eller ”Inget särskilt uppdrag”."
        ),
    )
    note = TextAreaField(
        _l("Anteckning (frivilligt)"),
        description=_l("Skriv inte in uppgifter om hot eller händelser som rör enskilda personer."),
        validators=[Length(max=2000, message=_l("Anteckningen får vara högst 2 000 tecken."))],
    )

    minutes = None

    def set_members(self, members):
        self.members.choices = [(member.id, member.person.name) for member in members]

    def set_cases(self, cases):
        """Only the organisation's own cases: another organisation's id is an unknown choice."""
        self.case.choices = [("", _l("Inget särskilt case"))] + [
            (case.id, case.title) for case in cases
        ]

    def set_assignments(self, assignments):
        """Only the group's own assignments: another group's id is an unknown choice."""
        self.assignment.choices = [("", _l("Inget särskilt uppdrag"))] + [
            (assignment.id, assignment.title) for assignment in assignments
        ]

    def validate_hours(self, field):
        text = (field.data or "").strip()
        if text.startswith("-"):
            raise ValidationError(_l("Tiden måste vara mer än 0 timmar."))
        minutes = parse_minutes(text)
        if minutes is None:
            raise ValidationError(_l("Skriv tiden i timmar, till exempel 1,5 eller 1:30."))
        if minutes <= 0:
            raise ValidationError(_l("Tiden måste vara mer än 0 timmar."))
        if minutes > MAX_MINUTES:
            raise ValidationError(
                _l("Ange högst 12 timmar per post. Dela upp längre arbete på flera dagar.")
            )
        if minutes != minutes.to_integral_value() or int(minutes) % STEP_MINUTES:
            raise ValidationError(
                _l("Ange tiden i hela kvartar: till exempel 0,25, 0,5, 0,75 eller 1:15.")
            )
        self.minutes = int(minutes)

    def entry_values(self, members_by_id, cases_by_id=None, assignments_by_id=None):
        return EntryValues(
            worked_on=self.worked_on.data,
            minutes=self.minutes,
            activity=ActivityKind(self.activity.data),
            members=[members_by_id[member_id] for member_id in self.members.data or []],
            note=self.note.data or "",
            case=(cases_by_id or {}).get(self.case.data),
            assignment=(assignments_by_id or {}).get(self.assignment.data),
        )

    def checked_values(self, members_by_id, cases_by_id, assignments_by_id=None):
        """The values as far as the form could read them, None where a field has an error: the
        service's refusals of the rest are shown in the same round as the form's own errors."""

        def readable(field, value):
            return None if field.errors else value

        members = self.members.data or []
        return EntryValues(
            worked_on=readable(self.worked_on, self.worked_on.data),
            minutes=readable(self.hours, self.minutes),
            activity=None,
            members=readable(
                self.members, [members_by_id[i] for i in members if i in members_by_id]
            ),
            case=None if self.case.errors else cases_by_id.get(self.case.data),
            assignment=(
                None
                if self.assignment.errors
                else (assignments_by_id or {}).get(self.assignment.data)
            ),
        )

    def fill_from(self, entry):
        self.worked_on.data = entry.worked_on
        whole, quarter = divmod(entry.minutes, 60)
        self.hours.data = str(whole) + (f",{quarter * 100 // 60}".rstrip("0") if quarter else "")
        self.activity.data = entry.activity.value
        self.members.data = [member.id for member in entry.members]
        self.note.data = entry.note
        self.case.data = entry.case_id
        self.assignment.data = entry.assignment_id
