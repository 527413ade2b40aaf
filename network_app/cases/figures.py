"""How the figures of goal attainment read, in the same words on the pages and in Word.

The figures themselves come from SQL (services.network_goals, services.reviewed_condition);
these functions only word them: the organisation's system as what it is (points done of all,
the governing document's status, the chosen Nivå), never as a yes/no.
"""

from network_app.cases.models import RESPONSIBILITY_LEVEL_LABELS, DocumentStatus
from network_app.i18n import gettext as _
from network_app.i18n import label


def checklist_text(done, total):
    return _("%(done)d av %(total)d punkter klara", done=done, total=total)


def document_text(status, decided_by="", decided_on=None):
    """The governing document's status; a decided one by which body and when."""
    if status != DocumentStatus.DECIDED:
        return label(DocumentStatus(status or DocumentStatus.NONE).label)
    day = decided_on.isoformat() if decided_on else ""
    if decided_by and day:
        return _("Beslutat av %(body)s den %(day)s", body=decided_by, day=day)
    if decided_by or day:
        return (
            _("Beslutat av %(body)s", body=decided_by)
            if decided_by
            else _("Beslutat den %(day)s", day=day)
        )
    return label(DocumentStatus.DECIDED.label)


def level_text(level, *, short=False):
    """The chosen Nivå (responsibility level): 'Nivå 2' or its whole label."""
    if not level:
        return _("Ingen nivå vald ännu")
    if short:
        return _("Nivå %(n)d", n=int(level))
    return label(RESPONSIBILITY_LEVEL_LABELS[str(level)])


def system_lines(row, *, short=False):
    """The system of a goal-attainment row (services.GoalAttainment or reports' GoalLine)."""
    return [
        checklist_text(row.checklist_done, row.checklist_total),
        document_text(row.document_status, row.decided_by, row.decided_on),
        level_text(row.responsibility_level, short=short),
    ]


def reviewed_text(reviewed, total):
    """'1 av 2' reviewed political processes (the column says what is counted)."""
    return _("%(n)d av %(total)d", n=reviewed, total=total)
