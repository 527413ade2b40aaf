"""Forms for meetings, registrations and attendance, in the network's wall-clock time."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from network_app.forms import (
    BaseForm,
    Choice,
    NamedParseError,
    RadioChoice,
    SwedishDateField,
    date_within,
)
from network_app.meetings.ics import safe_url
from network_app.meetings.models import MeetingKind, MeetingStatus, RegistrationResponse
from network_app.meetings.timing import MAX_DAYS, NonexistentLocalTime, to_utc


class SwedishTimeField(NamedParseError, TimeField):
    """A time field (HH:MM) whose parse error names the field."""


def _time(label, required_message, invalid_message, required=True):
    return SwedishTimeField(
        label,
        validators=[InputRequired(required_message) if required else Optional()],
        invalid_message=invalid_message,
    )


class MeetingForm(BaseForm):
    """A meeting; the view gives it the network (for its zone and period) and the host choices."""

    title = StringField(
        _l("Rubrik"),
        validators=[
            DataRequired(_l("Ange mötets rubrik, till exempel Uppstart med övernattning.")),
            Length(max=200, message=_l("Rubriken får vara högst 200 tecken.")),
        ],
    )
    kind = RadioChoice(
        _l("Typ av möte"),
        choices=[(kind.value, kind.label) for kind in MeetingKind],
        validators=[InputRequired(_l("Välj typ av möte."))],
    )
    host_participation_id = Choice(
        _l("Organisation som håller workshoppen"),
        coerce=int,
        description=_l("Bara för en lokal workshop."),
        validators=[Optional()],
    )
    start_date = SwedishDateField(
        _l("Startdatum"),
        validators=[InputRequired(_l("Ange startdatum.")), date_within()],
        invalid_message=_l("Ange startdatum som ÅÅÅÅ-MM-DD, till exempel 2027-01-18."),
    )
    start_time = _time(
        _l("Starttid"), _l("Ange starttid."), _l("Ange starttid som TT:MM, till exempel 09:00.")
    )
    end_date = SwedishDateField(
        _l("Slutdatum"),
        description=_l("Samma som startdatum om mötet är en dag."),
        validators=[InputRequired(_l("Ange slutdatum.")), date_within()],
        invalid_message=_l("Ange slutdatum som ÅÅÅÅ-MM-DD, till exempel 2027-01-19."),
    )
    end_time = _time(
        _l("Sluttid"), _l("Ange sluttid."), _l("Ange sluttid som TT:MM, till exempel 16:00.")
    )
    day_end_time = _time(
        _l("Dagarna slutar kl."),
        None,
        _l("Ange när dagarna slutar som TT:MM, till exempel 17:00."),
        required=False,
    )
    day_start_time = _time(
        _l("Följande dagar börjar kl."),
        None,
        _l("Ange när följande dagar börjar som TT:MM, till exempel 09:00."),
        required=False,
    )
    has_overnight_stay = BooleanField(_l("Mötet har övernattning"))
    place = StringField(
        _l("Plats (adress)"),
        validators=[Length(max=500, message=_l("Platsen får vara högst 500 tecken."))],
    )
    online_url = StringField(
        _l("Länk till digitalt möte"),
        description=_l("En webbadress som börjar med https://"),
        validators=[Length(max=1000, message=_l("Länken får vara högst 1 000 tecken."))],
    )
    agenda = TextAreaField(
        _l("Dagordning"),
        validators=[Length(max=10000, message=_l("Dagordningen får vara högst 10 000 tecken."))],
    )
    status = RadioChoice(
        _l("Status"),
        choices=[(status.value, status.label) for status in MeetingStatus],
        default=MeetingStatus.PLANNED.value,
        validators=[InputRequired(_l("Välj mötets status."))],
    )

    def __init__(self, *args, network, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.network, self.zone = network, zone
        self.starts_at = self.ends_at = None

    def validate_host_participation_id(self, field):
        if self.kind.data == MeetingKind.WORKSHOP.value and not field.data:
            raise ValidationError(_l("Välj vilken organisation som håller workshoppen."))

    def validate_online_url(self, field):
        if field.data and not safe_url(field.data):
            raise ValidationError(
                _l("Ange länken som en webbadress som börjar med https://, utan mellanslag.")
            )

    def validate(self, extra_validators=None):
        """The fields' own checks and the checks of the times together, so that a bad link and
        "end before start" are shown in the same round."""
        valid = super().validate(extra_validators)
        return self._validate_times() and valid

    def _moment(self, date_field, time_field):
        if date_field.errors or time_field.errors or None in (date_field.data, time_field.data):
            return None  # already refused on its own field
        try:
            return to_utc(date_field.data, time_field.data, self.zone)
        except NonexistentLocalTime:
            time_field.errors.append(
                _l(
                    "Den tiden finns inte det datumet eftersom klockan ställs fram till "
                    "sommartid. Välj en annan tid."
                )
            )
            return None

    def _validate_times(self):
        """Every refusal of the dates and times at once, each on its field."""
        starts_at = self._moment(self.start_date, self.start_time)
        ends_at = self._moment(self.end_date, self.end_time)
        valid = starts_at is not None and ends_at is not None
        network = self.network
        start_day, end_day = self.start_date.data, self.end_date.data
        if (
            start_day and not self.start_date.errors and end_day and not self.end_date.errors
        ) and not (network.starts_on <= start_day and end_day <= network.ends_on):
            self.start_date.errors.append(
                _l(
                    "Mötet ska ligga inom nätverkets period, %(start)s – %(end)s.",
                    start=network.starts_on.isoformat(),
                    end=network.ends_on.isoformat(),
                )
            )
            valid = False
        if starts_at is None or ends_at is None:
            return False
        if ends_at <= starts_at:
            self.end_time.errors.append(_l("Mötet måste sluta efter att det börjar."))
            return False
        days = (end_day - start_day).days + 1
        if days > MAX_DAYS:
            self.end_date.errors.append(
                _l("Ett möte kan vara högst %(days)d dagar.", days=MAX_DAYS)
            )
            return False
        if days > 1 and not self._validate_day_hours():
            return False
        if valid:
            self.starts_at, self.ends_at = starts_at, ends_at
        return valid

    def _validate_day_hours(self):
        valid = True
        if self.day_end_time.data is None:
            self.day_end_time.errors.append(
                _l("Ange när dagarna slutar, för ett möte över flera dagar.")
            )
            valid = False
        elif self.day_end_time.data <= self.start_time.data:
            self.day_end_time.errors.append(_l("Första dagen måste sluta efter starttiden."))
            valid = False
        if self.day_start_time.data is None:
            self.day_start_time.errors.append(
                _l("Ange när följande dagar börjar, för ett möte över flera dagar.")
            )
            valid = False
        elif self.day_start_time.data >= self.end_time.data:
            self.day_start_time.errors.append(_l("Sista dagen måste börja före sluttiden."))
            valid = False
        return valid

    def fill_from(self, meeting):
        start, end = meeting.starts_at.astimezone(self.zone), meeting.ends_at.astimezone(self.zone)
        self.start_date.data, self.start_time.data = start.date(), start.time()
        self.end_date.data, self.end_time.data = end.date(), end.time()
        self.host_participation_id.data = meeting.host_participation_id or 0
        self.kind.data, self.status.data = meeting.kind.value, meeting.status.value

    def meeting_values(self, hosts):
        multi_day = self.end_date.data != self.start_date.data
        kind = MeetingKind(self.kind.data)
        return {
            "title": self.title.data,
            "kind": kind,
            "host_participation": hosts.get(self.host_participation_id.data)
            if kind == MeetingKind.WORKSHOP
            else None,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "day_end_time": self.day_end_time.data if multi_day else None,
            "day_start_time": self.day_start_time.data if multi_day else None,
            "has_overnight_stay": bool(self.has_overnight_stay.data),
            "place": self.place.data or "",
            "online_url": safe_url(self.online_url.data),
            "agenda": self.agenda.data or "",
            "status": MeetingStatus(self.status.data),
        }


class RegistrationForm(BaseForm):
    response = RadioChoice(
        _l("Svar"),
        choices=[(r.value, r.label) for r in RegistrationResponse],
        validators=[InputRequired(_l("Välj om personen kommer eller inte."))],
    )
    overnight_stay = BooleanField(_l("Behöver övernattning"))
    dietary_needs = StringField(
        _l("Specialkost eller allergier"),
        description=_l("Lämna tomt om personen inte har några."),
        validators=[Length(max=500, message=_l("Högst 500 tecken."))],
    )


class MemberChoices(SelectMultipleField):
    """Checkboxes of group members; an id not on the list gets a Swedish message, not a crash."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = []
            raise ValueError(_l("Välj bara personer i listan.")) from None

    def pre_validate(self, form):
        allowed = {value for value, _label in self.choices}
        if any(value not in allowed for value in self.data or ()):
            raise ValidationError(_l("Välj bara personer i listan."))


class AttendanceForm(BaseForm):
    attended = MemberChoices(_l("Närvarade"), coerce=int)


class FeedForm(BaseForm):
    """A POST with only the CSRF token: create or reset the subscription link."""
