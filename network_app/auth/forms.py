"""Login, password and account forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from network_app.auth import passwords
from network_app.auth.models import Role
from network_app.auth.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from network_app.forms import (
    BaseForm,
    Choice,
    MultipleChoice,
    SwedishDateField,
    WholeNumberField,
    date_within,
)


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-postadress"),
        validators=[
            DataRequired(_l("Ange din e-postadress.")),
            Length(max=254, message=_l("E-postadressen får vara högst 254 tecken.")),
        ],
    )
    password = PasswordField(
        _l("Lösenord"),
        validators=[
            InputRequired(_l("Ange ditt lösenord.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("Lösenordet är för långt.")),
        ],
    )


def _new_password_field(label):
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Ange ett nytt lösenord.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
                message=_l(
                    "Lösenordet måste ha minst %(min)d och högst %(max)d tecken.",
                    min=PASSWORD_MIN_LENGTH,
                    max=PASSWORD_MAX_LENGTH,
                ),
            ),
        ],
        description=_l(
            "Minst %(min)d tecken, inte ett vanligt lösenord och inte ditt namn eller din "
            "e-postadress. En fras med flera ord är lätt att minnas.",
            min=PASSWORD_MIN_LENGTH,
        ),
    )


def _repeat_field():
    return PasswordField(
        _l("Upprepa lösenordet"),
        validators=[
            InputRequired(_l("Skriv lösenordet en gång till.")),
            EqualTo("password", message=_l("Lösenorden är inte likadana. Skriv samma två gånger.")),
        ],
    )


class NewPasswordForm(BaseForm):
    """A form in which someone chooses a password for `account` (whose name and e-mail address
    the password may not resemble)."""

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def validate_password(self, field):
        if field.errors:
            return  # the length is already refused
        refusal = passwords.refusal(
            field.data or "", name=self.account.name, email=self.account.email
        )
        if refusal is not None:
            raise ValidationError(refusal)


class SetPasswordForm(NewPasswordForm):
    password = _new_password_field(_l("Välj lösenord"))
    repeat = _repeat_field()


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Nuvarande lösenord"),
        validators=[
            InputRequired(_l("Ange ditt nuvarande lösenord.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("Lösenordet är för långt.")),
        ],
    )
    password = _new_password_field(_l("Nytt lösenord"))
    repeat = _repeat_field()


ROLE_LABELS = {
    Role.LEADER: _l("Projektledare (SKR)"),
    Role.PARTICIPANT: _l("Deltagare (en organisation)"),
    Role.OBSERVER: _l("Observatör (läser ett nätverk, t.ex. coach eller föreläsare)"),
}


class AccountForm(BaseForm):
    """The leader creates an account for someone outside the project groups, or any role."""

    name = StringField(
        _l("Namn"),
        validators=[
            DataRequired(_l("Ange namnet på den som ska få kontot.")),
            Length(max=200, message=_l("Namnet får vara högst 200 tecken.")),
        ],
    )
    email = EmailField(
        _l("E-postadress"),
        validators=[
            DataRequired(_l("Ange e-postadressen som kontot loggar in med.")),
            Length(max=254, message=_l("E-postadressen får vara högst 254 tecken.")),
            Email(_l("Ange en giltig e-postadress, till exempel namn@kommun.se.")),
        ],
    )
    role = Choice(
        _l("Roll"),
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Välj en roll."))],
    )
    organisation_id = Choice(
        _l("Organisation"),
        coerce=int,
        validators=[Optional()],
        description=_l("Krävs för deltagare."),
    )
    network_ids = MultipleChoice(
        _l("Nätverk att observera"),
        coerce=int,
        validators=[Optional()],
        description=_l("Krävs för observatörer."),
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.role.data == Role.PARTICIPANT and not self.organisation_id.data:
            if not self.organisation_id.errors:
                self.organisation_id.errors.append(_l("Välj deltagarens organisation."))
            valid = False
        if self.role.data == Role.OBSERVER and not self.network_ids.data:
            if not self.network_ids.errors:
                self.network_ids.errors.append(
                    _l("Välj minst ett nätverk som observatören ska se.")
                )
            valid = False
        return valid


class ActiveForm(BaseForm):
    active = BooleanField()


# Two-factor login


def _code_field(label, description):
    return StringField(
        label,
        description=description,
        validators=[
            DataRequired(_l("Ange koden.")),
            Length(max=64, message=_l("Koden är för lång. Ange de sex siffrorna från appen.")),
        ],
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
        },
    )


def _confirm_password_field():
    return PasswordField(
        _l("Ditt lösenord"),
        validators=[
            InputRequired(_l("Ange ditt lösenord för att bekräfta.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("Lösenordet är för långt.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class EnableTwoFactorForm(BaseForm):
    code = _code_field(
        _l("Kod från appen"),
        _l("De sex siffror som appen visar just nu."),
    )
    password = _confirm_password_field()


class SecondFactorForm(BaseForm):
    code = _code_field(
        _l("Kod"),
        _l("Sex siffror från din autentiseringsapp, eller en av dina reservkoder."),
    )


class ConfirmPasswordForm(BaseForm):
    password = _confirm_password_field()


class AuditFilterForm(BaseForm):
    """The audit log's filters, read from the query string (GET: no CSRF token)."""

    class Meta:
        csrf = False

    # An account's id, from the link on its page; `who` finds accounts by name or address.
    person = WholeNumberField(
        _l("Konto"),
        validators=[Optional()],
        widget=HiddenInput(),
        invalid_message=_l("Länken till kontots historik är trasig. Välj personen igen."),
    )
    who = StringField(
        _l("Person"),
        description=_l("Namn eller e-postadress, eller en del av dem."),
        validators=[Length(max=200, message=_l("Skriv högst 200 tecken."))],
    )
    # The choices are checked against a set of their values (validate_category and the others),
    # not by WTForms' loop over every choice: the organisations are 300, the actions 40.
    category = Choice(_l("Visa"), validators=[Optional()], validate_choice=False)
    action = Choice(_l("Händelse"), validators=[Optional()], validate_choice=False)
    organisation = Choice(
        _l("Organisation"), coerce=int, validators=[Optional()], validate_choice=False
    )
    since = SwedishDateField(
        _l("Från och med"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18."),
    )
    until = SwedishDateField(
        _l("Till och med"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18."),
    )

    @staticmethod
    def _one_of_the_choices(field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Välj ett av alternativen i listan."))

    def validate_category(self, field):
        self._one_of_the_choices(field)

    def validate_action(self, field):
        self._one_of_the_choices(field)

    def validate_organisation(self, field):
        self._one_of_the_choices(field)

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(
                _l("Slutdatumet måste vara samma dag som eller efter startdatumet.")
            )

    def chosen(self):
        """The filter as audit_log.LogFilter values (only the fields without errors)."""

        def value(field):
            return None if field.errors or field.data in ("", 0, None) else field.data

        return {
            "actor_id": value(self.person),
            "actor_text": value(self.who),
            "action": value(self.action),
            "category": value(self.category),
            "organisation_id": value(self.organisation),
            "since": value(self.since),
            "until": value(self.until),
        }
