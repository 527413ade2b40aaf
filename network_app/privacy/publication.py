"""What a published text may not say: every person the app knows, recognised in free text by the
recogniser, and the texts the contact person redacted by hand.

    recogniser = recogniser_from_database()
    anonymised = Anonymisation(recogniser, redactions=["Kalle Reporter"]).apply(report)

apply() walks dataclasses, lists and tuples and anonymises every string in them, so a report's
headings, table cells, alt texts and document properties all come from anonymised data. With
marked=True each replacement and each word left for review is wrapped in private-use marks
(MARK_PATTERN) that survive the report's own string building, so that the approval page shows
them where the Word file has plain text.
"""

import dataclasses
import re

import sqlalchemy as sa

from network_app.auth.models import User
from network_app.extensions import db
from network_app.networks.models import Organisation, Person
from network_app.privacy.names import ANONYMISED_NAME
from network_app.privacy.recognise import EMAIL, PERSON, PHONE, KnownPerson, Recogniser, Result
from network_app.privacy.recognise.patterns import number_forms

# Private-use characters: never typed, kept by clean_text, gone from every published output.
_OPEN_REPLACED, FLAGGED_MARK, _MIDDLE, _CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
MARK_PATTERN = re.compile(
    f"([{_OPEN_REPLACED}{FLAGGED_MARK}])([^{_MIDDLE}]*){_MIDDLE}([^{_CLOSE}]*){_CLOSE}"
)
REPLACED, FLAGGED = "replaced", "flagged"


def _organisation_pattern(organisations):
    names = sorted({o for o in organisations if o.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def _without_organisations(name, pattern):
    """A name without the organisation names in it: an account named "Deltagare Malmö stad"
    must not make Malmö a name part."""
    return " ".join(pattern.sub(" ", name).split()) if pattern else name


def known_people(organisations=None):
    """KnownPerson for every person and account in the database (every organisation of every
    network: a name from another network is as much a name), erased ones left out, and the
    organisations' names taken out of the people's."""
    if organisations is None:
        organisations = db.session.scalars(sa.select(Organisation.name)).all()
    pattern = _organisation_pattern(organisations)

    def named(known):
        name = _without_organisations(known.name, pattern)
        return dataclasses.replace(known, name=name) if name != known.name else known

    people = [
        named(KnownPerson.of(person))
        for person in db.session.scalars(sa.select(Person).order_by(Person.id))
        if person.name != ANONYMISED_NAME
    ]
    by_id = {}
    for user in db.session.scalars(
        sa.select(User).where(User.person_id.is_(None)).order_by(User.id)
    ):
        if user.name != ANONYMISED_NAME:
            by_id[user.id] = named(KnownPerson(name=user.name, email=user.email))
    # An account of a person: its name and address may differ from the person's.
    for user, person in db.session.execute(
        sa.select(User, Person).join(Person, Person.id == User.person_id).order_by(User.id)
    ):
        if user.name != ANONYMISED_NAME and (user.name, user.email) != (person.name, person.email):
            by_id[user.id] = named(
                dataclasses.replace(KnownPerson.of(person), name=user.name, email=user.email)
            )
    return [p for p in people + list(by_id.values()) if p.name or p.email or p.phone]


def recogniser_from_database(*, today=None):
    """A Recogniser of every person the app knows and every organisation's name."""
    organisations = db.session.scalars(sa.select(Organisation.name)).all()
    return Recogniser(known_people(organisations), organisations, today=today)


def phrase_spans(text, phrases):
    """(start, end) of every whole-word occurrence of the phrases, any case, any spacing."""
    spans = []
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        spans += [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def marked_text(result):
    """The anonymised text with each replacement and each flag wrapped in marks."""
    marks = [(r.out_start, r.out_end, _OPEN_REPLACED, r.reason) for r in result.replacements]
    marks += [(f.out_start, f.out_end, FLAGGED_MARK, f.reason) for f in result.flags]
    pieces, position = [], 0
    for start, end, opening, reason in sorted(marks):
        if start < position:
            continue
        pieces += [result.text[position:start], opening, reason, _MIDDLE]
        pieces += [result.text[start:end], _CLOSE]
        position = end
    pieces.append(result.text[position:])
    return "".join(pieces)


def unmarked(text):
    """The text without marks, as it is published."""
    return MARK_PATTERN.sub(lambda m: m.group(3), text) if text else text


@dataclasses.dataclass
class Anonymisation:
    """Anonymises every string of a value; records the flags left for review."""

    recogniser: Recogniser
    redactions: tuple = ()  # texts redacted by hand
    marked: bool = False
    flags: dict = dataclasses.field(default_factory=dict)  # flagged text -> reason

    def result(self, text) -> Result:
        spans = phrase_spans(text, self.redactions) if self.redactions else ()
        return self.recogniser.anonymise(text, spans)

    def text(self, value):
        if not value:
            return value
        result = self.result(value)
        for flag in result.flags:
            self.flags.setdefault(flag.text, flag.reason)
        return marked_text(result) if self.marked else result.text

    def apply(self, value):
        """The same value with every string inside (dataclasses, lists, tuples) anonymised."""
        return map_strings(value, self.text)


def _field_names(cls, cache={}):  # noqa: B006 - a cache of each dataclass's fields
    names = cache.get(cls)
    if names is None:
        names = cache[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return names


def map_strings(value, function):
    """The value with the function applied to every string inside dataclasses, lists and
    tuples (a new value; the dataclasses are copied, as dataclasses.replace would, without
    calling __init__ again: a report holds thousands)."""
    if isinstance(value, str):
        return function(value)
    if isinstance(value, list):
        return [map_strings(v, function) for v in value]
    if isinstance(value, tuple):
        return tuple(map_strings(v, function) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        copied = object.__new__(cls)
        copied.__dict__.update(value.__dict__)
        for name in _field_names(cls):
            copied.__dict__[name] = map_strings(value.__dict__[name], function)
        return copied
    return value


class PersonFinder:
    """Some people alone, for erasure: their names in every form people write them, their
    e-mail addresses and phone numbers however written, each replaced by one marker. The others
    the app knows are recognised too, so that "Stina Egen" stays when Olle Egen is erased, and
    a name part that could be either of them ("Egen") is theirs, not his; other people's
    addresses and numbers, and titles, stay."""

    def __init__(self, people, others, replacement):
        people = list(people)
        emails = {p.email.strip().lower() for p in people if p.email}
        others = [p for p in others if p.email.strip().lower() not in emails]
        self.recogniser = Recogniser(people + others)
        self.own = frozenset(range(len(people)))
        self.replacement = replacement
        self.emails = emails
        self.numbers = set().union(*(number_forms(p.phone) for p in people))

    def _theirs(self, span, original):
        if span.reason == PERSON:
            return bool(span.persons) and span.persons <= self.own
        if span.reason == EMAIL:
            return original.strip().lower() in self.emails
        if span.reason == PHONE:
            return re.sub(r"\D", "", original) in self.numbers
        return False

    def text(self, value):
        if not value:
            return value
        pieces, position = [], 0
        for span in self.recogniser.anonymise(value).spans:
            if self._theirs(span, value[span.start : span.end]):
                pieces += [value[position : span.start], self.replacement]
                position = span.end
        return "".join(pieces) + value[position:] if pieces else value
