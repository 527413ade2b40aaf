"""The register's data file and its loader: counts, codes, counties, names, matching free text."""

import dataclasses
import re
from collections import Counter

import pytest

from network_app.demo import DEMO_ORGANISATIONS
from network_app.networks.models import OrganisationKind
from network_app.register.entries import (
    COLUMNS,
    DATA_FILE,
    Kind,
    RegisterError,
    load_register,
    match_organisation,
    normalise_name,
    parse_register,
    register,
)

COUNTY_CODES = "01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 22 23 24 25".split()


@pytest.fixture(scope="module")
def reg():
    return load_register()


# --- the data file ---------------------------------------------------------------------------


def test_register_holds_290_municipalities_and_21_regions(reg):
    assert len(reg.municipalities) == 290
    assert len(reg.regions) == 21
    assert len(reg.entries) == 311


def test_codes_are_unique_and_shaped_by_kind(reg):
    codes = [e.code for e in reg.entries]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"\d{4}", e.code) for e in reg.municipalities)
    assert all(re.fullmatch(r"\d{2}", e.code) for e in reg.regions)


def test_every_county_has_its_region_and_municipalities_coded_within_it(reg):
    assert [c.code for c in reg.counties] == COUNTY_CODES
    per_county = Counter(e.county.code for e in reg.municipalities)
    assert sorted(per_county) == COUNTY_CODES
    assert all(e.code.startswith(e.county.code) for e in reg.municipalities)
    assert [(r.code, r.county.code) for r in reg.regions] == [(c, c) for c in COUNTY_CODES]
    assert all(c.name.endswith(" län") for c in reg.counties)


# SCB's number of municipalities in each county (sums to 290).
MUNICIPALITIES_PER_COUNTY = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12,
    "09": 1, "10": 5, "12": 33, "13": 6, "14": 49, "17": 16, "18": 12,
    "19": 10, "20": 15, "21": 10, "22": 7, "23": 8, "24": 15, "25": 14,
}  # fmt: skip


def test_each_county_has_scbs_number_of_municipalities(reg):
    assert sum(MUNICIPALITIES_PER_COUNTY.values()) == 290
    assert Counter(e.county.code for e in reg.municipalities) == MUNICIPALITIES_PER_COUNTY


@pytest.mark.parametrize("kind", list(Kind))
def test_names_are_unique_within_kind(reg, kind):
    entries = [e for e in reg.entries if e.kind is kind]
    for attribute in ("name", "long_name"):
        names = [normalise_name(getattr(e, attribute)) for e in entries]
        assert len(set(names)) == len(names), attribute


def test_only_region_gotland_is_shared_between_two_entries(reg):
    shared = Counter(normalise_name(n) for e in reg.entries for n in e.names)
    assert [name for name, count in shared.items() if count > 1] == ["region gotland"]


@pytest.mark.parametrize(
    ("code", "name", "long_name", "county"),
    [
        ("0180", "Stockholm", "Stockholms stad", "Stockholms län"),
        ("0182", "Nacka", "Nacka kommun", "Stockholms län"),
        ("0330", "Knivsta", "Knivsta kommun", "Uppsala län"),
        ("0862", "Emmaboda", "Emmaboda kommun", "Kalmar län"),
        ("0880", "Kalmar", "Kalmar kommun", "Kalmar län"),
        ("0980", "Gotland", "Region Gotland", "Gotlands län"),
        ("1280", "Malmö", "Malmö stad", "Skåne län"),
        ("1421", "Orust", "Orust kommun", "Västra Götalands län"),
        ("1480", "Göteborg", "Göteborgs Stad", "Västra Götalands län"),
        ("2080", "Falun", "Falu kommun", "Dalarnas län"),
        ("2582", "Boden", "Bodens kommun", "Norrbottens län"),
        ("04", "Region Sörmland", "Region Sörmland", "Södermanlands län"),
        ("09", "Region Gotland", "Region Gotland", "Gotlands län"),
        ("12", "Region Skåne", "Region Skåne", "Skåne län"),
        ("14", "Västra Götalandsregionen", "Västra Götalandsregionen", "Västra Götalands län"),
    ],
)
def test_known_rows(reg, code, name, long_name, county):
    entry = reg.by_code(code)
    assert (entry.name, entry.long_name, entry.county.name) == (name, long_name, county)


def test_data_file_is_plain_utf8_csv_sorted_by_code():
    raw = DATA_FILE.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    codes = [line.split(",", 1)[0] for line in lines[1:]]
    assert codes == sorted(codes)
    assert all(line == line.strip() and ", " not in line for line in lines)


def test_sidecar_readme_states_source_and_year():
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "SCB" in readme and "2025" in readme and "2026" in readme


def test_entries_are_frozen(reg):
    with pytest.raises(dataclasses.FrozenInstanceError):
        reg.entries[0].name = "Annat"


def test_register_is_read_once():
    assert register() is register()


# --- matching free-text names ----------------------------------------------------------------

DEMO_CODES = {
    "Malmö stad": "1280",
    "Göteborgs Stad": "1480",
    "Emmaboda kommun": "0862",
    "Nacka kommun": "0182",
    "Bodens kommun": "2582",
    "Västra Götalandsregionen": "14",
}


@pytest.mark.parametrize("organisation", DEMO_ORGANISATIONS, ids=lambda o: o.slug)
def test_demo_organisations_match_their_entries(organisation):
    for kind in (None, organisation.kind):
        entry = match_organisation(organisation.name, kind)
        assert entry.code == DEMO_CODES[organisation.name]
        assert OrganisationKind(entry.kind) is organisation.kind


def test_every_demo_organisation_is_in_the_expected_table():
    assert {o.name for o in DEMO_ORGANISATIONS} == set(DEMO_CODES)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Malmö", "1280"),
        ("Malmö kommun", "1280"),
        ("  malmö   STAD ", "1280"),
        ("Göteborgs stad", "1480"),
        ("Region Skåne", "12"),
        ("region skåne", "12"),
        ("Region Västra Götaland", "14"),
        ("Region Kalmar", "08"),
        ("Region Kalmar län", "08"),
        ("Gotlands kommun", "0980"),
        ("Orusts kommun", "1421"),
        ("Malung–Sälen", "2023"),
        ("Malung - Sälens kommun", "2023"),
        ("Upplands Väsby kommun", "0114"),
    ],
)
def test_known_forms_of_a_name_match(text, code):
    assert match_organisation(text).code == code


@pytest.mark.parametrize(
    "text",
    [
        "Malmo",  # a typo
        "Malmö sta",
        "Göteborg stad",
        "Skåne",  # a landscape, not an organisation
        "Skåne län",  # a county: the region or the county administrative board?
        "Stockholms län",
        "Upplands-Väsby",
        "Malmö stad och Lunds kommun",
        "SKR",
        "",
        "   ",
        None,
    ],
)
def test_unknown_names_match_nothing(text):
    assert match_organisation(text) is None


def test_a_name_two_entries_share_matches_only_with_a_kind():
    assert match_organisation("Region Gotland") is None
    assert [e.code for e in register().candidates("Region Gotland")] == ["09", "0980"]
    assert match_organisation("Region Gotland", OrganisationKind.REGION).code == "09"
    assert match_organisation("Region Gotland", OrganisationKind.MUNICIPALITY).code == "0980"


def test_a_kind_filters_out_the_other_kind():
    assert match_organisation("Malmö stad", OrganisationKind.REGION) is None
    assert match_organisation("Region Skåne", Kind.MUNICIPALITY) is None


def test_kinds_have_the_values_of_organisation_kinds():
    assert {k.value for k in Kind} == {k.value for k in OrganisationKind}


# --- the parser's refusals -------------------------------------------------------------------

HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "12,region,Region Skåne,Region Skåne,12,Skåne län,",
    "1280,kommun,Malmö,Malmö stad,12,Skåne län,Malmö kommun",
]


def parse(*rows, header=HEADER):
    return parse_register([header, *rows])


def test_parser_reads_a_small_file():
    small = parse(*GOOD_ROWS)
    assert [e.code for e in small.entries] == ["12", "1280"]
    assert small.by_code("1280").other_names == ("Malmö kommun",)
    assert small.match("malmö kommun").kind is Kind.MUNICIPALITY


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["1280,kommun,Malmö,Malmö stad,12,Skåne län"], "7 columns expected"),
        (["1280,stad,Malmö,Malmö stad,12,Skåne län,"], "kind must be kommun or region"),
        (["128,kommun,Malmö,Malmö stad,12,Skåne län,"], "has 4 digits"),
        (["1280,region,Malmö,Malmö stad,12,Skåne län,"], "has 2 digits"),
        (["1280,kommun,Malmö,Malmö stad,13,Skåne län,"], "not in county"),
        (["1280,kommun,Malmö,Malmö stad,1,Skåne län,"], "not in county"),
        (["1280,kommun,,Malmö stad,12,Skåne län,"], "name missing"),
        (["1280,kommun,Malmö,,12,,"], "long_name, county_name missing"),
        ([*GOOD_ROWS, GOOD_ROWS[1]], "line 4: code 1280 appears twice"),
        ([GOOD_ROWS[0], "1281,kommun,Lund,Lunds kommun,12,Skane lan,"], "line 3: county 12"),
    ],
)
def test_parser_refuses_a_malformed_row_naming_its_line(rows, message):
    with pytest.raises(RegisterError, match=message):
        parse(*rows)


def test_parser_refuses_a_file_without_the_header():
    with pytest.raises(RegisterError, match="line 1"):
        parse(*GOOD_ROWS, header="kod,typ,namn")
    with pytest.raises(RegisterError, match="line 1"):
        parse_register([])
