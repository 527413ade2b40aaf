"""What a new password may not be (ASVS 2.1): too short or too long, on the list of common and
breached passwords shipped beside this module, one character or a short group repeated, or the
person's own name or e-mail address."""

import gzip
import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")  # see its .NOTICE
# As Django's UserAttributeSimilarityValidator: a ratio from 0.7 on is "too similar".
MAX_SIMILARITY = 0.7
# "aaaaaaaaaaaa", "abababababab", "123412341234": the whole password is its first 1-4 characters
# repeated.
_REPEATED = re.compile(r"(.{1,4})\1+", re.DOTALL)
_NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")

LENGTH_MESSAGE = _l(
    "Lösenordet måste ha minst %(min)d och högst %(max)d tecken.", min=MIN_LENGTH, max=MAX_LENGTH
)
COMMON_MESSAGE = _l(
    "Lösenordet finns på listan över vanliga och läckta lösenord som angripare provar först. "
    "Välj ett annat, till exempel en fras med flera ord."
)
REPEATED_MESSAGE = _l(
    "Lösenordet får inte vara ett tecken eller en kort teckenföljd som upprepas (som aaaa eller "
    "abcabc). Välj ett annat, till exempel en fras med flera ord."
)
PERSONAL_MESSAGE = _l(
    "Lösenordet liknar ditt namn eller din e-postadress för mycket. Välj något som inte går att "
    "gissa från dem."
)


@cache
def common_passwords():
    """The shipped list, lowercased (as it is stored), read once per process."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def refusal(password, *, name="", email=""):
    """Why the password cannot be used, as a message for the person choosing it, or None."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return LENGTH_MESSAGE
    if _REPEATED.fullmatch(password):
        return REPEATED_MESSAGE
    if password.strip().lower() in common_passwords():
        return COMMON_MESSAGE
    if resembles_personal_details(password, name=name, email=email):
        return PERSONAL_MESSAGE
    return None


def _parts(value):
    """The whole value and its words: "eva.exempel@kommun.se" gives eva, exempel, kommun, se."""
    value = (value or "").lower()
    return [part for part in re.split(r"\W+", value) + [value] if part]


def _letters_and_digits(value):
    return _NOT_A_LETTER_OR_DIGIT.sub("", value.lower())


def resembles_personal_details(password, *, name, email):
    """The name or the e-mail address, whole, in part or a little changed, makes up much of the
    password: too similar to one of them or a word of them (Django's rule), or the words of the
    name and of the address before the @ (three letters or more) found in the password make up
    at least half of its letters and digits ("exempel-2026-eva")."""
    lowered = password.lower()
    for part in _parts(name) + _parts(email):
        if SequenceMatcher(a=lowered, b=part).ratio() >= MAX_SIMILARITY:
            return True
    compact = _letters_and_digits(password)
    local_part = (email or "").partition("@")[0]
    words = {w for w in _parts(name) + _parts(local_part) if len(w) >= 3 and w.isalnum()}
    found = sum(len(word) for word in words if word in compact)
    return 2 * found >= len(compact) > 0 and found > 0
