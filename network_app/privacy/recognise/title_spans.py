"""Which titles in a text stand for one person, and the names beside them.

"Kommunstyrelsens ordförande", "säkerhetschefen", "vår kommunikationschef", "ordförande i
Nacka", "av Säkerhetschef" point at someone and are replaced; "en säkerhetschef",
"säkerhetssamordnare eller säkerhetschef", "samtliga kommunalråd" name a kind of job and stay
(flagged when a known person holds that title, for the person who approves to judge).
"""

import dataclasses
import re

from network_app.privacy.recognise.folding import fold
from network_app.privacy.recognise.result import TITLE, Span
from network_app.privacy.recognise.vocabulary import (
    DETERMINERS,
    PLURAL_DETERMINERS,
    POSSESSIVES,
)
from network_app.privacy.recognise.words import SPACE, sentence_start, word_after, word_before

_LINKS = frozenset({"i", "för", "vid", "på", "inom"})
_COORDINATORS = frozenset({"och", "eller", "samt"})
_CLOSING = re.compile(r"\)|,(?=[ \t\u00a0])")
_APPOSITION = re.compile(r"(?:,[ \t\u00a0]*|[ \t\u00a0]*\()\Z")


@dataclasses.dataclass
class _Context:
    text: str
    folded: str
    titles: object  # TitleIndex
    organisation_keys: frozenset
    by_start: dict  # person spans by where they start and end
    by_end: dict
    ends: set = dataclasses.field(default_factory=set)  # where titles end
    groups: set = dataclasses.field(default_factory=set)  # where titles of a group end


def find(text, folded, words, people, titles, organisation_keys):
    """(spans, flags) of the titles among the trie's matches `words`."""
    context = _Context(
        text,
        folded,
        titles,
        organisation_keys,
        {span.start: span for span in people},
        {span.end: span for span in people},
    )
    spans, flags, after = [], [], -1
    for match in words:
        if match.start() < after:
            continue
        found = _match_at(context, match)
        if found is None:
            continue
        form, end = found
        decision = _decide(context, form, match.start(), end)
        if isinstance(decision, Span):
            spans.append(decision)
        elif decision:
            flags.append(decision)
        context.ends.add(end)
        after = end
    return spans, flags


def _match_at(context, match):
    """(form, end) of the longest title form starting with this word."""
    forms = context.titles.starting_with(match.group())
    for form in forms:
        end = match.end()
        for expected in form.words[1:]:
            following = word_after(context.folded, end)
            if following is None or following[2] != expected:
                break
            end = following[1]
        else:
            return form, end
    return None


def _lower_word_before(context, start):
    found = word_before(context.folded, start)
    return (found[0], context.text[found[0] : found[1]].lower()) if found else (start, "")


def _decide(context, form, start, end):
    text = context.text
    genitive = form.genitive
    if text[end : end + 2] == ":s":
        end, genitive = end + 2, True
    before_start, before = _lower_word_before(context, start)
    kept = (start, end, "title") if form.held else None
    # "samtliga kommunalråd och nämndsordföranden": a group, the second title too
    grouped = before in _COORDINATORS and _title_ends_before(context, before_start, context.groups)
    if before in PLURAL_DETERMINERS or grouped:
        context.groups.add(end)
        return kept
    person = _name_beside(context, start, end, genitive)
    if person is not None:
        return _described(person, form, before, before_start, start, end, text)
    if not _points(context, form, start, end, genitive, before, before_start):
        return kept
    if _absorbs(before, context.organisation_keys):
        start = before_start
    return Span(start, end, TITLE, kind=form.kind, function=form.function, genitive=genitive)


def _title_ends_before(context, position, ends):
    """Whether a title (of `ends`) ends just before `position`, spaces apart."""
    found = word_before(context.folded, position)
    return found is not None and found[1] in ends


def _name_beside(context, start, end, genitive):
    """A person span right after the title ("kommunalrådet Vera Provsson") or before it as an
    apposition ("Vera Provsson, kommunalråd," / "Vera Provsson (kommunalråd)")."""
    after = SPACE.match(context.text, end)
    if after and not genitive and after.end() in context.by_start:
        return context.by_start[after.end()]
    apposition = _APPOSITION.search(context.text, max(0, start - 3), start)
    if apposition:
        return context.by_end.get(apposition.start())
    return None


def _described(person, form, before, before_start, start, end, text):
    if person.start > start:  # the title first: take in a determiner before it
        start = before_start if before in DETERMINERS else start
        end = person.end
    else:
        closing = _CLOSING.match(text, end)
        start, end = person.start, closing.end() if closing else end
    return dataclasses.replace(
        person,
        start=start,
        end=end,
        kind=person.kind or form.kind,
        function=person.function or form.function,
        described=True,
    )


def _points(context, form, start, end, genitive, before, before_start):
    """Whether a title stands for one person rather than for a kind of job."""
    text = context.text
    if form.position or form.definite or genitive or before in POSSESSIVES:
        return True
    if text[start].isupper() and not sentence_start(text, start):
        return True  # written as a name: "av Säkerhetschef"
    if before.endswith(("ens", "ets")) and len(before) > 4:
        return True  # "förvaltningens säkerhetschef"
    if _with_organisation(context, end, before):
        return True
    if not form.held or before in ("en", "ett"):
        return False
    # "säkerhetssamordnare eller säkerhetschef", "säkerhetsansvariga, säkerhetssamordnare,
    # polis": kinds of job, not the person who holds one
    if text[:start].rstrip().endswith(",") or text[end:].lstrip().startswith(","):
        return False
    if before in _COORDINATORS and _title_ends_before(context, before_start, context.ends):
        return False
    following = word_after(context.folded, end)
    if following is not None and following[2] in _COORDINATORS:
        return _title_after(context, following[1]) is None
    return True


def _title_after(context, position):
    following = word_after(context.folded, position)
    if following is None:
        return None
    return context.titles.starting_with(following[2]) or None


def _with_organisation(context, end, before):
    """ "ordförande i Nacka", "Nackas säkerhetschef": a title of one organisation."""
    link = word_after(context.folded, end)
    if link is not None and context.text[link[0] : link[1]].lower() in _LINKS:
        organisation = word_after(context.folded, link[1])
        if organisation is not None and organisation[2] in context.organisation_keys:
            return True
    return before.endswith("s") and fold(before[:-1]) in context.organisation_keys


def _absorbs(word, organisation_keys):
    """A word before a title that goes with it: a determiner, a definite genitive
    ("kommunens"), an organisation's genitive ("Nackas")."""
    if word in DETERMINERS:
        return True
    if word.endswith(("ens", "ets")) and len(word) > 4:
        return True
    return word.endswith("s") and fold(word[:-1]) in organisation_keys
