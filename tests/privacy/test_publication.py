"""privacy.publication: the walk that anonymises a report's every string with marks for the
approval page, redactions by phrase, and the finder that erasure uses."""

from dataclasses import dataclass

from network_app.privacy.publication import (
    Anonymisation,
    PersonFinder,
    marked_text,
    phrase_spans,
    unmarked,
)
from network_app.privacy.recognise import KnownPerson, Recogniser
from tests.privacy.corpus_sv import ORGANISATIONS, PEOPLE


@dataclass
class _Chapter:
    title: str
    rows: list
    pair: tuple


def test_every_string_of_a_value_is_anonymised_and_marks_come_off_exactly():
    anonymisation = Anonymisation(Recogniser(PEOPLE, ORGANISATIONS), marked=True)
    chapter = anonymisation.apply(
        _Chapter("Vera Provsson", [["Ring 0705551234", 3]], ("Åke", "Journalisten Kalle Ny"))
    )
    assert unmarked(chapter.title) == "En förtroendevald"
    assert unmarked(chapter.rows[0][0]) == "Ring [telefonnummer]" and chapter.rows[0][1] == 3
    assert unmarked(chapter.pair[0]) == "En tjänsteperson"
    assert unmarked(chapter.pair[1]) == "Journalisten Kalle Ny"
    assert any("Kalle" in flagged for flagged in anonymisation.flags)
    result = Recogniser(PEOPLE).anonymise("Vera ringde.")
    assert unmarked(marked_text(result)) == result.text


def test_a_phrase_is_found_as_whole_words_in_any_case_and_spacing():
    text = "Kalle  Svensson och kalle svensson, inte Kalle Svenssons."
    assert phrase_spans(text, ["Kalle Svensson"]) == [(0, 15), (20, 34)]
    assert phrase_spans(text, ["  "]) == []


def test_erasure_finds_the_person_in_every_form_and_leaves_the_others():
    finder = PersonFinder(
        [KnownPerson("Vera Provsson", "vera.provsson@nacka.se", "08-555 123 45")],
        PEOPLE,
        "[X]",
    )
    assert finder.text("Vera ringde +46 8 555 123 45.") == "[X] ringde [X]."
    assert finder.text("Provssons e-post: vera.provsson@nacka.se") == "[X] e-post: [X]"
    kept = "Åke Östergren-Lind ringde 070-555 12 34 och säkerhet@nacka.se; Kommunalrådet."
    assert finder.text(kept) == kept
