"""The Swedish words the recogniser knows: data files beside this module, read once."""

import dataclasses
import functools
import re
from pathlib import Path

from network_app.privacy.recognise.folding import fold

DATA = Path(__file__).with_name("data")

# Ambiguous name parts that begin sentences as ordinary words ("Hans förslag antogs.", "Per år
# räknat…", "Inga beslut…"): at the start of a sentence they are flagged, not replaced.
SENTENCE_START_WORDS = frozenset(
    "hans per inga inge ville tom max maj juni april dag liv klara sanna bo vilja saga sol ros "
    "lo storm sommar vinter".split()
)

# Words that stand before a title without changing who it is; replaced with it ("vår
# säkerhetschef" -> "en tjänsteperson inom säkerhet").
DETERMINERS = frozenset(
    "en ett den det vår vårt er ert min mitt din ditt sin sitt deras hans hennes dess "
    "kommunens regionens stadens förvaltningens nämndens styrelsens organisationens "
    "fru herr fröken dr doktor".split()
)

# A title after these is someone's: "vår säkerhetschef", "hennes kommunikatör".
POSSESSIVES = frozenset("vår vårt er ert min mitt din ditt sin sitt hans hennes deras dess".split())

# Before a title these make it a group or any one of a group, not a person: "samtliga
# kommunalråd", "varje ordförande" stay as written.
PLURAL_DETERMINERS = frozenset(
    "alla samtliga flera några många två tre fyra fem sex sju åtta nio tio våra era dessa de "
    "olika andra övriga varje respektive någon ingen inga vissa fler färre antal antalet "
    "varannan vilken vilket".split()
)

# Abbreviations that are never someone's initials: parties, councils and common ones. "SD" in
# a text is a party before it is Sara Danielsson; it is flagged, not replaced.
ACRONYMS = frozenset(
    "s m sd c v kd l mp fp ks kf ksau au hr it vd eu fn tv pm ps ok nr st mm bl ca skr skl".split()
)

# Abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    "t.ex ex bl.a m.fl s.k dvs d.v.s ca c:a kl nr tel p.g.a pga f.d o.s.v osv m.m mm resp jfr "
    "inkl exkl enl ang st fr.o.m t.o.m e.d o.d vs mob tfn".split()
)


def _read(name):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _sections(name):
    sections, current = {}, None
    for line in _read(name):
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = sections.setdefault(match.group(1), [])
        elif current is not None:
            current.append(line)
    return sections


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Lower-case words: `common` are written in lower case in running Swedish (a name part
    among them is ambiguous), `proper` are capitalised words that are not people."""

    common: frozenset
    proper: frozenset
    first_names: frozenset  # folded keys

    @functools.cached_property
    def common_folded(self):
        return frozenset(fold(word) for word in self.common)

    def knows(self, lowered):
        return lowered in self.common or lowered in self.proper

    def is_common_word(self, lowered):
        return lowered in self.common

    def with_proper(self, words):
        """The same vocabulary with more capitalised words (the network's organisations)."""
        extra = {w.lower() for w in words}
        return dataclasses.replace(self, proper=self.proper | extra)


@functools.cache
def swedish():
    """The vocabulary shipped with the app."""
    generated = _sections("vocabulary_sv.txt")
    common = set(generated.get("common", ())) | {w.lower() for w in _read("name_words_sv.txt")}
    proper = set(generated.get("proper", ())) | {w.lower() for w in _read("proper_sv.txt")}
    first_names = {fold(w) for w in _read("first_names_sv.txt")}
    return Vocabulary(frozenset(common), frozenset(proper), frozenset(first_names))
