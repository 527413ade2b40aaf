"""Forms of the training offer: the request (public and in the app), scheduling, the outcome."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from network_app.forms import (
    BaseForm,
    Choice,
    RadioChoice,
    SwedishDateField,
    WholeNumberField,
    date_within,
)
from network_app.meetings.forms import SwedishTimeField
from network_app.meetings.ics import safe_url
from network_app.meetings.timing import NonexistentLocalTime, to_utc
from network_app.training.models import MAX_PARTICIPANTS, Assembly, Delivery, SeminarLength
from network_app.training.services import RequestValues, ScheduleValues

PARTICIPANTS_MESSAGE = _l("Ange ett antal mellan 1 och %(max)d.", max=MAX_PARTICIPANTS)


def _date(label, required=False):
    return SwedishDateField(
        label,
        validators=[InputRequired(_l("Ange datumet.")) if required else Optional(), date_within()],
        invalid_message=_l("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-15."),
    )


def _time(label):
    return SwedishTimeField(
        label,
        validators=[Optional()],
        invalid_message=_l("Skriv tiden som TT:MM, till exempel 13:00."),
    )


class TrainingRequestForm(BaseForm):
    """What an organisation asks for. The view gives the organisation choices (the register),
    or fixes the organisation (a participant asks for their own)."""

    register_code = Choice(
        _l("Kommun eller region"),
        validators=[InputRequired(_l("Välj er kommun eller region."))],
        invalid_message=_l("Välj er kommun eller region i listan."),
    )
    length = RadioChoice(
        _l("Upplägg"),
        choices=[(v.value, v.label) for v in SeminarLength],
        validators=[InputRequired(_l("Välj ett kortare eller ett längre seminarium."))],
    )
    delivery = RadioChoice(
        _l("Var"),
        choices=[(v.value, v.label) for v in Delivery],
        validators=[InputRequired(_l("Välj på plats eller på distans."))],
    )
    assembly = RadioChoice(
        _l("För vilka förtroendevalda"),
        choices=[(v.value, v.label) for v in Assembly],
        validators=[InputRequired(_l("Välj fullmäktige, styrelsen eller båda."))],
    )
    preferred_on = _date(_l("Önskat datum"), required=True)
    preferred_on_2 = _date(_l("Annat möjligt datum"))
    preferred_on_3 = _date(_l("Ytterligare ett möjligt datum"))
    expected_participants = WholeNumberField(
        _l("Ungefärligt antal deltagare"),
        validators=[
            InputRequired(_l("Ange hur många som väntas delta.")),
            NumberRange(min=1, max=MAX_PARTICIPANTS, message=PARTICIPANTS_MESSAGE),
        ],
    )
    wants_test_session = BooleanField(_l("Vi vill testa det digitala verktyget dagen innan"))
    contact_name = StringField(
        _l("Kontaktperson"),
        validators=[
            DataRequired(_l("Ange kontaktpersonens namn.")),
            Length(max=200, message=_l("Namnet får vara högst 200 tecken.")),
        ],
    )
    contact_email = EmailField(
        _l("Kontaktpersonens e-postadress"),
        validators=[
            DataRequired(_l("Ange kontaktpersonens e-postadress.")),
            Email(_l("Ange en giltig e-postadress, till exempel namn@kommun.se.")),
            Length(max=254, message=_l("E-postadressen får vara högst 254 tecken.")),
        ],
    )
    contact_phone = StringField(
        _l("Kontaktpersonens telefonnummer"),
        validators=[Length(max=50, message=_l("Telefonnumret får vara högst 50 tecken."))],
    )

    def values(self):
        return RequestValues(
            register_code=self.register_code.data,
            length=self.length.data,
            delivery=self.delivery.data,
            assembly=self.assembly.data,
            preferred_on=self.preferred_on.data,
            preferred_on_2=self.preferred_on_2.data,
            preferred_on_3=self.preferred_on_3.data,
            expected_participants=self.expected_participants.data,
            wants_test_session=self.wants_test_session.data,
            contact_name=self.contact_name.data,
            contact_email=(self.contact_email.data or "").strip(),
            contact_phone=self.contact_phone.data or "",
        )


class PublicTrainingRequestForm(TrainingRequestForm):
    # The honeypot: hidden from people (off screen, out of the tab order, hidden from screen
    # readers); a program that fills every field fills it, and the request is refused.
    website = StringField(_l("Lämna det här fältet tomt"))


class ScheduleForm(BaseForm):
    """The booking, in Swedish time."""

    start_date = _date(_l("Datum"), required=True)
    start_time = _time(_l("Starttid"))
    end_time = _time(_l("Sluttid"))
    trainer = StringField(
        _l("Utbildare från SKR"),
        validators=[
            DataRequired(_l("Ange vem som håller utbildningen.")),
            Length(max=200, message=_l("Namnet får vara högst 200 tecken.")),
        ],
    )
    place = StringField(
        _l("Plats (adress)"),
        validators=[Length(max=300, message=_l("Platsen får vara högst 300 tecken."))],
    )
    online_url = StringField(
        _l("Länk till det digitala mötet"),
        description=_l("En webbadress som börjar med https://"),
        validators=[Length(max=500, message=_l("Länken får vara högst 500 tecken."))],
    )
    test_date = _date(_l("Datum för testet av verktyget"))
    test_start_time = _time(_l("Testet börjar"))
    test_end_time = _time(_l("Testet slutar"))

    def __init__(self, *args, zone, remote, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.remote = zone, remote
        self.moments = {}

    def validate_online_url(self, field):
        if field.data and not safe_url(field.data):
            raise ValidationError(
                _l("Ange länken som en webbadress som börjar med https://, utan mellanslag.")
            )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        checks = [
            self._span("start", self.start_date, self.start_time, self.end_time, required=True),
            self._span("test", self.test_date, self.test_start_time, self.test_end_time),
            self._where(),
        ]
        moments = self.moments
        if "test" in moments and "start" in moments and moments["test"][0] >= moments["start"][0]:
            self.test_date.errors.append(_l("Testet av verktyget måste vara före utbildningen."))
            return False
        return valid and all(checks)

    def _where(self):
        if self.remote and not self.online_url.data:
            self.online_url.errors.append(_l("Ange länken till det digitala mötet."))
            return False
        if not self.remote and not self.place.data:
            self.place.errors.append(_l("Ange var utbildningen hålls."))
            return False
        return True

    def _moment(self, day, field):
        try:
            return to_utc(day, field.data, self.zone)
        except NonexistentLocalTime:
            field.errors.append(_l("Den tiden finns inte: klockan ställs fram en timme då."))
            return None

    def _span(self, name, day_field, start_field, end_field, required=False):
        """Start and end on the date; both times needed when the date is given."""
        if day_field.data is None:
            if not required and (start_field.data or end_field.data):
                day_field.errors.append(_l("Ange datumet."))
                return False
            return not required
        ok = True
        for field in (start_field, end_field):
            if field.data is None and not field.errors:
                field.errors.append(_l("Ange tiden."))
                ok = False
        if not ok or start_field.errors or end_field.errors:
            return False
        starts_at = self._moment(day_field.data, start_field)
        ends_at = self._moment(day_field.data, end_field)
        if starts_at is None or ends_at is None:
            return False
        if ends_at <= starts_at:
            end_field.errors.append(_l("Sluttiden måste vara efter starttiden."))
            return False
        self.moments[name] = (starts_at, ends_at)
        return True

    def values(self):
        starts_at, ends_at = self.moments["start"]
        test_starts_at, test_ends_at = self.moments.get("test", (None, None))
        return ScheduleValues(
            starts_at=starts_at,
            ends_at=ends_at,
            trainer=self.trainer.data,
            place=self.place.data or "",
            online_url=safe_url(self.online_url.data),
            test_starts_at=test_starts_at,
            test_ends_at=test_ends_at,
        )

    def fill_from(self, training):
        """The booking as it stands, or the preferred date (and the day before for the test)."""
        if training.starts_at is None:
            self.start_date.data = training.preferred_on
            if training.wants_test_session:
                self.test_date.data = training.preferred_on - timedelta(days=1)
            return
        start = training.starts_at.astimezone(self.zone)
        self.start_date.data, self.start_time.data = start.date(), start.time()
        self.end_time.data = training.ends_at.astimezone(self.zone).time()
        self.trainer.data, self.place.data = training.trainer, training.place
        self.online_url.data = training.online_url
        if training.test_starts_at is not None:
            test = training.test_starts_at.astimezone(self.zone)
            self.test_date.data, self.test_start_time.data = test.date(), test.time()
            self.test_end_time.data = training.test_ends_at.astimezone(self.zone).time()


class HeldForm(BaseForm):
    participants = WholeNumberField(
        _l("Antal deltagare"),
        validators=[
            InputRequired(_l("Ange hur många som deltog.")),
            NumberRange(min=1, max=MAX_PARTICIPANTS, message=PARTICIPANTS_MESSAGE),
        ],
    )
