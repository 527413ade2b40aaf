"""Word keys that match whatever the case and with or without Swedish letters (Åke/Ake/Aake)."""

import unicodedata


def _letter_folds():
    """Each accented lower-case Latin letter -> its plain letter: å -> a, é -> e, ł -> l."""
    folds = {}
    for code in range(0xC0, 0x250):
        char = chr(code).lower()
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if len(char) == 1 and len(plain) == 1 and plain.isascii() and plain != char:
            folds[char] = plain
    folds.update({"ø": "o", "æ": "a", "ł": "l", "đ": "d", "ı": "i", "œ": "o"})
    folds.update({"’": "'", "ʼ": "'", "\u00ad": "-"})  # a soft hyphen where a word was broken
    return folds


_FOLDS = _letter_folds()
_SWEDISH = ("å", "ä", "ö", "é", "’")

# How Swedish letters are written where a keyboard or a system lacks them.
_TRANSLITERATIONS = (("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ø", "oe"), ("æ", "ae"))


def fold(text):
    """The text in lower case with accented letters plain, character for character: a folded
    text keeps the offsets of the original, and a word's key is its folded form."""
    folded = text.lower()
    if len(folded) != len(text):  # a handful of letters lower-case into two characters
        folded = "".join(c.lower()[:1] for c in text)
    if folded.isascii():
        return folded
    for char in _SWEDISH:
        if char in folded:
            folded = folded.replace(char, _FOLDS[char])
    if not folded.isascii():
        for char in set(folded).intersection(_FOLDS):
            folded = folded.replace(char, _FOLDS[char])
    return folded


def spelling_variants(word):
    """The keys a word may be written as: "Östergren" -> ostergren, oestergren; and the other way,
    a stored "Oestergren" also as ostergren. At most 16 variants for a word."""
    lowered = word.lower()
    variants = {lowered}
    for letter, written in _TRANSLITERATIONS:
        if letter in lowered:
            variants |= {v.replace(letter, written) for v in variants}
    for letters in ("aa", "ae", "oe"):
        if letters in lowered:
            variants |= {v.replace(letters, letters[0]) for v in variants}
    keys = sorted({fold(v) for v in variants})
    return keys[:16]
