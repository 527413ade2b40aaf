"""The words a network's programme model gives its meetings: "nätverksträff" or "arbetsmöte"."""

from flask_babel import gettext as _


def numbered(model, number):
    """The name of the programme's meeting number `number`: Nätverksträff 2, Arbetsmöte 2."""
    if model.says_working_meeting:
        return _("Arbetsmöte %(number)d", number=number)
    return _("Nätverksträff %(number)d", number=number)


def meetings_title(model):
    """The meetings as a heading: Nätverksträffar, Arbetsmöten."""
    return _("Arbetsmöten") if model.says_working_meeting else _("Nätverksträffar")


def the_meetings(model):
    """The meetings of the programme, definite plural: nätverksträffarna, arbetsmötena."""
    return _("arbetsmötena") if model.says_working_meeting else _("nätverksträffarna")


def titled(meeting, number):
    """The meeting's title with its programme name before it: "Nätverksträff 1: Uppstart"."""
    if number is None:
        return meeting.title
    return f"{numbered(meeting.network.programme_model, number)}: {meeting.title}"


def _before(model, n):
    if model.says_working_meeting:
        return _("Före arbetsmöte %(n)d", n=n)
    return _("Före nätverksträff %(n)d", n=n)


def _between(model, a, b):
    if model.says_working_meeting:
        return _("Mellan arbetsmöte %(a)d och %(b)d", a=a, b=b)
    return _("Mellan nätverksträff %(a)d och %(b)d", a=a, b=b)


def _after(model, n):
    if model.says_working_meeting:
        return _("Efter arbetsmöte %(n)d", n=n)
    return _("Efter nätverksträff %(n)d", n=n)


def period_labels(model, numbers):
    """The hours' periods around the programme's meetings numbered `numbers` (in order)."""
    if not numbers:
        return [_("Hela nätverksperioden")]
    pairs = zip(numbers, numbers[1:], strict=False)
    between = [_between(model, a, b) for a, b in pairs]
    return [_before(model, numbers[0]), *between, _after(model, numbers[-1])]
