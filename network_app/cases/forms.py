"""Forms for cases, risks, proactive communication, the journal and the system checklist."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from network_app.cases import checklist as outline
from network_app.cases.models import (
    RESPONSIBILITY_LEVEL_LABELS,
    CaseStatus,
    DecisionKind,
    DocumentStatus,
    ItemState,
    Method,
)
from network_app.forms import BaseForm, RadioChoice, SwedishDateField, date_within

SCALE = [(str(n), str(n)) for n in range(1, 5)]


def _text(label, limit, message=None):
    return TextAreaField(
        label,
        validators=[
            Length(max=limit, message=message or _l("Texten får vara högst %(max)d tecken."))
        ],
    )


def _line(label, limit=200, required_message=None):
    validators = [Length(max=limit, message=_l("Texten får vara högst %(max)d tecken."))]
    if required_message:
        validators.insert(0, DataRequired(required_message))
    return StringField(label, validators=validators)


class MethodsField(SelectMultipleField):
    """Checkboxes whose refusal of an unknown value says what to do."""

    def pre_validate(self, form):
        known = {value for value, _label in self.choices}
        if any(value not in known for value in self.data or ()):
            raise ValidationError(_l("Välj metoder ur listan."))


class VersionedForm(BaseForm):
    """Carries the version the form was read at, so that a stale save can be refused."""

    version = HiddenField()

    def read_version(self):
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class CaseForm(VersionedForm):
    title = _line(_l("Rubrik"), required_message=_l("Ange en rubrik för caset."))
    description = _text(_l("Vad processen handlar om"), 20000)
    decision_kind = RadioChoice(
        _l("Typ av beslut"),
        choices=[(k.value, k.label) for k in DecisionKind],
        validators=[InputRequired(_l("Välj vilken typ av beslut processen leder till."))],
        invalid_message=_l("Välj en av beslutstyperna."),
    )
    deciding_body = _line(_l("Beslutande organ"))
    decision_expected_on = SwedishDateField(
        _l("Väntat beslutsdatum"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Ange väntat beslutsdatum som ÅÅÅÅ-MM-DD, till exempel 2026-10-15."),
    )
    affected = _text(_l("Vilka berörs"), 10000)
    could_react = _text(_l("Vilka kan reagera"), 10000)
    status = RadioChoice(
        _l("Status"),
        choices=[(k.value, k.label) for k in CaseStatus],
        default=CaseStatus.CHOSEN.value,
        validators=[InputRequired(_l("Välj hur långt arbetet har kommit."))],
        invalid_message=_l("Välj en av statusarna."),
    )
    methods = MethodsField(
        _l("Metoder som används"),
        choices=[(m.value, m.label) for m in Method],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    gender_perspective = _text(_l("Skillnader i hur kvinnor och män utsätts"), 10000)
    exposed_groups = _text(_l("Andra särskilt utsatta grupper"), 10000)
    lessons = _text(_l("Lärdomar"), 20000)

    def case_data(self):
        return {
            "title": self.title.data,
            "description": self.description.data or "",
            "decision_kind": DecisionKind(self.decision_kind.data),
            "deciding_body": self.deciding_body.data or "",
            "decision_expected_on": self.decision_expected_on.data,
            "affected": self.affected.data or "",
            "could_react": self.could_react.data or "",
            "status": CaseStatus(self.status.data),
            "methods": " ".join(m.value for m in Method if m.value in (self.methods.data or ())),
            "gender_perspective": self.gender_perspective.data or "",
            "exposed_groups": self.exposed_groups.data or "",
            "lessons": self.lessons.data or "",
        }


class RiskForm(BaseForm):
    description = TextAreaField(
        _l("Risk"),
        validators=[
            DataRequired(_l("Beskriv risken.")),
            Length(max=5000, message=_l("Texten får vara högst %(max)d tecken.")),
        ],
    )
    targets = _line(_l("Vem risken riktas mot"), 500)
    likelihood = RadioChoice(
        _l("Sannolikhet (1 = låg, 4 = hög)"),
        choices=SCALE,
        validators=[InputRequired(_l("Välj sannolikhet från 1 till 4."))],
        invalid_message=_l("Välj sannolikhet från 1 till 4."),
    )
    consequence = RadioChoice(
        _l("Konsekvens (1 = liten, 4 = mycket allvarlig)"),
        choices=SCALE,
        validators=[InputRequired(_l("Välj konsekvens från 1 till 4."))],
        invalid_message=_l("Välj konsekvens från 1 till 4."),
    )
    measures = _text(_l("Åtgärder"), 10000)
    owner = _line(_l("Ansvarig för åtgärderna (roll)"))

    def risk_data(self):
        return {
            "description": self.description.data,
            "targets": self.targets.data or "",
            "likelihood": int(self.likelihood.data),
            "consequence": int(self.consequence.data),
            "measures": self.measures.data or "",
            "owner": self.owner.data or "",
        }


class CommunicationForm(BaseForm):
    message = TextAreaField(
        _l("Vad som sägs"),
        validators=[
            DataRequired(_l("Skriv vad som ska kommuniceras.")),
            Length(max=5000, message=_l("Texten får vara högst %(max)d tecken.")),
        ],
    )
    planned_on = SwedishDateField(
        _l("När"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Ange datum som ÅÅÅÅ-MM-DD, till exempel 2026-09-01."),
    )
    channel = _line(_l("Kanal"))
    audience = _line(_l("Till vilka"))

    def communication_data(self):
        return {
            "message": self.message.data,
            "planned_on": self.planned_on.data,
            "channel": self.channel.data or "",
            "audience": self.audience.data or "",
        }


class JournalForm(BaseForm):
    written_on = SwedishDateField(
        _l("Datum"),
        validators=[InputRequired(_l("Ange datum.")), date_within()],
        invalid_message=_l("Ange datum som ÅÅÅÅ-MM-DD, till exempel 2026-05-04."),
    )
    text = TextAreaField(
        _l("Anteckning"),
        validators=[
            DataRequired(_l("Skriv vad som gjordes.")),
            Length(max=10000, message=_l("Texten får vara högst %(max)d tecken.")),
        ],
    )


class ChecklistForm(VersionedForm):
    """The document fields; one state and one note per outline item are added by build()."""

    responsibility_level = RadioChoice(
        _l("Ansvarsnivå som organisationen har beslutat"),
        choices=[("", _l("Inte beslutad ännu"))] + list(RESPONSIBILITY_LEVEL_LABELS.items()),
        default="",
        validate_choice=True,
        invalid_message=_l("Välj en av ansvarsnivåerna."),
    )
    document_status = RadioChoice(
        _l("Styrande dokument"),
        choices=[(k.value, k.label) for k in DocumentStatus],
        default=DocumentStatus.NONE.value,
        validators=[InputRequired(_l("Välj var det styrande dokumentet står."))],
        invalid_message=_l("Välj var det styrande dokumentet står."),
    )
    document_title = _line(_l("Dokumentets namn"))
    decided_by = _line(_l("Beslutat av (organ)"))
    decided_on = SwedishDateField(
        _l("Beslutsdatum"),
        validators=[Optional(), date_within()],
        invalid_message=_l("Ange beslutsdatum som ÅÅÅÅ-MM-DD, till exempel 2026-06-10."),
    )

    def validate(self, extra_validators=None):
        """A decided document needs the deciding body and the date (Optional() stops inline
        validators on an empty field, so the check lives here)."""
        valid = super().validate(extra_validators)
        if self.document_status.data == DocumentStatus.DECIDED.value:
            if not self.decided_by.data:
                self.decided_by.errors.append(_l("Ange vilket organ som beslutade dokumentet."))
                valid = False
            if not self.decided_on.data and not self.decided_on.errors:
                self.decided_on.errors.append(_l("Ange när dokumentet beslutades."))
                valid = False
        return valid

    def item_fields(self):
        """[(section, [(entry, state field, note field)])] in the outline's order."""
        return [
            (section, [(e, self[f"state_{e.key}"], self[f"note_{e.key}"]) for e in section.items])
            for section in outline.SECTIONS
        ]

    def checklist_data(self):
        level = self.responsibility_level.data
        return {
            "responsibility_level": int(level) if level else None,
            "document_status": DocumentStatus(self.document_status.data),
            "document_title": self.document_title.data or "",
            "decided_by": self.decided_by.data or "",
            "decided_on": self.decided_on.data,
        }

    def item_data(self):
        return {
            e.key: (ItemState(self[f"state_{e.key}"].data), self[f"note_{e.key}"].data or "")
            for section in outline.SECTIONS
            for e in section.items
        }


def _item_fields(sections):
    fields = {}
    for section in sections:
        for entry in section.items:
            fields[f"state_{entry.key}"] = RadioChoice(
                entry.text,
                choices=[(k.value, k.label) for k in ItemState],
                default=ItemState.MISSING.value,
                validators=[InputRequired(_l("Välj saknas, pågår eller klart."))],
                invalid_message=_l("Välj saknas, pågår eller klart."),
            )
            fields[f"note_{entry.key}"] = TextAreaField(
                _l("Anteckning om %(item)s", item=entry.text),
                validators=[Length(max=5000, message=_l("Texten får vara högst %(max)d tecken."))],
            )
    return fields


def checklist_form_class():
    """A ChecklistForm subclass with a state and a note field for every outline item."""
    return type("BuiltChecklistForm", (ChecklistForm,), _item_fields(outline.SECTIONS))


class ChecklistDocumentForm(ChecklistForm):
    """The responsibility level and the governing document alone: the first part to edit."""

    def item_data(self):
        return {}


class ChecklistSectionForm(VersionedForm):
    """One section's items: a state and a note each (fields added by section_form_class)."""

    section = None

    def item_fields(self):
        return [(e, self[f"state_{e.key}"], self[f"note_{e.key}"]) for e in self.section.items]

    def item_data(self):
        return {
            e.key: (ItemState(self[f"state_{e.key}"].data), self[f"note_{e.key}"].data or "")
            for e in self.section.items
        }


def section_form_class(section):
    """A form for one section of the outline."""
    return type(
        "BuiltSectionForm",
        (ChecklistSectionForm,),
        {"section": section, **_item_fields([section])},
    )
