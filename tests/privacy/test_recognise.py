"""The recogniser on a corpus of Swedish sentences: every known person, e-mail address and
phone number goes, ordinary words that are also names stay, unknown names are flagged, and the
source documents keep their words."""

import datetime
import itertools
import os
import re
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network_app.demo import DEMO_ORGANISATIONS
from network_app.networks.models import PersonFunction, PersonKind
from network_app.privacy.recognise import (
    EMAIL,
    PERSON,
    PHONE,
    REDACTION,
    TITLE,
    KnownPerson,
    Recogniser,
    apply_redactions,
)
from network_app.privacy.recognise.folding import fold, spelling_variants
from network_app.privacy.recognise.people import PARTICLES, name_parts
from network_app.privacy.recognise.vocabulary import swedish
from tests.privacy.corpus_sv import FLAGGED, KEPT, ORGANISATIONS, PEOPLE, SENTENCES

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(scope="module")
def recogniser():
    return Recogniser(PEOPLE, ORGANISATIONS, today=TODAY)


def _name_keys(person):
    return {
        key
        for part, _ in name_parts(person.name)
        if fold(part) not in PARTICLES
        for key in spelling_variants(part)
    }


def _leaks(text):
    """The names, name parts, e-mail addresses and phone numbers of the network in a text."""
    words = set(re.findall(r"[^\W\d_]+", fold(text)))
    digits = re.sub(r"\D", "", text)
    found = []
    for person in PEOPLE:
        found += sorted(_name_keys(person) & words)
        if person.email and person.email.lower() in text.lower():
            found.append(person.email)
        subscriber = re.sub(r"\D", "", person.phone)[-7:]
        if subscriber and subscriber in digits:
            found.append(person.phone)
    if "@" in text:
        found.append("@")
    return found


def test_the_corpus_has_eighty_sentences_and_names_every_person():
    sentences = [text for text, _ in SENTENCES]
    assert len(sentences) + len(KEPT) + len(FLAGGED) >= 80
    assert len(sentences) >= 80
    for person in PEOPLE:
        named = [t for t in sentences if _name_keys(person) & set(re.findall(r"\w+", fold(t)))]
        assert named, person.name


def test_the_test_network_has_the_tricky_names_the_issue_asks_for():
    names = [p.name for p in PEOPLE]
    assert len(PEOPLE) >= 12
    assert any("-" in name.split()[-1] for name in names)  # hyphenated surname
    assert any("-" in name.split()[0] or len(name.split()) > 2 for name in names)  # double
    assert any(set(name.lower()) & set("åäö") for name in names)
    assert any(name.split()[-1].endswith("s") for name in names)
    vocabulary = swedish()
    assert any(fold(part) in vocabulary.common_folded for name in names for part in name.split())


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[t for t, _ in SENTENCES])
def test_every_sentence_loses_its_names_and_numbers(recogniser, text, expected):
    result = recogniser.anonymise(text)
    assert _leaks(result.text) == []
    if expected is not None:
        assert result.text == expected
    for item in result.replacements:
        assert text[item.start : item.end] == item.original
        assert result.text[item.out_start : item.out_end] == item.replacement


def test_most_sentences_have_their_exact_anonymised_text():
    assert sum(expected is not None for _, expected in SENTENCES) >= 0.8 * len(SENTENCES)


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_words_that_are_also_names_are_kept(recogniser, text):
    assert recogniser.anonymise(text).text == text


@pytest.mark.parametrize(("text", "flagged"), FLAGGED, ids=[t for t, _ in FLAGGED])
def test_what_may_identify_someone_is_flagged_for_review(recogniser, text, flagged):
    result = recogniser.anonymise(text)
    assert flagged in [flag.text for flag in result.flags]
    for flag in result.flags:
        assert (
            result.text[flag.out_start : flag.out_end] == flag.text == text[flag.start : flag.end]
        )


def test_a_name_that_is_a_common_word_is_replaced_as_a_name_and_kept_as_a_word(recogniser):
    assert recogniser.text("Vi träffas två gånger per år.") == "Vi träffas två gånger per år."
    assert recogniser.text("Frågor till Per.") == "Frågor till en förtroendevald."
    assert recogniser.text("en ström av mejl") == "en ström av mejl"
    assert recogniser.text("Vi frågade Ström.") == "Vi frågade en tjänsteperson."
    assert recogniser.text("per öberg ringde") == "en förtroendevald ringde"


def test_replacements_say_which_kind_of_thing_was_replaced(recogniser):
    result = recogniser.anonymise(
        "Kommunalrådet ringde Åke på 070-555 12 34 och skrev till vera.provsson@nacka.se."
    )
    assert [r.reason for r in result.replacements] == [TITLE, PERSON, PHONE, EMAIL]
    assert result.text == (
        "En förtroendevald ringde en tjänsteperson på [telefonnummer] och skrev till"
        " [e-postadress]."
    )


def test_a_stored_phone_number_is_found_however_it_is_written(recogniser):
    for written in (
        "070-555 12 34",
        "0705551234",
        "070 555 12 34",
        "070-5551234",
        "+46 70 555 12 34",
        "+46705551234",
        "0046 70 555 12 34",
        "+46 (0)70-555 12 34",
        "46 70 555 12 34",
        "(070) 555 12 34",
        "555 12 34",
    ):
        result = recogniser.anonymise(f"Numret är {written}, ring i kväll.")
        assert result.text == "Numret är [telefonnummer], ring i kväll.", written


@pytest.mark.parametrize(
    "text",
    [
        "Mötet hölls 2016-11-21 kl. 09.30.",
        "Beslutet fattades 01-12-2020.",
        "Öppet 08.30–16.00 alla dagar.",
        "Under mandatperioden 2014-2018 ökade hoten.",
        "Lagen (2010:294) gäller.",
        "Ring 112 vid fara, 114 14 för att anmäla.",
        "Mellan 30-40 timmar på hemmaplan.",
        "Av 193 kommuner svarade 120.",
    ],
)
def test_dates_times_and_short_numbers_are_not_phone_numbers(recogniser, text):
    assert recogniser.anonymise(text).text == text


@pytest.mark.parametrize(
    "number",
    ["851301-1234", "850132-1234", "8501011234"],  # month 13, day 32, wrong check digit
)
def test_a_number_that_cannot_be_a_personal_identity_number_is_not_called_one(recogniser, number):
    assert "[personnummer]" not in recogniser.text(f"Ärendenummer {number}.")


def test_a_person_of_unknown_role_becomes_namn_and_the_genitive_follows(recogniser):
    assert recogniser.text("Nyqvists anteckningar") == "[namn]s anteckningar"


def test_a_person_from_the_database_is_known_by_their_attributes():
    row = types.SimpleNamespace(
        name="Greta Provdottir",
        email="greta@example.org",
        phone=None,
        title="Säkerhetschef",
        kind=PersonKind.CIVIL_SERVANT,
        function=PersonFunction.SECURITY,
    )
    person = KnownPerson.of(row)
    assert (person.kind, person.function, person.phone) == ("civil_servant", "security", "")
    account = KnownPerson.of(types.SimpleNamespace(name="Olle Kontosson", email="o@example.org"))
    assert account == KnownPerson("Olle Kontosson", "o@example.org")
    recogniser = Recogniser([person, account])
    assert recogniser.text("Greta ringde Olle.") == "En tjänsteperson ringde [namn]."


def test_without_people_addresses_and_numbers_still_go():
    recogniser = Recogniser([], today=TODAY)
    assert recogniser.text("Mejla x@y.se eller ring 08-555 123 45.") == (
        "Mejla [e-postadress] eller ring [telefonnummer]."
    )
    assert recogniser.text("") == ""
    assert recogniser.text(None) is None


# Manual redactions


def _span(text, part):
    start = text.index(part)
    return start, start + len(part)


def test_a_flagged_name_redacted_by_hand_is_gone_and_stays_gone(recogniser):
    text = "Journalisten Kalle Svensson ringde Vera i går."
    result = recogniser.anonymise(text)
    flag = next(f for f in result.flags if f.text == "Kalle Svensson")
    redacted = apply_redactions(result, [(flag.start, flag.end)])
    assert redacted.text == "Journalisten [borttaget] ringde en förtroendevald i går."
    assert redacted.flags == ()
    assert [r.reason for r in redacted.replacements] == [REDACTION, PERSON]
    assert apply_redactions(redacted, [(flag.start, flag.end)]) == redacted
    assert recogniser.anonymise(text, [(flag.start, flag.end)]) == redacted


def test_redactions_merge_when_they_overlap_touch_or_cut_words(recogniser):
    text = "Mötet hölls i Fisksätra hos Kalle Svensson."
    a, b = _span(text, "Fisksätra")
    c, d = _span(text, "Kalle Svensson")
    result = recogniser.anonymise(text, [(a + 2, a + 5), (a, b), (c, c + 3), (c + 2, d)])
    assert result.text == "Mötet hölls i [borttaget] hos [borttaget]."
    assert result.redactions == ((a, b), (c, d))
    same = recogniser.anonymise(text, [(a, b), (c, d), (d, c), (0, 0), (-5, -1)])
    assert same.text == result.text


def test_a_redaction_over_an_automatic_replacement_takes_it_in(recogniser):
    text = "Vera Provsson i Fisksätra har fått hot."
    start, _ = _span(text, "Provsson")
    _, end = _span(text, "Fisksätra")
    result = recogniser.anonymise(text, [(start, end)])
    assert result.text == "[borttaget] har fått hot."
    inside = recogniser.anonymise(text, [_span(text, "Provs")])
    assert inside.text == "En förtroendevald i Fisksätra har fått hot."


def test_a_redaction_chosen_on_the_published_text_maps_back_to_the_source(recogniser):
    text = "Vera Provsson ringde Kalle Svensson."
    result = recogniser.anonymise(text)
    shown = result.text.index("Kalle Svensson")
    source = result.source_span(shown, shown + len("Kalle Svensson"))
    assert text[source[0] : source[1]] == "Kalle Svensson"
    assert apply_redactions(result, [source]).text == "En förtroendevald ringde [borttaget]."


def test_the_same_text_gives_the_same_result(recogniser):
    text = "Vera Provsson och Åke ringde."
    assert recogniser.anonymise(text) is recogniser.anonymise(text)
    fresh = Recogniser(PEOPLE, ORGANISATIONS, today=TODAY).anonymise(text)
    assert fresh == recogniser.anonymise(text)


# The source documents: only true names and numbers go


def _seed_directory():
    here = Path(__file__).resolve()
    for folder in (here.parents[2], *here.parents[3:]):
        candidate = folder / "shared" / "domain"
        if candidate.is_dir():
            return candidate
    return None


def _words(text):
    return [m.span() for m in re.finditer(r"\S*\w\S*", text)]


def _demo_people():
    return [
        KnownPerson(name, title=title, kind=str(kind), function=str(function))
        for organisation in DEMO_ORGANISATIONS
        for name, title, kind, function, _contact in organisation.group
    ]


@pytest.mark.parametrize(
    ("network", "names_replaced"),
    [("test", {"Anna"}), ("demo", {"Berg", "Lena"})],
)
def test_the_source_documents_keep_ninety_nine_percent_of_their_words(network, names_replaced):
    """Only true names go (the seeds' SKL staff who share a first or family name with someone
    of the network: Anna Lindström, Greta Berg, Lena Langlet), with the e-mail addresses, the
    phone numbers and two titles that point at one person (Region Stockholm's stabschef,
    Piteå's säkerhetsskyddschef). 99.6 % of the words stay."""
    directory = _seed_directory()
    if directory is None:
        if os.environ.get("CI"):
            pytest.fail("shared/domain is not beside the repository")
        pytest.skip("shared/domain is not beside the repository")
    if network == "test":
        recogniser = Recogniser(PEOPLE, ORGANISATIONS, today=TODAY)
    else:
        organisations = [o.name for o in DEMO_ORGANISATIONS]
        recogniser = Recogniser(_demo_people(), organisations, today=TODAY)
    total = replaced = 0
    originals = set()
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = recogniser.anonymise(text)
        words = _words(text)
        hit = [
            w for w in words if any(r.start < w[1] and w[0] < r.end for r in result.replacements)
        ]
        total, replaced = total + len(words), replaced + len(hit)
        originals |= {(r.reason, r.original) for r in result.replacements}
    assert total > 8000
    assert 1 - replaced / total >= 0.99
    assert {reason for reason, _ in originals} == {PERSON, EMAIL, PHONE, TITLE}
    assert {original for reason, original in originals if reason == PERSON} == names_replaced
    assert {original for reason, original in originals if reason == TITLE} == {
        "stabschefen",
        "säkerhetsskyddschefen",
    }


# Any text at all


_PIECES = st.sampled_from(
    [
        "Vera",
        "Provsson",
        "Östergren-Lind",
        " ",
        "\n",
        "-",
        "'",
        "’",
        ".",
        ",",
        ":s",
        "V.",
        "VP",
        "070-555 12 34",
        "+46",
        "(0)",
        "850101-1234",
        "x@y.se",
        "(at)",
        "säkerhetschefen",
        "Kommunstyrelsens ordförande",
        "i Nacka",
        "hans",
        "Hans",
        "İ",
        "ß",
        "\u00ad",
        "www.x.se",
        "@handle",
        "Storgatan 1",
        "1985-01-01",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=25),
    redactions=st.lists(st.tuples(st.integers(-5, 300), st.integers(-5, 300)), max_size=4),
)
def test_any_text_gets_a_consistent_answer(recogniser, pieces, redactions):
    text = "".join(pieces)
    result = recogniser.anonymise(text)
    for item in result.replacements:
        assert text[item.start : item.end] == item.original
        assert result.text[item.out_start : item.out_end] == item.replacement
    starts = [r.start for r in result.replacements]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(result.replacements))
    for flag in result.flags:
        assert result.text[flag.out_start : flag.out_end] == flag.text
    redacted = apply_redactions(result, redactions)
    assert apply_redactions(redacted, redactions) == redacted
    for start, end in redacted.redactions:
        assert any(r.start <= start and end <= r.end for r in redacted.replacements)
