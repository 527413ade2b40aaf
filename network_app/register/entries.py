"""The register's entries, read from data/kommuner_och_regioner.csv; free-text names matched.

Pure: no database, no request. Matching never guesses: a name matches when, ignoring case and
spacing, it is one of an entry's known names (official, the organisation's own, or a listed other
form), and only when exactly one entry of the asked kind has it. A typo, a county ("Skåne län")
or a name two entries share ("Region Gotland" is both a municipality and a region) gives None.
"""

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType

DATA_FILE = Path(__file__).parent / "data" / "kommuner_och_regioner.csv"
COLUMNS = ("code", "kind", "name", "long_name", "county_code", "county_name", "other_names")


class Kind(StrEnum):
    """The values of networks.models.OrganisationKind, so that each converts to the other."""

    MUNICIPALITY = "municipality"
    REGION = "region"


# The file speaks Swedish, as SCB's lists do.
KIND_IN_FILE = {"kommun": Kind.MUNICIPALITY, "region": Kind.REGION}
CODE_PATTERN = {Kind.MUNICIPALITY: re.compile(r"\d{4}"), Kind.REGION: re.compile(r"\d{2}")}
COUNTY_CODE = re.compile(r"\d{2}")


class RegisterError(ValueError):
    """The data file does not hold a well-formed register; the message names the line."""


@dataclass(frozen=True)
class County:
    code: str
    name: str


@dataclass(frozen=True)
class Entry:
    """A municipality (kommunkod, 4 digits) or a region (länskod, 2 digits)."""

    code: str
    kind: Kind
    name: str
    long_name: str
    county: County
    other_names: tuple[str, ...] = ()

    @property
    def names(self):
        return tuple(dict.fromkeys((self.name, self.long_name, *self.other_names)))


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def normalise_name(text):
    """The form names are compared in: case, spacing and dash variants do not count."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Register:
    entries: tuple[Entry, ...]
    _by_code: MappingProxyType = field(init=False, repr=False, compare=False)
    _by_name: MappingProxyType = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_name = {}
        for entry in self.entries:
            for name in {normalise_name(n) for n in entry.names}:
                by_name.setdefault(name, []).append(entry)
        by_code = {entry.code: entry for entry in self.entries}
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))
        object.__setattr__(self, "_by_name", MappingProxyType(_frozen_lists(by_name)))

    @property
    def municipalities(self):
        return tuple(e for e in self.entries if e.kind is Kind.MUNICIPALITY)

    @property
    def regions(self):
        return tuple(e for e in self.entries if e.kind is Kind.REGION)

    @property
    def counties(self):
        """Every county once, by code."""
        return tuple(sorted({e.county for e in self.entries}, key=lambda c: c.code))

    def by_code(self, code):
        return self._by_code.get(code)

    def candidates(self, name, kind=None):
        """Every entry that has this name, of the given kind if one is given."""
        found = self._by_name.get(normalise_name(name or ""), ())
        if kind is None:
            return found
        return tuple(e for e in found if e.kind is Kind(kind))

    def match(self, name, kind=None):
        """The one entry that has this name, or None when no entry or several have it."""
        found = self.candidates(name, kind)
        return found[0] if len(found) == 1 else None


def _frozen_lists(mapping):
    return {key: tuple(values) for key, values in mapping.items()}


def parse_register(lines: Iterable[str]):
    """A Register from the lines of a CSV file laid out as COLUMNS; RegisterError if malformed."""
    reader = csv.reader(lines)
    header = tuple(next(reader, ()))
    if header != COLUMNS:
        raise RegisterError(f"line 1: the header must be {','.join(COLUMNS)}")
    entries, counties = {}, {}
    for row in reader:
        entry = _entry(row, reader.line_num)
        if entry.code in entries:
            raise RegisterError(f"line {reader.line_num}: code {entry.code} appears twice")
        known = counties.setdefault(entry.county.code, entry.county)
        if known != entry.county:
            raise RegisterError(f"line {reader.line_num}: county {known.code} has two names")
        entries[entry.code] = entry
    return Register(tuple(entries.values()))


def _entry(row, line):
    if len(row) != len(COLUMNS):
        raise RegisterError(f"line {line}: {len(COLUMNS)} columns expected, found {len(row)}")
    values = dict(zip(COLUMNS, (value.strip() for value in row), strict=True))
    kind = KIND_IN_FILE.get(values["kind"])
    if kind is None:
        raise RegisterError(f"line {line}: kind must be kommun or region")
    _check_codes(values["code"], values["county_code"], kind, line)
    missing = [c for c in ("name", "long_name", "county_name") if not values[c]]
    if missing:
        raise RegisterError(f"line {line}: {', '.join(missing)} missing")
    others = tuple(n.strip() for n in values["other_names"].split(";") if n.strip())
    county = County(values["county_code"], values["county_name"])
    return Entry(values["code"], kind, values["name"], values["long_name"], county, others)


def _check_codes(code, county_code, kind, line):
    if not CODE_PATTERN[kind].fullmatch(code):
        digits = 4 if kind is Kind.MUNICIPALITY else 2
        raise RegisterError(f"line {line}: the code of a {kind} has {digits} digits, not {code!r}")
    if not COUNTY_CODE.fullmatch(county_code) or not code.startswith(county_code):
        raise RegisterError(f"line {line}: code {code} is not in county {county_code!r}")


def load_register(path=DATA_FILE):
    with open(path, encoding="utf-8", newline="") as file:
        return parse_register(file)


@cache
def register():
    """The register shipped with the application, read once."""
    return load_register()


def match_organisation(name, kind=None):
    """The register entry a free-text organisation name stands for, or None: never a guess."""
    return register().match(name, kind)
