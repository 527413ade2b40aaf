"""What the kinds and states of messages are called in the interface."""

from flask_babel import lazy_gettext as _l

from network_app.notifications.models import MessageKind, MessageStatus

KIND_LABELS = {
    MessageKind.INVITATION: _l("Inbjudan till ett konto"),
    MessageKind.REGISTRATION_RECEIVED: _l("Anmälan till ett möte är mottagen"),
    MessageKind.REMINDER_7_DAYS: _l("Påminnelse en vecka före ett möte"),
    MessageKind.REMINDER_1_DAY: _l("Påminnelse dagen före ett möte"),
    MessageKind.MEETING_MOVED: _l("Ett möte har flyttats"),
    MessageKind.MEETING_CANCELLED: _l("Ett möte är inställt"),
    MessageKind.BEHIND_PACE: _l("Gruppen ligger efter med timmarna (en gång i månaden)"),
    MessageKind.APPROVAL_REQUESTED: _l("Ett godkännande väntar på dig"),
    MessageKind.NEW_COMMENT: _l("En ny kommentar eller coachningsanteckning"),
    MessageKind.DEADLINE_APPROACHING: _l("Sista dag för anmälan närmar sig"),
    MessageKind.TRAINING_CONFIRM_REQUEST: _l("Bekräfta en önskan om utbildning"),
    MessageKind.TRAINING_SCHEDULED: _l("En utbildning är bokad"),
    MessageKind.TRAINING_CANCELLED: _l("En utbildning är inställd"),
    MessageKind.GENERIC: _l("Meddelande"),
    MessageKind.RECRUITMENT_INVITATION: _l("Inbjudan att ansöka till ett nätverk"),
    MessageKind.APPLICATION_CONFIRMATION: _l("Bekräfta en ansökan"),
    MessageKind.APPLICATION_DECISION: _l("Beslut om en ansökan"),
}

STATUS_LABELS = {
    MessageStatus.QUEUED: _l("Väntar"),
    MessageStatus.SENDING: _l("Skickas nu"),
    MessageStatus.SENT: _l("Skickat"),
    MessageStatus.FAILED: _l("Misslyckades"),
}
