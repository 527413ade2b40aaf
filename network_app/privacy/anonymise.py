"""Replace people's names, e-mail addresses and phone numbers with their roles, for publication.

Linear in the text: names are found word by word, a dictionary lookup of the words that follow
for each length of name the first word starts (not a walk through everyone sharing a first
name), e-mail addresses by one pattern and a lookup, phone numbers by their digits whatever the
spacing. A regular-expression alternation of every person took a minute on a 50-organisation
report. Each distinct text is anonymised once: a report repeats its labels in every chapter.
"""

import dataclasses
import re

import sqlalchemy as sa
from flask_babel import gettext as _

from network_app.auth.models import Role, User
from network_app.extensions import db
from network_app.networks.models import Person, PersonKind

_WORD = re.compile(r"\w+")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_SEPARATORS = set(" \t\n-()/.+\u00a0")
MIN_PHONE_DIGITS = 5


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


def _gaps_are_joins(value, words, start, end):
    """The words are joined as in a name: by spaces or hyphens only."""
    return all(
        not value[words[k].end() : words[k + 1].start()].strip(" -\u00a0\t\n")
        for k in range(start, end - 1)
    )


def replacements_from_database():
    """An Anonymiser for every person and account in the database."""
    anonymiser = Anonymiser()
    for person in db.session.scalars(sa.select(Person)):
        anonymiser.add(
            _role_of_person(person), name=person.name, email=person.email, phone=person.phone
        )
    for user in db.session.scalars(sa.select(User)):
        role = _role_of_person(user.person) if user.person else _role_of_user(user)
        anonymiser.add(role, name=user.name, email=user.email)
    return anonymiser


class Anonymiser:
    def __init__(self):
        self._lengths = {}  # first word -> the word counts of the names it starts, longest first
        self._names = {}  # all words of a name -> (order added, role); the first added wins
        self._emails = {}
        self._phones = {}
        self._done = {}  # text -> the text anonymised: a report repeats its labels per chapter

    def add(self, role, *, name=None, email=None, phone=None):
        self._done.clear()
        words = tuple(word.lower() for word in _WORD.findall(name or ""))
        if words:
            lengths = self._lengths.setdefault(words[0], [])
            if len(words) not in lengths:
                lengths.append(len(words))
                lengths.sort(reverse=True)
            self._names.setdefault(words, (len(self._names), role))
        if email:
            self._emails[email.strip().lower()] = role
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= MIN_PHONE_DIGITS:
            self._phones[digits] = role
            if digits.startswith("0") and not digits.startswith("00"):
                self._phones["46" + digits[1:]] = role  # the same number as +46 …

    def text(self, value):
        if not value:
            return value
        done = self._done.get(value)
        if done is None:
            done = _EMAIL.sub(lambda m: self._emails.get(m.group(0).lower(), m.group(0)), value)
            done = self._replace_names(self._replace_phones(done))
            self._done[value] = done
        return done

    def _replace_names(self, value):
        words = list(_WORD.finditer(value))
        pieces, position, index = [], 0, 0
        while index < len(words):
            match = self._name_at(value, words, index)
            if match is None:
                index += 1
                continue
            length, role = match
            pieces += [value[position : words[index].start()], role]
            position = words[index + length - 1].end()
            index += length
        return "".join(pieces) + value[position:] if pieces else value

    def _name_at(self, value, words, index):
        """(words matched, replacement) for a person's name starting at word `index`: the
        longest name, and of names as long the first added, as written or in the Swedish
        genitive ("Olle Egens förslag")."""
        for length in self._lengths.get(words[index].group(0).lower(), ()):
            end = index + length
            if end > len(words) or not _gaps_are_joins(value, words, index, end):
                continue
            found = tuple(words[k].group(0).lower() for k in range(index, end))
            exact = self._names.get(found)
            genitive = None
            if found[-1].endswith("s"):
                genitive = self._names.get((*found[:-1], found[-1][:-1]))
            if exact and (genitive is None or exact[0] < genitive[0]):
                return length, exact[1]
            if genitive:
                return length, genitive[1] + "s"
        return None

    def _replace_phones(self, value):
        if not self._phones or sum(c.isdigit() for c in value) < MIN_PHONE_DIGITS:
            return value
        positions = [i for i, c in enumerate(value) if c.isdigit()]
        digits = "".join(value[i] for i in positions)
        spans = []
        for number, role in self._phones.items():
            start = digits.find(number)
            while start != -1:
                first, last = positions[start], positions[start + len(number) - 1]
                if all(c.isdigit() or c in _PHONE_SEPARATORS for c in value[first:last]):
                    spans.append((first, last + 1, role))
                start = digits.find(number, start + 1)
        pieces, position = [], 0
        for first, last, role in sorted(spans):
            if first >= position:
                pieces += [value[position:first], role]
                position = last
        return "".join(pieces) + value[position:] if pieces else value

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
