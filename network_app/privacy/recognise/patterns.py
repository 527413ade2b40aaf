"""Identifiers found by their shape: e-mail addresses, Swedish phone numbers and personal
identity numbers (replaced whoever they belong to), and the shapes worth a second look: dates
of birth, street addresses, postcodes, registration plates, web addresses, handles."""

import datetime
import re

EMAIL = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+"
    r"(?:@|\s?[\[(](?:at|snabel-a)[\])]\s?)"
    r"[\w-]+(?:(?:\.|\s?[\[(](?:dot|punkt)[\])]\s?)[\w-]+)+",
    re.IGNORECASE,
)

_SEP = r"(?:[ \u00a0]?[-–/.][ \u00a0]?|[ \u00a0])"
# +46 / 0046 with an optional "(0)" and area code, or a trunk 0 and area code (in brackets or
# not), then groups of digits: "08-555 123 45", "+46 (0)70-555 12 34", "0705551234".
PHONE = re.compile(
    r"(?<![\w+@.])(?:"
    r"(?:\+|\b00)[ \u00a0]?\d{1,3}(?:[ \u00a0]?\(0\))?(?:" + _SEP + r"?\(?\d{1,4}\)?)?"
    r"|\(0\d{1,3}\)"
    r"|\b0\d{1,3}"
    r")(?:" + _SEP + r"?\d{2,8}){1,5}(?![\w@])"
)
_DATE_OR_TIME = re.compile(
    r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{1,2}[.:]\d{2}(?:\s?[-–]\s?\d{1,2}[.:]\d{2})?"
    r"|\d{1,2}\s?[-–]\s?\d{1,2}"
)

# ÅÅMMDD-NNNN, ÅÅMMDD+NNNN (100 years or older), ÅÅÅÅMMDDNNNN; samordningsnummer add 60 to
# the day.
PERSONAL_NUMBER = re.compile(r"(?<![\w+-])((?:19|20)?\d{6})(\s?[-+–]\s?|)(\d{4})(?![\w])")

# Digits with the separators a phone number is written with, for numbers known in any format.
NUMERIC_RUN = re.compile(r"\+?\(?\d[\d \u00a0()./–-]*\d\)?")

ISO_DATE = re.compile(r"(?<![\w-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\w-])")
MONTHS = (
    "januari februari mars april maj juni juli augusti september oktober november december"
).split()
TEXT_DATE = re.compile(
    r"(?<!\w)(\d{1,2})(?:\s|\u00a0)(" + "|".join(MONTHS) + r")(?:\s|\u00a0)((?:19|20)\d{2})(?!\w)",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"(?<![\w./-])(\d{1,2})[./](\d{1,2})[./]((?:19|20)?\d{2})(?![\w./-])")
SIX_DIGITS = re.compile(r"(?<![\w+-])(\d{2})(\d{2})(\d{2})(?![\w-])")
BORN = re.compile(r"\b(?:född|f\.|födelseår|födelsedatum)\s+(?:år\s+|den\s+)?((?:19|20)\d{2})\b")
STREET = re.compile(
    r"(?<!\w)[A-ZÅÄÖ][\w-]*(?:gatan|vägen|gränd|gränden|torget|stigen|backen|allén|leden|"
    r"platsen|gata|väg|torg|stig|backe|allé|esplanaden|kajen|parken)"
    r"(?:\s|\u00a0)\d{1,4}(?:[A-Za-z]|\s[A-Z])?(?!\w)|(?<!\w)Box(?:\s|\u00a0)\d{1,6}(?!\w)"
)
POSTCODE = re.compile(r"(?<![\w-])(?:SE-?)?\d{3}(?:\s|\u00a0)?\d{2}(?:\s|\u00a0)+[A-ZÅÄÖ][a-zåäö]+")
PLATE = re.compile(r"(?<!\w)[A-HJ-PR-UW-Z]{3}(?:\s|\u00a0)?\d{2}[\dA-HJ-PR-UW-Z](?!\w)")
WEB = re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_]{2,30}(?![\w@.])")
LONG_NUMBER = re.compile(
    r"(?<![\w.,-])\d(?:[ \u00a0]?\d){5,}(?![\w,:-])|(?<![\w.,-])\d{2,3}-\d{2}-\d{2}(?![\w,:-])"
)
_AMOUNT_AFTER = re.compile(r"\s?(?:kr|kronor|sek|tkr|mkr|procent|%|timmar|minuter|invånare)\b")


_DIGIT_RUN = re.compile(r"\d+")
_BORN_BEFORE = re.compile(r"(?:född|f\.|födelseår|födelsedatum)\s+(?:år\s+|den\s+)?\Z", re.I)
_STREET_WORD = re.compile(r"(?<![\w-])[A-ZÅÄÖ][\w-]*[ \u00a0]\Z")
_STREET_ENDINGS = (
    "gatan gata vägen väg gränd gränden torget torg stigen stig backen backe allén allé leden "
    "platsen esplanaden kajen parken"
).split()
_STREET_END = re.compile(r"\d{1,4}(?:[A-Za-z]|[ \u00a0][A-Z])?(?!\w)")


def _matches(pattern, text, windows):
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


_AT_SIGNS = ("@", "(at)", "[at]", "(AT)", "[AT]", "(snabel-a)")


def email_spans(text):
    """(start, end) of every e-mail address, also written "namn(at)kommun.se"."""
    windows = []
    for sign in _AT_SIGNS:
        index = text.find(sign)
        while index != -1:
            windows.append((max(0, index - 80), min(len(text), index + 160)))
            index = text.find(sign, index + 1)
    merged = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [match.span() for match in _matches(EMAIL, text, merged)]


def _digits(value):
    return re.sub(r"\D", "", value)


def _valid_date(year, month, day):
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn(digits):
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def scan_numbers(text, known, *, adult_born_before):
    """(identifiers, flags) of the numbers in a text, each (start, end, reason): phone and
    personal identity numbers to replace, and dates of birth, addresses, postcodes, plates and
    long numbers to show for review.

    One scan for the runs of digits, then the shapes are tried where a run starts (a pattern
    with a look-behind scanned over a whole text costs as much as the rest of the recogniser).
    `known` are the digit strings of the people's phone numbers (number_forms)."""
    identifiers, flags, covered = [], [], 0
    for run in _DIGIT_RUN.finditer(text):
        start, end = run.span()
        if start < covered:
            continue
        found = _identifier_at(text, start, known)
        if found is None:
            found = _flag_at(text, start, end, adult_born_before)
            if found is not None:
                flags.append(found)
        else:
            identifiers.append(found)
        if found is not None:
            covered = found[1]
    return identifiers, flags


def _identifier_at(text, start, known):
    match = PERSONAL_NUMBER.match(text, start)
    if match and _is_personal_number(*match.groups()):
        return (*match.span(), "personal_number")
    begin = start - 1 if start and text[start - 1] in "+(" else start
    match = PHONE.match(text, begin)
    if match and _is_phone(match.group()):
        end = match.end()
        if match.group().count("(") > match.group().count(")") and text[end : end + 1] == ")":
            end += 1
        return begin, end, "phone"
    if known:
        run = NUMERIC_RUN.match(text, begin)
        found = _known_within(text, run, known) if run else None
        if found:
            return (*found, "phone")
    return None


def _is_phone(value):
    digits = _digits(value)
    international = value.startswith(("+", "00"))
    if not (8 if international else 7) <= len(digits) <= (15 if international else 12):
        return False
    return international or not _DATE_OR_TIME.fullmatch(value)


def _is_personal_number(date, separator, serial):
    """A valid date (the day plus 60 for a samordningsnummer) and, written without a
    separator, a valid check digit or a century: a ten-digit phone number is not one."""
    century = len(date) == 8
    yy, mm, dd = int(date[-6:-4]), int(date[-4:-2]), int(date[-2:])
    years = (int(date[:4]),) if century else (1900 + yy, 2000 + yy)
    day = dd - 60 if dd > 60 else dd
    if not any(_valid_date(year, mm, day) for year in years):
        return False
    return bool(separator) or century or _luhn(date[-6:] + serial)


def _known_within(text, run, known):
    """The longest stretch of a numeric run, from the edge of a group of digits to the edge of
    another, that is a known number: only those few stretches are looked up, however many
    numbers are known."""
    offset = run.start()
    positions = [offset + i for i, c in enumerate(run.group()) if c.isdigit()]
    if len(positions) < 6:
        return None
    digits = "".join(text[p] for p in positions)
    last = len(positions) - 1
    starts = [k for k in range(last + 1) if k == 0 or positions[k] - positions[k - 1] > 1]
    ends = [k for k in range(last + 1) if k == last or positions[k + 1] - positions[k] > 1]
    found = [
        (first, end)
        for first in starts
        for end in ends
        if end - first >= 5 and digits[first : end + 1] in known
    ]
    if not found:
        return None
    first, end = max(found, key=lambda f: f[1] - f[0])
    return _with_brackets(text, positions[first], positions[end] + 1)


def _with_brackets(text, start, end):
    while start > 0 and text[start - 1] in "+(":
        start -= 1
    inside = text[start:end]
    if inside.count("(") > inside.count(")") and text[end : end + 1] == ")":
        end += 1
    return start, end


def number_forms(phone):
    """The digit strings a stored phone number may be written as: national, international,
    without the trunk 0, with "(0)", and the subscriber number without its area code."""
    digits = _digits(phone or "")
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("46") and len(digits) >= 9:
        national = "0" + digits[2:]
    elif digits.startswith("0"):
        national = digits
    else:
        return {digits} if len(digits) >= 6 else set()
    forms = {national, "46" + national[1:], "460" + national[1:], national[1:]}
    forms |= {national[-n:] for n in (7, 8) if len(national) > n + 1}
    return {f for f in forms if len(f) >= 6}


def _flag_at(text, start, end, adult_born_before):
    """(start, end, reason) of a shape worth a look that begins with the digits at start."""
    digits = end - start
    before = text[max(0, start - 30) : start]
    if digits == 4 and text[start : start + 2] in ("19", "20"):
        match = ISO_DATE.match(text, start)
        if match and _old_date(adult_born_before, *(int(g) for g in match.groups())):
            return (*match.span(), "date_of_birth")
        if _BORN_BEFORE.search(before) and int(text[start:end]) < adult_born_before:
            return start, end, "date_of_birth"
    if digits <= 2:
        match = TEXT_DATE.match(text, start)
        if match and int(match.group(3)) < adult_born_before:
            return (*match.span(), "date_of_birth")
        match = NUMERIC_DATE.match(text, start)
        if match:
            day, month, year = (int(g) for g in match.groups())
            if _old_date(adult_born_before, year if year > 99 else 1900 + year, month, day):
                return (*match.span(), "date_of_birth")
    match = SIX_DIGITS.match(text, start)
    if digits == 6 and match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
        return (*match.span(), "date_of_birth")
    return _place_at(text, start, before) or _long_number_at(text, start)


def _old_date(adult_born_before, year, month, day):
    return 1900 <= year < adult_born_before and _valid_date(year, month, day)


def _place_at(text, start, before):
    spaced = before[-1:] in (" ", "\u00a0") and before[-2:-1].isalpha()
    street = _STREET_WORD.search(before) if spaced else None
    if street and (
        street.group().rstrip().lower().endswith(tuple(_STREET_ENDINGS))
        or street.group().rstrip() == "Box"
    ):
        number = _STREET_END.match(text, start)
        if number:
            return start - len(before) + street.start(), number.end(), "address"
    for begin in (start, start - 3):  # "131 81 Nacka", "SE-131 81 Nacka"
        match = POSTCODE.match(text, begin) if begin >= 0 else None
        if match:
            return (*match.span(), "postcode")
    for begin in (start - 4, start - 3):  # "ABC 123", "ABC123"
        match = PLATE.match(text, begin) if begin >= 0 else None
        if match:
            return (*match.span(), "registration_plate")
    return None


def _long_number_at(text, start):
    match = LONG_NUMBER.match(text, start)
    if match and not _AMOUNT_AFTER.match(text, match.end()):
        return (*match.span(), "number")
    return None
