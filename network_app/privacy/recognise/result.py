"""What the recogniser found, written out: the anonymised text in natural Swedish, every
replacement and flag with its place in both texts, and manual redactions applied on top."""

import dataclasses
from bisect import bisect_right

from network_app.privacy.recognise.titles import (
    CIVIL_SERVANT,
    ELECTED_OFFICIAL,
    FUNCTION_WORDS,
    description,
)
from network_app.privacy.recognise.words import sentence_start

PERSON = "person"
TITLE = "title"
EMAIL = "email"
PHONE = "phone"
PERSONAL_NUMBER = "personal_number"
REDACTION = "redaction"
IDENTIFIERS = frozenset({EMAIL, PHONE, PERSONAL_NUMBER})

MARKERS = {
    EMAIL: "[e-postadress]",
    PHONE: "[telefonnummer]",
    PERSONAL_NUMBER: "[personnummer]",
    REDACTION: "[borttaget]",
}
UNKNOWN_PERSON = "[namn]"

_ORDINALS = "första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde".split()
_NOUNS = {
    # kind: (indefinite, definite, definite after an ordinal: "den andra ___")
    ELECTED_OFFICIAL: ("förtroendevald", "den förtroendevalda", "förtroendevalda"),
    CIVIL_SERVANT: ("tjänsteperson", "tjänstepersonen", "tjänstepersonen"),
}


@dataclasses.dataclass(frozen=True)
class Replacement:
    """A span of the source replaced in the text: start/end in the source, out_start/out_end
    in the anonymised text."""

    start: int
    end: int
    original: str
    replacement: str
    reason: str  # person, title, email, phone, personal_number, redaction
    out_start: int
    out_end: int


@dataclasses.dataclass(frozen=True)
class Flag:
    """A span left as written that may identify someone: for the person who approves."""

    start: int
    end: int
    text: str
    reason: str  # name, maybe_name, date_of_birth, address, postcode, registration_plate,
    # web_address, handle, number
    out_start: int
    out_end: int


@dataclasses.dataclass(frozen=True)
class Span:
    """A decision before it is written: who or what stands at start:end of the source."""

    start: int
    end: int
    reason: str
    persons: frozenset = frozenset()
    kind: str = ""
    function: str = ""
    genitive: bool = False
    described: bool = False  # a person named with a title: say what they do ("inom säkerhet")


@dataclasses.dataclass(frozen=True)
class Result:
    """The source, the anonymised text, the replacements and the flags, in source order."""

    source: str
    text: str
    replacements: tuple
    flags: tuple
    redactions: tuple = ()  # (start, end) in the source, merged, on word boundaries
    spans: tuple = dataclasses.field(default=(), repr=False)
    candidate_flags: tuple = dataclasses.field(default=(), repr=False)

    def source_span(self, out_start, out_end):
        """The source span behind a span of the anonymised text, so that a redaction chosen on
        the text as it will be published can be stored against the source."""
        return _to_source(self.replacements, out_start), _to_source(self.replacements, out_end)


def _to_source(replacements, position):
    delta = 0
    for item in replacements:
        if position < item.out_start:
            break
        if position < item.out_end:
            return item.start if position == item.out_start else item.end
        delta = item.out_end - item.end
    return position - delta


def _person_phrases(spans):
    """The Swedish for each person mention, in order: the first of a kind "en förtroendevald",
    the next "en annan förtroendevald", later mentions "den förtroendevalda" (or "den andra
    förtroendevalda" when a text names several)."""
    order = {}  # kind -> referents in order of first mention
    for span in spans:
        if span.reason == PERSON and span.kind in _NOUNS:
            referents = order.setdefault(span.kind, [])
            if span.persons not in referents:
                referents.append(span.persons)
    seen, phrases = set(), []
    for span in spans:
        if span.reason != PERSON:
            continue
        if span.kind not in _NOUNS:
            phrases.append(UNKNOWN_PERSON + ("s" if span.genitive else ""))
            continue
        referents = order[span.kind]
        number = referents.index(span.persons)
        phrases.append(_phrase(span, number, len(referents), first=span.persons not in seen))
        seen.add(span.persons)
    return phrases


def _phrase(span, number, count, *, first):
    indefinite, definite, after_ordinal = _NOUNS[span.kind]
    genitive = "s" if span.genitive else ""
    if first or (count > 1 and number >= len(_ORDINALS)):
        article = ("en", "en annan", "ytterligare en")[min(number, 2)]
        area = FUNCTION_WORDS.get(span.function) if span.kind == CIVIL_SERVANT else None
        if span.described and area and not span.genitive:
            return f"{article} {indefinite} inom {area}"
        return f"{article} {indefinite}{genitive}"
    if count == 1:
        return definite + genitive
    return f"den {_ORDINALS[number]} {after_ordinal}{genitive}"


def _styled(phrase, source, span):
    original = source[span.start : span.end]
    letters = [c for c in original if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        line_start = source.rfind("\n", 0, span.start) + 1
        line_end = source.find("\n", span.end)
        line = source[line_start : line_end if line_end != -1 else len(source)]
        if not any(c.islower() for c in line):
            return phrase.upper()
    if phrase[:1].isalpha() and original[:1].isupper() and sentence_start(source, span.start):
        return phrase[0].upper() + phrase[1:]
    return phrase


def _replacement_text(span, person_phrase):
    if span.reason == PERSON:
        return person_phrase
    if span.reason == TITLE:
        return description(span.kind, span.function, genitive=span.genitive)
    return MARKERS[span.reason]


def render(source, spans):
    """(anonymised text, replacements) of the source with the spans, sorted and disjoint."""
    phrases = iter(_person_phrases(spans))
    pieces, replacements, position, shift = [], [], 0, 0
    for span in spans:
        phrase = next(phrases) if span.reason == PERSON else None
        written = _styled(_replacement_text(span, phrase), source, span)
        pieces += [source[position : span.start], written]
        out_start = span.start + shift
        replacements.append(
            Replacement(
                span.start,
                span.end,
                source[span.start : span.end],
                written,
                span.reason,
                out_start,
                out_start + len(written),
            )
        )
        shift += len(written) - (span.end - span.start)
        position = span.end
    pieces.append(source[position:])
    return "".join(pieces), tuple(replacements)


def _snap(source, start, end):
    """A span widened to whole words, within the source."""
    start, end = sorted((max(0, min(start, len(source))), max(0, min(end, len(source)))))
    while 0 < start < len(source) and source[start - 1].isalnum() and source[start].isalnum():
        start -= 1
    while 0 < end < len(source) and source[end - 1].isalnum() and source[end].isalnum():
        end += 1
    return start, end


def normalise_redactions(source, redactions):
    """Redactions on whole words, sorted, overlapping and touching ones merged, empty dropped."""
    snapped = sorted(_snap(source, int(a), int(b)) for a, b in redactions)
    merged = []
    for start, end in snapped:
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _with_redactions(spans, redactions):
    """The spans with each redaction on top: a redaction inside a replacement changes nothing,
    one that overlaps replacements takes them in."""
    spans = list(spans)
    for start, end in redactions:
        if any(s.start <= start and end <= s.end for s in spans):
            continue
        changed = True
        while changed:
            changed = False
            for span in spans:
                if span.start < end and start < span.end:
                    start, end = min(start, span.start), max(end, span.end)
                    spans.remove(span)
                    changed = True
                    break
        spans.append(Span(start, end, REDACTION))
    return sorted(spans, key=lambda s: s.start)


def _outside(replacements, start, end):
    return all(end <= r.start or start >= r.end for r in replacements)


def build(source, spans, candidate_flags, redactions=()):
    """The Result of the decisions on a source, with the manual redactions applied."""
    redactions = normalise_redactions(source, redactions)
    effective = _with_redactions(spans, redactions)
    text, replacements = render(source, effective)
    ends = [r.end for r in replacements]
    shifts = [r.out_end - r.end for r in replacements]
    flags = []
    for start, end, reason in candidate_flags:
        if not _outside(replacements, start, end):
            continue
        index = bisect_right(ends, start)
        shift = shifts[index - 1] if index else 0
        flags.append(Flag(start, end, source[start:end], reason, start + shift, end + shift))
    return Result(
        source=source,
        text=text,
        replacements=replacements,
        flags=tuple(flags),
        redactions=redactions,
        spans=tuple(spans),
        candidate_flags=tuple(candidate_flags),
    )


def apply_redactions(result, redactions):
    """The result with more spans of its source redacted by hand ("[borttaget]"). Overlapping
    and repeated redactions merge; applying the same ones again changes nothing."""
    return build(
        result.source,
        result.spans,
        result.candidate_flags,
        (*result.redactions, *redactions),
    )
