"""The people the app knows, and the index of every form their names are written in."""

import dataclasses
import re

from network_app.privacy.recognise.folding import fold, spelling_variants

# Name particles: part of a name, never a name alone ("de" and "af" are Swedish words too).
PARTICLES = frozenset(
    "von af av de del della der den di da du van la le el al bin ibn ter ten zu dos das do".split()
)


@dataclasses.dataclass(frozen=True)
class KnownPerson:
    """Someone whose name, e-mail, phone and title must not be published.

    kind: "elected_official", "civil_servant" or "" when not known (PersonKind's values);
    function: "security", "democracy", "dialogue", "communication", "other" or ""
    (PersonFunction's).
    """

    name: str
    email: str = ""
    phone: str = ""
    title: str = ""
    kind: str = ""
    function: str = ""

    @classmethod
    def of(cls, row):
        """From a Person, or anything with some of its attributes (an account: name, e-mail)."""

        def value(attribute):
            found = getattr(row, attribute, None)
            return str(found) if found is not None else ""

        return cls(
            name=value("name"),
            email=value("email"),
            phone=value("phone"),
            title=value("title"),
            kind=value("kind"),
            function=value("function"),
        )


@dataclasses.dataclass(frozen=True)
class NamePart:
    persons: frozenset  # indexes into the recogniser's people
    ambiguous: bool  # also an ordinary Swedish word
    particle: bool
    given: bool  # a given name of someone: "Anna" of Anna-Karin is not Anna-Lena's


def name_parts(name):
    """[(part as written, is a given name)] of a full name: "Anna-Karin von Ek" -> Anna, Karin
    (given), von, Ek (family). The last word and the particles before it are the family name."""
    words = name.split()
    family_from = len(words) - 1
    while family_from > 0 and words[family_from - 1].lower() in PARTICLES:
        family_from -= 1
    if len(words) == 1:
        family_from = 1
    parts = []
    for index, word in enumerate(words):
        for piece in re.split(r"[-–]", word):
            piece = piece.strip('.,;:()"')
            if re.search(r"[^\W\d_]", piece):
                parts.append((piece, index < family_from))
    return parts


def initials_of(parts):
    """The upper-case initials a person may sign with: given initials and the family name's."""
    given = [fold(p)[0].upper() for p, is_given in parts if is_given and fold(p) not in PARTICLES]
    family = [
        fold(p)[0].upper() for p, is_given in parts if not is_given and fold(p) not in PARTICLES
    ]
    if not given or not family:
        return set()
    found = {
        given[0] + family[0],
        given[0] + family[-1],
        "".join(given) + family[0],
        "".join(given) + "".join(family),
        given[0] + "".join(family),
    }
    return {i for i in found if 2 <= len(i) <= 4}


class NameIndex:
    """Every key a name part may be written as -> the people it belongs to."""

    def __init__(self, people, vocabulary):
        parts, letters, initials = {}, {}, {}
        self.keys_of = []
        common = vocabulary.common_folded
        for index, person in enumerate(people):
            written = name_parts(person.name)
            keys = set()
            for part, is_given in written:
                folded = fold(part)
                particle = folded in PARTICLES
                if len(folded) < 2 and not particle:
                    continue
                for key in spelling_variants(part):
                    keys.add(key)
                    entry = parts.setdefault(key, [set(), folded in common, particle, False])
                    entry[0].add(index)
                    entry[3] = entry[3] or is_given
                if not particle:
                    letters.setdefault(folded[0], set()).add(index)
            for signature in initials_of(written):
                initials.setdefault(signature, set()).add(index)
            self.keys_of.append(frozenset(keys))
        self.parts = {
            key: NamePart(frozenset(persons), ambiguous, particle, given)
            for key, (persons, ambiguous, particle, given) in parts.items()
        }
        self.initial_letters = {k: frozenset(v) for k, v in letters.items()}
        self.initials = {k: frozenset(v) for k, v in initials.items()}
