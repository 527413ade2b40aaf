"""Small questions about the words around a place in a text: the word before, the word after,
whether a word begins a sentence."""

import re

from network_app.privacy.recognise.vocabulary import ABBREVIATIONS

_SPACE = r"(?:[ \t\u00a0]+(?:\n[ \t\u00a0]*)?|\n[ \t\u00a0]*)"  # spaces, at most one line break
_WORD = r"([^\W\d_]+(?:'[^\W\d_]+)*)"
SPACE = re.compile(_SPACE)
_WORD_BEFORE = re.compile(_WORD + _SPACE + "$")
_WORD_AFTER = re.compile(_SPACE + _WORD)
_OPENERS = set(" \t\u00a0\"'“”„«»‹›([{•*·–—-")
_QUOTES = set('"“”„«»')


def word_before(folded, position):
    """(start, end, word) of the word before `position` when only spaces separate them."""
    match = _WORD_BEFORE.search(folded, max(0, position - 60), position)
    return (match.start(1), match.end(1), match.group(1)) if match else None


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
