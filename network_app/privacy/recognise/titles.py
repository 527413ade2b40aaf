"""Swedish titles of elected officials and civil servants, in the forms a text writes them.

A title is replaced by what the person is ("en förtroendevald", "en tjänsteperson inom
säkerhet"), never by another title. Generic titles ("en säkerhetschef", "säkerhetssamordnare
eller säkerhetschef") are a kind of job and stay; a title that points at one person is replaced:
a position there is one of ("kommunstyrelsens ordförande", "kommundirektör"), a title some known
person holds, and any title written in the definite ("säkerhetschefen") or the genitive, written
capitalised mid-sentence ("av Säkerhetschef"), with an organisation ("ordförande i Nacka") or
beside a name ("kommunalrådet Vera Provsson").
"""

import dataclasses
import re

from network_app.privacy.recognise.folding import fold

ELECTED_OFFICIAL = "elected_official"
CIVIL_SERVANT = "civil_servant"

SECURITY, DEMOCRACY, DIALOGUE, COMMUNICATION, OTHER = (
    "security",
    "democracy",
    "dialogue",
    "communication",
    "other",
)

E, C = ELECTED_OFFICIAL, CIVIL_SERVANT

# (title, kind, function, one person holds it in an organisation)
COMMON_TITLES = (
    ("kommunstyrelsens ordförande", E, OTHER, True),
    ("regionstyrelsens ordförande", E, OTHER, True),
    ("kommunfullmäktiges ordförande", E, OTHER, True),
    ("regionfullmäktiges ordförande", E, OTHER, True),
    ("fullmäktiges ordförande", E, OTHER, True),
    ("ordförande i kommunstyrelsen", E, OTHER, True),
    ("ordförande i regionstyrelsen", E, OTHER, True),
    ("ordförande i kommunfullmäktige", E, OTHER, True),
    ("ordförande i regionfullmäktige", E, OTHER, True),
    ("ordförande i fullmäktige", E, OTHER, True),
    ("kso", E, OTHER, True),
    ("ordförande", E, OTHER, False),
    ("vice ordförande", E, OTHER, False),
    ("förste vice ordförande", E, OTHER, False),
    ("andre vice ordförande", E, OTHER, False),
    ("nämndordförande", E, OTHER, False),
    ("nämndsordförande", E, OTHER, False),
    ("kommunalråd", E, OTHER, False),
    ("regionråd", E, OTHER, False),
    ("landstingsråd", E, OTHER, False),
    ("borgarråd", E, OTHER, False),
    ("oppositionsråd", E, OTHER, False),
    ("oppositionslandstingsråd", E, OTHER, False),
    ("gruppledare", E, OTHER, False),
    ("fullmäktigeledamot", E, OTHER, False),
    ("kommunfullmäktigeledamot", E, OTHER, False),
    ("regionfullmäktigeledamot", E, OTHER, False),
    ("styrelseledamot", E, OTHER, False),
    ("nämndledamot", E, OTHER, False),
    ("kommunpolitiker", E, OTHER, False),
    ("regionpolitiker", E, OTHER, False),
    ("kommundirektör", C, OTHER, True),
    ("regiondirektör", C, OTHER, True),
    ("stadsdirektör", C, OTHER, True),
    ("biträdande kommundirektör", C, OTHER, True),
    ("kanslichef", C, DEMOCRACY, False),
    ("stabschef", C, OTHER, False),
    ("förvaltningschef", C, OTHER, False),
    ("kommunsekreterare", C, DEMOCRACY, False),
    ("nämndsekreterare", C, DEMOCRACY, False),
    ("säkerhetschef", C, SECURITY, False),
    ("säkerhetsskyddschef", C, SECURITY, False),
    ("säkerhetssamordnare", C, SECURITY, False),
    ("säkerhetsstrateg", C, SECURITY, False),
    ("säkerhetshandläggare", C, SECURITY, False),
    ("säkerhetsansvarig", C, SECURITY, False),
    ("trygghetssamordnare", C, SECURITY, False),
    ("beredskapssamordnare", C, SECURITY, False),
    ("krisberedskapssamordnare", C, SECURITY, False),
    ("kommunikationschef", C, COMMUNICATION, False),
    ("kommunikationsdirektör", C, COMMUNICATION, False),
    ("kommunikationsstrateg", C, COMMUNICATION, False),
    ("kommunikatör", C, COMMUNICATION, False),
    ("informationschef", C, COMMUNICATION, False),
    ("presschef", C, COMMUNICATION, False),
    ("pressekreterare", C, COMMUNICATION, False),
    ("pressansvarig", C, COMMUNICATION, False),
    ("webbredaktör", C, COMMUNICATION, False),
    ("demokratistrateg", C, DEMOCRACY, False),
    ("demokratiutvecklare", C, DEMOCRACY, False),
    ("demokratisamordnare", C, DEMOCRACY, False),
    ("dialogstrateg", C, DIALOGUE, False),
    ("dialogansvarig", C, DIALOGUE, False),
    ("dialogsamordnare", C, DIALOGUE, False),
    ("politisk sekreterare", C, OTHER, False),
)

FUNCTION_WORDS = {
    SECURITY: "säkerhet",
    DEMOCRACY: "demokrati",
    DIALOGUE: "dialog",
    COMMUNICATION: "kommunikation",
}


@dataclasses.dataclass(frozen=True)
class TitleForm:
    words: tuple  # folded keys of the words as written
    kind: str
    function: str
    position: bool  # a position one person holds in an organisation
    held: bool  # a title some known person holds
    definite: bool
    genitive: bool


def _singular_forms(word):
    """(form, definite, genitive) of a Swedish title noun, singular: "chef" -> chefen, chefs,
    chefens. Plurals are left out on purpose: they name a group."""
    if word.endswith("ig"):  # säkerhetsansvarig: "den säkerhetsansvarige"; -a is also plural
        definite = (word + "e",)
    elif word.endswith("råd"):
        definite = (word + "et",)
    elif word.endswith("mot"):  # ledamot
        definite = (word + "en",)
    elif word[-1] in "aeiouyåäö":
        definite = (word + "n",)
    else:
        definite = (word + "en",)
    forms = [(word, False, False), (word + "s", False, True)]
    for form in definite:
        forms += [(form, True, False), (form + "s", True, True)]
    return forms


def _forms(title, kind, function, position, held):
    words = re.findall(r"[^\W\d_]+", title.lower())
    if not words:
        return []
    if "i" in words[1:]:  # "ordförande i fullmäktige": the noun stands before "i"
        head, genitive_allowed = words.index("i", 1) - 1, False
    else:
        head, genitive_allowed = len(words) - 1, True
    # After a genitive the noun keeps its indefinite form: "kommunstyrelsens ordförande".
    definite_allowed = head == 0 or not words[head - 1].endswith("s")
    forms = []
    for form, definite, genitive in _singular_forms(words[head]):
        if (definite and not definite_allowed) or (genitive and not genitive_allowed):
            continue
        written = tuple(fold(w) for w in (*words[:head], form, *words[head + 1 :]))
        forms.append(TitleForm(written, kind, function, position, held, definite, genitive))
    return forms


class TitleIndex:
    """Title forms by their first word, longest first."""

    def __init__(self, held_titles=()):
        """held_titles: (title, kind, function) of known people; their own kind and function
        describe them rather than the common title's."""
        positions = {}
        for title, kind, function, position in COMMON_TITLES:
            for form in _forms(title, kind, function, position, False):
                positions[form.words] = form
        for title, kind, function in held_titles:
            for form in _forms(title, kind, function, False, True):
                common = positions.get(form.words)
                held = dataclasses.replace(
                    form,
                    kind=form.kind or (common.kind if common else ""),
                    function=form.function or (common.function if common else ""),
                    position=bool(common and common.position),
                )
                positions[form.words] = held
        by_first = {}
        for form in positions.values():
            by_first.setdefault(form.words[0], []).append(form)
        self._by_first = {
            first: sorted(forms, key=lambda f: -len(f.words)) for first, forms in by_first.items()
        }

    def first_words(self):
        return self._by_first.keys()

    def starting_with(self, key):
        return self._by_first.get(key, ())


def description(kind, function, *, genitive=False):
    """What a title says of a person, in Swedish: "en tjänsteperson inom säkerhet"."""
    if kind == ELECTED_OFFICIAL:
        return "en förtroendevalds" if genitive else "en förtroendevald"
    if kind == CIVIL_SERVANT:
        if genitive:
            return "en tjänstepersons"
        area = FUNCTION_WORDS.get(function)
        return f"en tjänsteperson inom {area}" if area else "en tjänsteperson"
    return "[titel]"
