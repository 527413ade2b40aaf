"""Small questions about the words around a place in a text: the word before, the word after,
whether a word begins a sentence."""

import re

from network_app.privacy.recognise.vocabulary import ABBREVIATIONS

_SPACE = r"(?:[ \t\u00a0]+(?:\n[ \t\u00a0]*)?|\n[ \t\u00a0]*)"  # spaces, at most one line break
_WORD = r"([^\W\d_]+(?:'[^\W\d_]+)*)"
SPACE = re.compile(_SPACE)
_SPACES = frozenset(" \t\u00a0\n")
_WORD_AFTER = re.compile(_SPACE + _WORD)
_OPENERS = set(" \t\u00a0\"'“”„«»‹›([{•*·–—-")
_QUOTES = set('"“”„«»')


def word_before(folded, position):
    """(start, end, word) of the word before `position` when only spaces (and at most one line
    break) separate them. A loop back over a few characters: a regex search would try every
    position of its window."""
    index, breaks = position, 0
    while index > 0 and folded[index - 1] in _SPACES:
        index -= 1
        breaks += folded[index] == "\n"
    if index == position or breaks > 1:
        return None
    end = index
    while index > 0 and (folded[index - 1].isalpha() or folded[index - 1] == "'"):
        index -= 1
    while index < end and folded[index] == "'":
        index += 1
    return (index, end, folded[index:end]) if index < end else None


def word_after(folded, position):
    """(start, end, word) of the word after `position` when only spaces separate them."""
    match = _WORD_AFTER.match(folded, position)
    return (match.start(1), match.end(1), match.group(1)) if match else None


def sentence_start(text, position):
    """Whether the word at `position` begins a sentence, a line or a list item."""
    index = position - 1
    skipped_quote = False
    while index >= 0 and text[index] in _OPENERS:
        skipped_quote = skipped_quote or text[index] in _QUOTES
        index -= 1
    if index < 0:
        return True
    char = text[index]
    if char in "\n\r!?…":
        return True
    if char == ":":
        return skipped_quote
    if char != ".":
        return False
    word_start = index
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:index].lower().strip("(\"'")
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False  # "t.ex. Vera", "V. Provsson"
    return True
