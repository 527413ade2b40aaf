"""Where a text names a known person: the words that are name parts or initials, joined into
mentions ("Vera Provsson", "Provsson, Vera", "V. Provsson", "Östergren-Lind"), and whether each
mention is a name (replaced), perhaps a name (flagged) or an ordinary word (kept)."""

import dataclasses
import re

from network_app.privacy.recognise.vocabulary import ACRONYMS, SENTENCE_START_WORDS
from network_app.privacy.recognise.words import sentence_start

REPLACE, FLAG, KEEP = "replace", "flag", "keep"

_JOIN = re.compile(
    r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)?"  # "Vera Provsson", a name over a line break
    r"|[ \t\u00a0]*[-–][ \t\u00a0]*(?:\n[ \t\u00a0]*)?"  # "Östergren-Lind", "Öster-\ngren"
    r"|,[ \t\u00a0]+"  # "Provsson, Vera"
    r"|[._]"  # "vera.provsson"
)
_BREAK = re.compile(r"[-\u00ad][ \t]*\n[ \t\u00a0]*")
_BROKEN = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[-\u00ad][ \t]*\n[ \t\u00a0]*([^\W\d_]+)")
_COMPOUND_AFTER = re.compile(r"[-–][^\W\d_a-zåäöéü][^\W\d_]*")
_COMPOUND_BEFORE = re.compile(r"(?<![\w-])[^\W\d_a-zåäöéü][^\W\d_]*[-–]\Z")
_HONORIFIC = re.compile(r"(?<![^\W\d_])(?:fru|herr|fröken|dr|doktor)\.?[ \t\u00a0]+\Z")
_SINGLE_LETTER_WORDS = frozenset("IÅÖ")  # "I Nacka", "Å ena sidan": words, not initials


@dataclasses.dataclass(slots=True)
class Hit:
    """A word that may be part of a known person's name."""

    start: int
    end: int
    key: str
    persons: frozenset
    ambiguous: bool = False
    particle: bool = False
    given: bool = False
    initial: bool = False  # one letter: "V." or "V Provsson"
    dotted: bool = False
    signature: bool = False  # initials in one word: "VP"
    genitive: bool = False
    case: str = "capital"  # lower, capital, upper


def _case(word):
    if word.islower():
        return "lower"
    if len(word) > 1 and word.isupper():
        return "upper"
    return "capital"


def _part_hit(text, start, end, key, part, genitive):
    hit = Hit(start, end, key, part.persons, part.ambiguous, part.particle, part.given)
    hit.genitive, hit.case = genitive, _case(text[start:end])
    if not genitive:  # "Lars'", "VP:s": the genitive written after the word
        following = text[end + 1 : end + 2]
        if text[end : end + 1] in ("'", "’") and key[-1] in "sxz" and not following.isalpha():
            hit.end, hit.genitive = end + 1, True
        elif text[end : end + 2] == ":s" and not text[end + 2 : end + 3].isalpha():
            hit.end, hit.genitive = end + 2, True
    return hit


def find_hits(names, text, folded, words, capitals):
    """Hits in text order. words: the trie's matches on the folded text; capitals: the
    capitalised words of the text (for initials)."""
    hits, starts = [], set()
    for match in words:
        key, genitive = match.group(1), match.group(2) is not None
        part = names.parts.get(key)
        if part is not None:
            hits.append(_part_hit(text, match.start(), match.end(), key, part, genitive))
            starts.add(match.start())
    if "\n" in folded and ("-" in folded or "\u00ad" in text):
        hits += _broken_hits(names, text, folded, starts)
    for match in capitals:
        start = match.start()
        if start in starts or (start and text[start - 1].isalpha()):
            continue
        hit = _initial_hit(names, text, folded[start : match.end()], match.end(), start)
        if hit is not None:
            hits.append(hit)
    hits.sort(key=lambda h: h.start)
    return hits


def _broken_hits(names, text, folded, starts):
    """Names hyphenated over a line break: "Provs-\\nson"."""
    found = []
    for hyphen in _BREAK.finditer(folded):
        start = hyphen.start()
        while start > 0 and folded[start - 1].isalpha():
            start -= 1
        match = _BROKEN.match(folded, start)
        if match is None:
            continue
        key = match.group(1) + match.group(2)
        part, genitive = names.parts.get(key), False
        if part is None and key.endswith("s"):
            part, genitive = names.parts.get(key[:-1]), True
        if part is not None and match.start() not in starts:
            found.append(_part_hit(text, match.start(), match.end(), key, part, genitive))
    return found


def _initial_hit(names, text, key, end, start):
    word = text[start:end]
    if len(word) == 1:
        persons = names.initial_letters.get(key)
        following = text[end : end + 2]
        dotted = following[:1] == "." or bool(re.fullmatch(r"[-–][^\W\d_]", following))
        if persons and (dotted or word not in _SINGLE_LETTER_WORDS):
            end += following[:1] == "."
            return Hit(start, end, key, persons, initial=True, dotted=dotted)
    elif 2 <= len(word) <= 4 and word.isupper():
        persons = names.initials.get(key.upper())
        if persons:
            hit = Hit(start, end, key, persons, signature=True, case="upper")
            if text[end : end + 2] == ":s":
                hit.end, hit.genitive = end + 2, True
            return hit
    return None


def runs(text, hits):
    """Neighbouring hits that can be one person's name, each run a list of hits."""
    found = []
    for hit in hits:
        if found:
            run = found[-1]
            last = run[-1]
            if (
                not last.genitive
                and not last.signature
                and not hit.signature
                and last.end <= hit.start
                and hit.key not in {h.key for h in run}
                and frozenset.intersection(*(h.persons for h in run)) & hit.persons
                and _JOIN.fullmatch(text, last.end, hit.start)
            ):
                run.append(hit)
                continue
        found.append([hit])
    return found


def decide(text, run, vocabulary):
    """REPLACE a name, FLAG a word that may be one, KEEP an ordinary word.

    A name part that is also a Swedish word ("Hans", "Mark", "Sten", "Malm") is the word when
    written in lower case; capitalised mid-sentence, or beside the person's other name parts,
    it is the name; at the start of a sentence it is the name unless it is a word that often
    begins one ("Hans förslag", "Per år", "Inga beslut"), which is flagged.
    """
    full = [h for h in run if not (h.initial or h.signature or h.particle)]
    if not full:
        if len(run) == 1 and run[0].signature:
            key = run[0].key
            return FLAG if key in ACRONYMS or vocabulary.knows(key) else REPLACE
        dotted = [h for h in run if h.initial and h.dotted]
        return REPLACE if len(dotted) >= 2 and len(dotted) == len(run) else KEEP
    if len(run) > 1:
        if len(full) == len(run) and all(h.ambiguous and h.case == "lower" for h in full):
            return KEEP
        return REPLACE
    hit = full[0]
    if not hit.ambiguous:
        return REPLACE
    if hit.case == "lower":
        return KEEP
    if hit.case == "upper":
        return FLAG
    if sentence_start(text, hit.start):
        words = {hit.key, hit.key[:-1]} if hit.genitive else {hit.key}
        return FLAG if words & SENTENCE_START_WORDS else REPLACE
    return REPLACE


def compound(text, start, end):
    """(start, end) of a hyphenated name a run is part of ("Anna-Lena", "Lars-Olov"), or None."""
    after = _COMPOUND_AFTER.match(text, end)
    before = _COMPOUND_BEFORE.search(text, max(0, start - 40), start)
    if not after and not before:
        return None
    return (before.start() if before else start), (after.end() if after else end)


def with_honorific(text, start):
    """The start of "fru Provsson", "dr Provsson" rather than of the name."""
    window = text[max(0, start - 12) : start].lower()
    match = _HONORIFIC.search(window)
    return start - len(window) + match.start() if match else start
