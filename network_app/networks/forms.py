"""Forms for networks, organisations, participations and group members."""

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
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
from network_app.networks.models import PersonFunction, PersonKind


def _whole_number(label, message, low, high):
    return WholeNumberField(
        label,
        validators=[
            InputRequired(message),
            NumberRange(
                min=low, max=high, message=_l("Ange ett heltal från %(min)d till %(max)d.")
            ),
        ],
    )


class NetworkForm(BaseForm):
    name = StringField(
        _l("Namn"),
        validators=[
            DataRequired(_l("Ange nätverkets namn.")),
            Length(max=200, message=_l("Namnet får vara högst 200 tecken.")),
        ],
    )
    description = TextAreaField(
        _l("Beskrivning"),
        validators=[Length(max=10000, message=_l("Beskrivningen får vara högst 10 000 tecken."))],
    )
    goal = TextAreaField(
        _l("Mål"),
        validators=[Length(max=10000, message=_l("Målet får vara högst 10 000 tecken."))],
    )
    starts_on = SwedishDateField(
        _l("Startdatum"),
        validators=[InputRequired(_l("Ange startdatum.")), date_within()],
        invalid_message=_l("Ange startdatum som ÅÅÅÅ-MM-DD, till exempel 2027-01-18."),
    )
    ends_on = SwedishDateField(
        _l("Slutdatum"),
        validators=[InputRequired(_l("Ange slutdatum.")), date_within()],
        invalid_message=_l("Ange slutdatum som ÅÅÅÅ-MM-DD, till exempel 2027-12-15."),
    )
    target_hours_min = _whole_number(
        _l("Timmar på hemmaplan, lägst"), _l("Ange lägsta antal timmar på hemmaplan."), 0, 1000
    )
    target_hours_max = _whole_number(
        _l("Timmar på hemmaplan, högst"), _l("Ange högsta antal timmar på hemmaplan."), 1, 1000
    )
    group_size_min = _whole_number(
        _l("Projektgruppens storlek, minst"), _l("Ange minsta antal i projektgruppen."), 1, 50
    )
    group_size_max = _whole_number(
        _l("Projektgruppens storlek, högst"), _l("Ange högsta antal i projektgruppen."), 1, 50
    )
    time_zone = StringField(
        _l("Tidszon"),
        default="Europe/Stockholm",
        validators=[
            DataRequired(_l("Ange tidszon, till exempel Europe/Stockholm.")),
            Length(max=64, message=_l("Tidszonen får vara högst 64 tecken.")),
        ],
    )

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Slutdatum kan inte vara före startdatum."))

    def validate_target_hours_max(self, field):
        low = self.target_hours_min.data
        if low is not None and field.data is not None and field.data < low:
            raise ValidationError(_l("Högsta antal timmar kan inte vara lägre än lägsta."))

    def validate_group_size_max(self, field):
        low = self.group_size_min.data
        if low is not None and field.data is not None and field.data < low:
            raise ValidationError(_l("Högsta gruppstorlek kan inte vara lägre än minsta."))

    def validate_time_zone(self, field):
        if field.data not in available_timezones():
            raise ValidationError(
                _l("Okänd tidszon. Ange den som i tz-databasen, t.ex. Europe/Stockholm.")
            )


def register_entry_field(label, *validators):
    """A choice of the register's entries; the view sets the choices (register_choices)."""
    return Choice(
        label,
        validators=list(validators),
        invalid_message=_l("Välj en kommun eller region ur listan."),
    )


def register_choices(entries, first=None):
    """The entries as a choice list grouped by kind: 'Malmö stad (Skåne län)'."""
    groups = {str(_l("Kommuner")): [], str(_l("Regioner")): []}
    for entry in entries:
        group = str(_l("Kommuner")) if entry.kind == "municipality" else str(_l("Regioner"))
        groups[group].append((entry.code, f"{entry.long_name} ({entry.county_name})"))
    groups = {label: choices for label, choices in groups.items() if choices}
    if first is not None:
        groups = {"": [("", first)], **groups}
    return groups


class OrganisationForm(BaseForm):
    """An organisation is an entry of the register: chosen, never typed."""

    register_code = register_entry_field(
        _l("Kommun eller region"),
        InputRequired(_l("Välj kommunen eller regionen i registret.")),
    )
    contact_email = EmailField(
        _l("Kontaktadress för inbjudningar (frivilligt)"),
        description=_l(
            "Organisationens funktionsbrevlåda, t.ex. kommunstyrelsen@kommun.se: "
            "inbjudningar till nätverk skickas hit."
        ),
        validators=[
            Optional(),
            Length(max=254, message=_l("E-postadressen får vara högst 254 tecken.")),
            Email(_l("Ange en giltig e-postadress, till exempel namn@kommun.se.")),
        ],
    )


class JointMemberForm(BaseForm):
    """An organisation joining a participation (samverkanslösning)."""

    organisation_id = Choice(
        _l("Organisation som deltar tillsammans med denna"),
        coerce=int,
        validators=[InputRequired(_l("Välj en organisation."))],
        invalid_message=_l("Välj en organisation i listan."),
    )


PARTNER_ROWS = 4


class PartnerRow(Form):
    """An organisation of the register applying together with the applicant (samverkanslösning);
    a row left empty is none."""

    register_code = register_entry_field(_l("Ansöker tillsammans med"), Optional())


PARTNER_MESSAGES = {
    "self": _l("Organisationen som ansöker kan inte ansöka tillsammans med sig själv."),
    "twice": _l("Organisationen är redan vald på en annan rad."),
    "participating": _l(
        "Organisationen deltar redan i nätverket, ensam eller tillsammans med andra."
    ),
    "unknown": _l("Välj en kommun eller region ur listan."),
}


class ApplicationForm(BaseForm):
    """An organisation's application: an existing organisation, or a new one named here, and
    the organisations of the register that apply together with it."""

    organisation_id = Choice(_l("Organisation"), coerce=int, validators=[Optional()])
    register_code = register_entry_field(
        _l("Eller en kommun eller region som inte finns i appen ännu"), Optional()
    )
    background = TextAreaField(
        _l("Bakgrund: varför vill organisationen delta?"),
        validators=[Length(max=10000, message=_l("Bakgrunden får vara högst 10 000 tecken."))],
    )
    applied_on = SwedishDateField(
        _l("Ansökningsdatum"),
        validators=[InputRequired(_l("Ange ansökningsdatum.")), date_within()],
        invalid_message=_l("Ange ansökningsdatum som ÅÅÅÅ-MM-DD."),
    )
    partners = FieldList(FormField(PartnerRow), min_entries=PARTNER_ROWS, max_entries=PARTNER_ROWS)

    def set_partner_choices(self, choices):
        for number, row in enumerate(self.partners, start=1):
            row.form.register_code.choices = choices
            row.form.register_code.label.text = _l(
                "Ansöker tillsammans med: organisation %(number)d", number=number
            )

    def partner_codes(self):
        return tuple(row.form.register_code.data or None for row in self.partners)

    def partner_errors(self, problems):
        for index, reason in problems:
            self.partners.entries[index].form.register_code.errors.append(PARTNER_MESSAGES[reason])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        chose_existing = bool(self.organisation_id.data)
        chose_new = bool(self.register_code.data)
        if chose_existing == chose_new and not self.organisation_id.errors:
            self.organisation_id.errors.append(
                _l("Välj antingen en organisation i appen eller en ur registret, inte båda.")
            )
            valid = False
        return valid


class BackgroundForm(BaseForm):
    background = ApplicationForm.background


class DecisionForm(BaseForm):
    """The political decision an organisation needs before it is accepted."""

    decision_body = StringField(
        _l("Beslutande organ"),
        description=_l("Till exempel kommunstyrelsen eller regionstyrelsen."),
        validators=[
            DataRequired(_l("Ange vilket organ som fattade det politiska beslutet.")),
            Length(max=200, message=_l("Organets namn får vara högst 200 tecken.")),
        ],
    )
    decision_date = SwedishDateField(
        _l("Beslutsdatum"),
        validators=[InputRequired(_l("Ange datum för det politiska beslutet.")), date_within()],
        invalid_message=_l("Ange beslutsdatum som ÅÅÅÅ-MM-DD."),
    )
    decision_reference = StringField(
        _l("Diarienummer eller paragraf"),
        validators=[
            DataRequired(_l("Ange beslutets diarienummer eller paragraf, t.ex. KS 2026/123 § 45.")),
            Length(max=100, message=_l("Referensen får vara högst 100 tecken.")),
        ],
    )


class MemberForm(BaseForm):
    name = StringField(
        _l("Namn"),
        validators=[
            DataRequired(_l("Ange personens namn.")),
            Length(max=200, message=_l("Namnet får vara högst 200 tecken.")),
        ],
    )
    title = StringField(
        _l("Titel eller uppdrag"),
        description=_l("Till exempel kommunalråd eller säkerhetssamordnare."),
        validators=[Length(max=200, message=_l("Titeln får vara högst 200 tecken."))],
    )
    kind = RadioChoice(
        _l("Förtroendevald eller tjänsteperson"),
        choices=[(kind.value, kind.label) for kind in PersonKind],
        validators=[InputRequired(_l("Välj om personen är förtroendevald eller tjänsteperson."))],
    )
    function = Choice(
        _l("Funktion"),
        choices=[(f.value, f.label) for f in PersonFunction],
        validators=[InputRequired(_l("Välj personens funktion."))],
    )
    email = EmailField(
        _l("E-postadress"),
        validators=[
            DataRequired(_l("Ange personens e-postadress.")),
            Length(max=254, message=_l("E-postadressen får vara högst 254 tecken.")),
            Email(_l("Ange en giltig e-postadress, till exempel namn@kommun.se.")),
        ],
    )
    phone = TelField(
        _l("Telefon (frivilligt)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Telefonnumret får vara högst 40 tecken.")),
            Regexp(
                r"^\+?[0-9 ()-]{5,40}$",
                message=_l(
                    "Ange telefonnumret med siffror, t.ex. 070-123 45 67 eller +46 70 123 45 67."
                ),
            ),
        ],
    )
    is_contact = BooleanField(_l("Gruppens kontaktperson"))

    def member_data(self):
        return {
            "name": self.name.data,
            "title": self.title.data or "",
            "kind": PersonKind(self.kind.data),
            "function": PersonFunction(self.function.data),
            "email": self.email.data,
            "phone": self.phone.data,
            "is_contact": self.is_contact.data,
        }
