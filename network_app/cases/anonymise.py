"""Replace people's names, e-mail addresses and phone numbers with their roles, for publication."""

import dataclasses
import re

import sqlalchemy as sa
from flask_babel import gettext as _

from network_app.auth.models import Role, User
from network_app.extensions import db
from network_app.networks.models import Person, PersonKind


def _role_of_person(person):
    if person.title:
        return person.title
    if person.kind == PersonKind.ELECTED_OFFICIAL:
        return _("förtroendevald")
    return _("tjänsteperson")


def _role_of_user(user):
    return {
        Role.LEADER: _("projektledare"),
        Role.OBSERVER: _("observatör"),
        Role.PARTICIPANT: _("deltagare"),
    }[user.role]


def _phone_pattern(phone):
    """The digits of a phone number with any spacing, dashes or brackets between them."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 5:
        return None
    return r"(?<!\d)" + r"[\s\-()/.]*".join(digits) + r"(?!\d)"


def _word(text):
    return r"(?<!\w)" + re.escape(text) + r"(?!\w)"


def replacements_from_database():
    """(pattern, role) for every person and account in the database, longest text first."""
    pairs = []
    for person in db.session.scalars(sa.select(Person)):
        role = _role_of_person(person)
        pairs += [(_word(person.name), role), (_word(person.email), role)]
        if person.phone and (pattern := _phone_pattern(person.phone)):
            pairs.append((pattern, role))
    for user in db.session.scalars(sa.select(User)):
        role = _role_of_person(user.person) if user.person else _role_of_user(user)
        pairs += [(_word(user.name), role), (_word(user.email), role)]
    return Anonymiser(pairs)


class Anonymiser:
    """One compiled alternation, so that a long report is scanned once per text, not per person."""

    def __init__(self, pairs):
        pairs = [(p, r) for p, r in pairs if p and p not in (_word(""),)]
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._roles = [role for _, role in pairs]
        self._pattern = (
            re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(pairs)), re.IGNORECASE)
            if pairs
            else None
        )

    def text(self, value):
        if not value or self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._roles[int(m.lastgroup[1:])], value)

    def apply(self, value):
        """The same value with every string inside (dataclasses, lists, tuples) anonymised."""
        if isinstance(value, str):
            return self.text(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self.apply(getattr(value, f.name)) for f in dataclasses.fields(value)
            }
            return dataclasses.replace(value, **changes)
        if isinstance(value, list):
            return [self.apply(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.apply(v) for v in value)
        return value
