"""Forms of recruitment: the application period, the invitation's filters, the public
application, the telephone follow-up and the decision."""

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
    Optional,
    Regexp,
    ValidationError,
)

from network_app.forms import (
    BaseForm,
    Choice,
    RadioChoice,
    SwedishDateField,
    clean_line,
    date_within,
)
from network_app.networks.forms import register_choices
from network_app.recruitment.applications import ApplicationValues, Member
from network_app.recruitment.models import DecisionState, MemberRole, Outcome

GROUP_ROWS = 5  # the project group: 3–5 people
PARTNER_ROWS = 4  # organisations applying together with the applicant (samverkanslösning)


def _date(label, message):
    return SwedishDateField(
        label,
        validators=[InputRequired(message), date_within()],
        invalid_message=_l("Skriv datumet som ÅÅÅÅ-MM-DD."),
    )


class PeriodForm(BaseForm):
    applications_open_on = _date(_l("Ansökan öppnar"), _l("Ange när ansökan öppnar."))
    application_deadline = _date(_l("Sista dag för ansökan"), _l("Ange sista dag för ansökan."))
    decision_on = _date(_l("Beslut om deltagande senast"), _l("Ange när beslutet är fattat."))

    def validate_application_deadline(self, field):
        opens = self.applications_open_on.data
        if opens and field.data and field.data < opens:
            raise ValidationError(_l("Sista dag för ansökan kan inte vara före öppningsdagen."))

    def validate_decision_on(self, field):
        deadline = self.application_deadline.data
        if deadline and field.data and field.data < deadline:
            raise ValidationError(_l("Beslutet kan inte fattas före sista dag för ansökan."))


class InvitationFilterForm(BaseForm):
    """The filters, read from the query string (GET): no CSRF token needed to look."""

    class Meta:
        csrf = False

    county = Choice(_l("Län"), validators=[Optional()])
    kind = Choice(_l("Kommun eller region"), validators=[Optional()])
    never_in_network = BooleanField(_l("Bara organisationer som inte har deltagit i något nätverk"))
    never_trained = BooleanField(
        _l("Bara organisationer som inte har haft SKR:s utbildning för förtroendevalda")
    )


class MemberRow(Form):
    """One person of the proposed group; a row left empty is no one."""

    name = StringField(
        _l("Namn"),
        filters=[clean_line],
        validators=[Length(max=200, message=_l("Namnet får vara högst 200 tecken."))],
    )
    title = StringField(
        _l("Titel"),
        filters=[clean_line],
        validators=[Length(max=200, message=_l("Titeln får vara högst 200 tecken."))],
    )
    role = Choice(
        _l("Förtroendevald eller tjänsteperson"),
        choices=[("", _l("– Välj –"))] + [(r.value, r.label) for r in MemberRole],
        validators=[Optional()],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.name.data and not self.role.data and not self.role.errors:
            self.role.errors.append(_l("Ange om personen är förtroendevald eller tjänsteperson."))
            return False
        return valid


class PartnerRow(Form):
    """An organisation of the register that applies together with the applicant; a row left
    empty is none."""

    register_code = Choice(
        _l("Ansöker tillsammans med"),
        validators=[Optional()],
        invalid_message=_l("Välj kommunen eller regionen i listan."),
    )


PARTNER_MESSAGES = {
    "self": _l("Er egen organisation kan inte ansöka tillsammans med sig själv."),
    "twice": _l("Organisationen är redan vald på en annan rad."),
    "participating": _l(
        "Organisationen deltar redan i nätverket, ensam eller tillsammans med andra."
    ),
    "unknown": _l("Välj kommunen eller regionen i listan."),
}


def _text(label, message, length, *validators):
    return StringField(
        label,
        validators=[
            DataRequired(message),
            Length(max=length, message=_l("Högst %(max)d tecken.", max=length)),
            *validators,
        ],
    )


class PublicApplicationForm(BaseForm):
    """The organisations' own application (seed 001): who applies, why, the proposed group and
    the political decision. `website` is a honeypot: hidden from people, filled by robots."""

    register_code = Choice(
        _l("Kommun eller region"),
        validators=[InputRequired(_l("Välj er kommun eller region i listan."))],
        invalid_message=_l("Välj er kommun eller region i listan."),
    )
    contact_name = _text(_l("Kontaktperson: namn"), _l("Ange kontaktpersonens namn."), 200)
    contact_title = StringField(
        _l("Kontaktperson: titel"),
        validators=[Length(max=200, message=_l("Högst %(max)d tecken.", max=200))],
    )
    contact_email = EmailField(
        _l("Kontaktperson: e-postadress"),
        description=_l("Hit skickar vi en länk som bekräftar ansökan."),
        validators=[
            DataRequired(_l("Ange kontaktpersonens e-postadress.")),
            Length(max=254, message=_l("E-postadressen får vara högst 254 tecken.")),
            Email(_l("Ange en giltig e-postadress, till exempel namn@kommun.se.")),
        ],
    )
    contact_phone = TelField(
        _l("Kontaktperson: telefon"),
        description=_l("Anmälan följs upp av ett telefonmöte."),
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
    background = TextAreaField(
        _l("Kort bakgrund: varför vill ni delta?"),
        validators=[
            DataRequired(_l("Skriv en kort bakgrund till varför ni vill delta.")),
            Length(max=5000, message=_l("Bakgrunden får vara högst 5 000 tecken.")),
        ],
    )
    partners = FieldList(FormField(PartnerRow), min_entries=PARTNER_ROWS, max_entries=PARTNER_ROWS)
    members = FieldList(FormField(MemberRow), min_entries=GROUP_ROWS, max_entries=GROUP_ROWS)
    decision_state = RadioChoice(
        _l("Politiskt beslut om deltagande"),
        choices=[(s.value, s.label) for s in DecisionState],
        validators=[InputRequired(_l("Ange om beslutet är planerat eller redan taget."))],
    )
    decision_body = _text(
        _l("Beslutande organ"),
        _l("Ange vilket organ som fattar eller har fattat beslutet, t.ex. kommunstyrelsen."),
        200,
    )
    decision_date = SwedishDateField(
        _l("Datum för beslutet"),
        description=_l("Planerat eller taget."),
        validators=[InputRequired(_l("Ange datum för beslutet.")), date_within()],
        invalid_message=_l("Skriv datumet som ÅÅÅÅ-MM-DD."),
    )
    decision_reference = StringField(
        _l("Diarienummer eller paragraf"),
        description=_l("Krävs när beslutet är taget."),
        validators=[Length(max=100, message=_l("Högst %(max)d tecken.", max=100))],
    )
    website = StringField(_l("Lämna det här fältet tomt"))

    def validate_decision_reference(self, field):
        if self.decision_state.data == DecisionState.TAKEN and not field.data:
            raise ValidationError(
                _l("Ange beslutets diarienummer eller paragraf när beslutet är taget.")
            )

    def validate_members(self, field):
        if not any(row.form.name.data for row in field):
            # Shown at the first person's name, where the error summary links to.
            message = _l("Föreslå minst en person till projektgruppen.")
            field.entries[0].form.name.errors.append(message)
            raise ValidationError(message)

    def set_register_choices(self, entries, *, first, none):
        """The register's entries for the applicant and each partner row (where the first,
        empty choice reads 'none')."""
        self.register_code.choices = register_choices(entries, first=first)
        for number, row in enumerate(self.partners, start=1):
            row.form.register_code.choices = register_choices(entries, first=none)
            row.form.register_code.label.text = _l(
                "Ansöker tillsammans med: organisation %(number)d", number=number
            )

    def validate_partners(self, field):
        """The applicant itself or the same organisation twice: refused at the row."""
        seen, problems = set(), False
        for row in field:
            code = row.form.register_code.data
            if not code or row.form.register_code.errors:
                continue
            if code == self.register_code.data:
                row.form.register_code.errors.append(PARTNER_MESSAGES["self"])
                problems = True
            elif code in seen:
                row.form.register_code.errors.append(PARTNER_MESSAGES["twice"])
                problems = True
            seen.add(code)
        if problems:
            raise ValidationError(_l("Rätta organisationerna som ansöker tillsammans med er."))

    def partner_errors(self, problems):
        """Show the service's refusals (applications.PartnersRefused) at their rows."""
        for index, reason in problems:
            self.partners.entries[index].form.register_code.errors.append(PARTNER_MESSAGES[reason])

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("Lämna det här fältet tomt."))

    def values(self):
        return ApplicationValues(
            contact_name=self.contact_name.data,
            contact_title=self.contact_title.data or "",
            contact_email=self.contact_email.data,
            contact_phone=self.contact_phone.data or None,
            background=self.background.data,
            members=tuple(
                Member(
                    row.form.name.data, row.form.title.data or "", MemberRole(row.form.role.data)
                )
                for row in self.members
                if row.form.name.data
            ),
            decision_state=DecisionState(self.decision_state.data),
            decision_body=self.decision_body.data,
            decision_date=self.decision_date.data,
            decision_reference=self.decision_reference.data or None,
            partners=tuple(row.form.register_code.data or None for row in self.partners),
        )


class CallForm(BaseForm):
    """The telephone meeting that follows up an application."""

    held_on = SwedishDateField(
        _l("Datum för telefonmötet"),
        validators=[InputRequired(_l("Ange datum för telefonmötet.")), date_within()],
        invalid_message=_l("Skriv datumet som ÅÅÅÅ-MM-DD."),
    )
    with_whom = _text(
        _l("Vilka som deltog"),
        _l("Ange vilka som deltog i telefonmötet."),
        300,
    )
    notes = TextAreaField(
        _l("Anteckningar"),
        validators=[Length(max=5000, message=_l("Anteckningarna får vara högst 5 000 tecken."))],
    )


class DecideForm(BaseForm):
    """Accept or decline an application; the reason is mailed to the applicant."""

    outcome = RadioChoice(
        _l("Beslut"),
        choices=[(o.value, o.label) for o in Outcome],
        validators=[InputRequired(_l("Välj om ansökan antas eller avböjs."))],
    )
    reason = TextAreaField(
        _l("Motivering till den sökande"),
        description=_l("Skickas med e-post till den sökande."),
        validators=[
            DataRequired(_l("Skriv en motivering: den sökande får den med beslutet.")),
            Length(max=5000, message=_l("Motiveringen får vara högst 5 000 tecken.")),
        ],
    )
    decision_body = StringField(
        _l("Politiskt beslut: organ"),
        validators=[Length(max=200, message=_l("Högst %(max)d tecken.", max=200))],
    )
    decision_date = SwedishDateField(
        _l("Politiskt beslut: datum"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Skriv datumet som ÅÅÅÅ-MM-DD."),
    )
    decision_reference = StringField(
        _l("Politiskt beslut: diarienummer eller paragraf"),
        validators=[Length(max=100, message=_l("Högst %(max)d tecken.", max=100))],
    )

    def decision(self):
        return {
            "decision_body": self.decision_body.data or None,
            "decision_date": self.decision_date.data,
            "decision_reference": self.decision_reference.data or None,
        }
