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
_REACH = 40  # characters around digits where a number's shape may start or end


def digit_windows(text):
    """[start, end) stretches of the text around its digits, merged: the number patterns run
    only there (their look-behinds make a scan of a whole text slow)."""
    windows = []
    for match in _DIGIT_RUN.finditer(text):
        start, end = max(0, match.start() - _REACH), min(len(text), match.end() + _REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


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


def phone_spans(text, windows):
    """(start, end) of every phone-number-like sequence, with its "+" and brackets."""
    spans = []
    for match in _matches(PHONE, text, windows):
        value = match.group()
        digits = _digits(value)
        international = value.startswith(("+", "00"))
        if not (8 if international else 7) <= len(digits) <= (15 if international else 12):
            continue
        if not international and _DATE_OR_TIME.fullmatch(value):
            continue
        start, end = match.span()
        if value.count("(") > value.count(")") and text[end : end + 1] == ")":
            end += 1
        spans.append((start, end))
    return spans


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


def personal_number_spans(text, windows):
    """(start, end) of Swedish personal identity and coordination numbers: a valid date (the
    day plus 60 for a samordningsnummer) and, when written without a separator, a valid check
    digit or a century, so that a ten-digit phone number is not taken for one."""
    spans = []
    for match in _matches(PERSONAL_NUMBER, text, windows):
        date, separator, serial = match.groups()
        century = len(date) == 8
        yy, mm, dd = int(date[-6:-4]), int(date[-4:-2]), int(date[-2:])
        years = (int(date[:4]),) if century else (1900 + yy, 2000 + yy)
        day = dd - 60 if dd > 60 else dd
        if not any(_valid_date(year, mm, day) for year in years):
            continue
        if not separator and not century and not _luhn(date[-6:] + serial):
            continue
        spans.append(match.span())
    return spans


def known_number_spans(text, numbers, windows):
    """(start, end) where a known number's digits stand, written with any separators. `numbers`
    are digit strings; a match starts and ends at the edge of a group of digits."""
    spans = []
    for run in _matches(NUMERIC_RUN, text, windows):
        value, offset = run.group(), run.start()
        positions = [offset + i for i, c in enumerate(value) if c.isdigit()]
        if len(positions) < 6:
            continue
        digits = "".join(text[p] for p in positions)
        for number in numbers:
            found = digits.find(number)
            while found != -1:
                first, last = positions[found], positions[found + len(number) - 1]
                if (
                    not text[first - 1 : first].isdigit()
                    and not text[last + 1 : last + 2].isdigit()
                ):
                    spans.append(_with_brackets(text, first, last + 1))
                found = digits.find(number, found + 1)
    return spans


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


def number_flags(text, windows, *, adult_born_before):
    """(start, end, reason) for the shapes with digits worth a look before publishing."""
    found = []
    for match in _matches(ISO_DATE, text, windows):
        year, month, day = (int(g) for g in match.groups())
        if 1900 <= year < adult_born_before and _valid_date(year, month, day):
            found.append((*match.span(), "date_of_birth"))
    for match in _matches(TEXT_DATE, text, windows):
        if 1900 <= int(match.group(3)) < adult_born_before:
            found.append((*match.span(), "date_of_birth"))
    for match in _matches(NUMERIC_DATE, text, windows):
        day, month, year = (int(g) for g in match.groups())
        year = year if year > 99 else 1900 + year
        if 1900 <= year < adult_born_before and _valid_date(year, month, day):
            found.append((*match.span(), "date_of_birth"))
    for match in _matches(SIX_DIGITS, text, windows):
        yy, mm, dd = (int(g) for g in match.groups())
        if 1 <= mm <= 12 and 1 <= dd <= 31:
            found.append((*match.span(), "date_of_birth"))
    for match in _matches(BORN, text, windows):
        found.append((*match.span(1), "date_of_birth"))
    for pattern, reason in (
        (STREET, "address"),
        (POSTCODE, "postcode"),
        (PLATE, "registration_plate"),
    ):
        found += [(*match.span(), reason) for match in _matches(pattern, text, windows)]
    for match in _matches(LONG_NUMBER, text, windows):
        if not _AMOUNT_AFTER.match(text, match.end()):
            found.append((*match.span(), "number"))
    return found
