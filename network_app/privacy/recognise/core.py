"""The recogniser: one pattern per set of people, then a few passes over each text.

Built once for a set of people, a trie-shaped pattern of every key their name parts and the
titles are written as finds them in a folded text (lower case, å/ä/ö plain) in one scan, as
fast for 250 people as for one; a second scan finds the capitalised words (initials, and the
words to flag); the number patterns run only on texts with digits.
"""

import datetime
import re
from bisect import bisect_left

from network_app.privacy.recognise import mentions, patterns, title_spans
from network_app.privacy.recognise.folding import fold
from network_app.privacy.recognise.people import NameIndex
from network_app.privacy.recognise.result import EMAIL, IDENTIFIERS, PERSON, Span, build
from network_app.privacy.recognise.titles import CIVIL_SERVANT, ELECTED_OFFICIAL, TitleIndex
from network_app.privacy.recognise.trie import compile_words
from network_app.privacy.recognise.vocabulary import swedish
from network_app.privacy.recognise.words import sentence_start

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞŁŚŠŹŽĆČĐ][^\W\d_]*(?:['’][^\W\d_]+)*")
_ORGANISATION_WORDS = frozenset(
    "kommun kommuns stad stads region regions regionen landsting landstinget och i".split()
)
_BROKEN_WORD = re.compile(r"([^\W\d_]+)-[ \t]*\n\s*([a-zåäö][^\W\d_]*)")
_CACHE_SIZE = 20_000


class Recogniser:
    """Finds the known people, every e-mail address, phone and personal identity number and the
    titles in a Swedish text, and flags what else may identify someone.

    people: KnownPerson values; organisations: names of the network's organisations (they are
    not flagged, and a title next to one points at a person); today: the date against which a
    date is old enough to be a date of birth (default: the date of the machine).
    """

    def __init__(self, people, organisations=(), *, vocabulary=None, today=None):
        self.people = tuple(people)
        words = [w for name in organisations for w in _WORD.findall(name)]
        self.vocabulary = (vocabulary or swedish()).with_proper(words)
        self.names = NameIndex(self.people, self.vocabulary)
        self.titles = TitleIndex((p.title, p.kind, p.function) for p in self.people if p.title)
        self._words = compile_words([*self.names.parts, *self.titles.first_words()])
        distinctive = {fold(w) for w in words} - _ORGANISATION_WORDS
        self.organisation_keys = frozenset(
            distinctive | {w[:-1] for w in distinctive if w.endswith("s") and len(w) > 3}
        )
        self.numbers = set().union(*(patterns.number_forms(p.phone) for p in self.people))
        self.adult_born_before = (today or datetime.date.today()).year - 15
        self._cache = {}
        self._known = {}  # capitalised word -> whether the vocabulary has it

    def anonymise(self, text, redactions=()):
        """The Result for a text: anonymised text, replacements, flags; with the manual
        redactions, (start, end) spans of the text, applied."""
        text = text or ""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            found = self._cache[text] = build(text, *self._analyse(text))
        return build(text, found.spans, found.candidate_flags, redactions) if redactions else found

    def text(self, value):
        """The anonymised text alone; None and "" as they are."""
        return self.anonymise(value).text if value else value

    def _analyse(self, text):
        """(spans, flags) of a text: what to replace, and what to show for review."""
        folded = fold(text)
        words = list(self._words.finditer(folded)) if self._words else []
        capitals = list(_CAPITALISED.finditer(text))
        hits = mentions.find_hits(self.names, text, folded, words, capitals)
        people, flags = self._people(text, hits)
        titles, title_flags = title_spans.find(
            text, folded, words, people, self.titles, self.organisation_keys
        )
        numbers, number_flags = patterns.scan_numbers(
            text, self.numbers, adult_born_before=self.adult_born_before
        )
        identifiers = [Span(a, b, reason) for a, b, reason in numbers]
        identifiers += [Span(a, b, EMAIL) for a, b in patterns.email_spans(text)]
        spans = _disjoint(identifiers + people + titles)
        flags += title_flags + number_flags + self._word_flags(text, folded, capitals, spans)
        flags += self._address_flags(text)
        return spans, _merge_flags(text, sorted(set(flags)))

    def _people(self, text, hits):
        """Spans of the people mentioned, and flags where a name part may be a word."""
        spans, flags = [], []
        for run in mentions.runs(text, hits):
            start, end = run[0].start, run[-1].end
            decision = mentions.decide(text, run, self.vocabulary)
            compound = mentions.compound(text, start, end)
            if compound and decision != mentions.KEEP:
                # "Anna-Lena" is not Anna-Karin; "Åke Östergren-Lindh" is still Åke.
                full = [h for h in run if not (h.initial or h.signature or h.particle)]
                start, end = compound
                if len(full) < 2 and all(h.given for h in full):
                    decision = mentions.FLAG
            if decision == mentions.FLAG:
                flags.append((start, end, "maybe_name"))
            elif decision == mentions.REPLACE:
                persons = frozenset.intersection(*(hit.persons for hit in run))
                kind, function = self._role(persons)
                start = mentions.with_honorific(text, start)
                spans.append(Span(start, end, PERSON, persons, kind, function, run[-1].genitive))
        return spans, flags

    def _role(self, persons):
        kinds = {self.people[i].kind for i in persons}
        functions = {self.people[i].function for i in persons}
        kind = kinds.pop() if len(kinds) == 1 else ""
        if kind not in (ELECTED_OFFICIAL, CIVIL_SERVANT):
            kind = ""
        return kind, functions.pop() if len(functions) == 1 else ""

    def _word_flags(self, text, folded, capitals, spans):
        """Capitalised words that are neither known nor at the start of a sentence (or are a
        common first name even there)."""
        flags, edges, cursor = [], [(s.start, s.end) for s in spans], 0
        for match in capitals:
            start, end = match.span()
            if start and text[start - 1].isalpha():
                continue
            while cursor < len(edges) and edges[cursor][1] <= start:
                cursor += 1
            if cursor < len(edges) and edges[cursor][0] < end:
                continue
            word = match.group()
            if len(word) == 1:
                if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
                    flags.append((start, end, "name"))  # "(S)": a party beside a role
                continue
            key = folded[start:end]
            if key in self.names.parts or self._known_word(text, word, end):
                continue
            if not sentence_start(text, start):
                flags.append((start, end, "name"))
            elif key in self.vocabulary.first_names and key not in self.vocabulary.common_folded:
                flags.append((start, end, "name"))
        return flags

    def _known_word(self, text, word, end):
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._in_vocabulary(word)
        return known or self._broken_known(text, word, end)

    def _in_vocabulary(self, word):
        lowered = word.lower().replace("’", "'")
        knows = self.vocabulary.knows
        if knows(lowered):
            return True
        for suffix in ("'s", "s", "'"):
            if lowered.endswith(suffix) and knows(lowered[: -len(suffix)]):
                return True
        return False

    def _broken_known(self, text, word, end):
        """A word hyphenated over a line break: "Brottsföre-\nbyggande"."""
        if text[end : end + 1] != "-":
            return False
        broken = _BROKEN_WORD.match(text, end - len(word))
        return bool(broken) and self._in_vocabulary(broken.group(1) + broken.group(2))

    def _address_flags(self, text):
        """Web addresses and @handles, matched where their marks stand (no full scan)."""
        flags = []
        for mark, pattern, reason in (
            ("www.", patterns.WEB, "web_address"),
            ("http", patterns.WEB, "web_address"),
            ("@", patterns.HANDLE, "handle"),
        ):
            index = text.find(mark)
            while index != -1:
                match = pattern.match(text, index)
                if match:
                    flags.append((*match.span(), reason))
                index = text.find(mark, index + 1)
        return flags


def _disjoint(candidates):
    """Identifiers first, then the longest spans; overlapping ones dropped; in text order."""
    ordered = sorted(
        candidates, key=lambda s: (s.reason not in IDENTIFIERS, s.start - s.end, s.start)
    )
    kept, starts = [], []  # kept in text order, and their starts
    for span in ordered:
        index = bisect_left(starts, span.start)
        if index and kept[index - 1].end > span.start:
            continue
        if index < len(kept) and kept[index].start < span.end:
            continue
        kept.insert(index, span)
        starts.insert(index, span.start)
    return kept


_NAME_LIKE = frozenset({"name", "maybe_name"})


def _merge_flags(text, flags):
    """Neighbouring flags of names as one ("Anna-Lena Pogulis"), overlapping ones as one; a
    shape says more than "name" ("Storgatan 12" is an address)."""
    merged = []
    for start, end, reason in flags:
        if merged:
            last_start, last_end, last_reason = merged[-1]
            touching = text[last_end:start] in (" ", "-", "\u00a0")
            if start < last_end or (touching and {reason, last_reason} <= _NAME_LIKE):
                kept = last_reason if reason in _NAME_LIKE else reason
                if {reason, last_reason} == _NAME_LIKE:
                    kept = "name"
                merged[-1] = (last_start, max(last_end, end), kept)
                continue
        merged.append((start, end, reason))
    return merged
