"""Recognise the people, contact details and titles in Swedish free text, for publication.

    recogniser = Recogniser(people, organisations)      # once per set of people
    result = recogniser.anonymise(text)                 # Result: text, replacements, flags
    result = apply_redactions(result, [(start, end)])   # spans of result.source, by hand

Pure: no database, no request, no clock unless `today` is left out. See core.py for how names
are found, titles.py for titles, patterns.py for numbers and addresses, result.py for how the
replacements are written.
"""

from network_app.privacy.recognise.core import Recogniser
from network_app.privacy.recognise.people import KnownPerson
from network_app.privacy.recognise.result import (
    EMAIL,
    PERSON,
    PERSONAL_NUMBER,
    PHONE,
    REDACTION,
    TITLE,
    Flag,
    Replacement,
    Result,
    apply_redactions,
)
from network_app.privacy.recognise.titles import CIVIL_SERVANT, ELECTED_OFFICIAL

__all__ = [
    "CIVIL_SERVANT",
    "ELECTED_OFFICIAL",
    "EMAIL",
    "PERSON",
    "PERSONAL_NUMBER",
    "PHONE",
    "REDACTION",
    "TITLE",
    "Flag",
    "KnownPerson",
    "Recogniser",
    "Replacement",
    "Result",
    "apply_redactions",
]
