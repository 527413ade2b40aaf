"""One regular expression for a set of words, shaped as a trie.

Python's `re` tries the branches of an alternation one after the other at every position; with
the words' common prefixes shared ("ve(?:ra|ronika)") a text is scanned about as fast as for
a single word, whatever the number of people.
"""

import re


def _pattern(node):
    branches, ends_here = [], False
    for char in sorted(node):
        if char == "":
            ends_here = True
        else:
            branches.append(re.escape(char) + _pattern(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


def words_pattern(words):
    """A pattern (no groups) matching exactly the given words, the longest where several fit."""
    root = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(root)


def compile_words(words):
    """Whole words of a folded text: group 1 the word, group 2 a genitive ending ("s", "'s").
    None for no words."""
    words = sorted({w for w in words if w})
    if not words:
        return None
    return re.compile(r"\b(" + words_pattern(words) + r")('s|s)?\b")
