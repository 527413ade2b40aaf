"""The methods and the chapter-5 points in the 2019 analysis's own words: the labels are compared
with the text of seed 002 (shared/domain), read here, so that a drift on either side is caught."""

import os
import re
from pathlib import Path

import pytest

from network_app.cases import checklist as outline
from network_app.cases.models import METHOD_GROUPS, RESPONSIBILITY_LEVEL_LABELS


def _seed_text():
    """SKL's 2019 analysis (seed 002) from shared/domain beside the repository."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        found = sorted((folder / "shared" / "domain").glob("002_*.txt"))
        if found:
            return found[0].read_text(encoding="utf-8")
    if os.environ.get("CI"):
        pytest.fail("shared/domain/002_*.txt is not beside the repository")
    pytest.skip("shared/domain/002_*.txt is not beside the repository")


@pytest.fixture
def seed():
    return _seed_text()


@pytest.fixture(autouse=True)
def swedish(app):
    with app.test_request_context():
        yield


def _between(text, start, end):
    """The text from the line `start` (stripped) up to the line `end`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip() == start)
    last = next(i for i, line in enumerate(lines) if i > first and line.strip() == end)
    return "\n".join(lines[first:last])


def _line(text):
    """A line as a label: no bullet, no closing full stop, single spaces."""
    return " ".join(text.strip().lstrip("•").strip().rstrip(".").split())


def _lines(text):
    return [_line(line) for line in text.splitlines() if _line(line)]


def _words(text):
    """Words, commas and brackets in order, in any letter case (the analysis writes "Inledande
    Formalia"); full stops, bullets and line breaks are not words."""
    return re.findall(r"\w+|[(),]", text.casefold())


def test_the_checklist_is_chapter_5_word_for_word(seed):
    chapter = _between(seed, "Inledande Formalia", "6. Fortsatt arbete")
    ours = []
    for section in outline.SECTIONS:
        ours.append(str(section.title))
        ours.extend(str(entry.text) for entry in section.items)
    assert _words(" ".join(ours)) == _words(chapter)
    headings = [str(section.title) for section in outline.SECTIONS]
    assert "Förebyggande arbete för att undvika hot och hat (positivt säkerhetsarbete)" in headings
    assert len(outline.ITEM_KEYS) == 22


def test_every_method_is_named_as_the_analysis_names_it_in_its_group(seed):
    methods = _between(seed, "Proaktiva metoder", "4. Saknade perspektiv")
    blocks = {
        "Proaktiva metoder": _lines(_between(methods, "Proaktiva metoder", "Reaktiva metoder")),
        "Reaktiva metoder": _lines(_between(methods, "Reaktiva metoder", "Uppföljande arbete")),
        # Chapter 3's follow-up work is one example; its methods are chapter 5's points.
        "Uppföljande arbete": _lines(
            _between(seed, "Uppföljande arbete", "6. Fortsatt arbete").split("\n", 1)[1]
        )
        + _lines(methods.split("Uppföljande arbete", 1)[1]),
    }
    assert [str(group) for group, _ in METHOD_GROUPS] == list(blocks)
    for group, members in METHOD_GROUPS:
        labels = [str(method.label) for method in members]
        lines = blocks[str(group)]
        assert all(label in lines for label in labels), (group, labels, lines)
        assert sorted(labels, key=lines.index) == labels  # in the analysis's order


def test_the_old_words_are_gone(seed):
    labels = {str(m.label) for _, members in METHOD_GROUPS for m in members}
    assert {"Samtalstonen i politiken", "Samtalsstöd", "Mediakontakter", "Internkontroll"} <= labels
    for old in (
        "Debattklimatet vid sammanträden",
        "Stödsamtal",
        "Mediekontakter",
        "Intern kontroll",
    ):
        assert old not in labels and old not in seed


def test_the_responsibility_levels_are_the_analysis_headings(seed):
    lines = set(_lines(seed))
    for label in RESPONSIBILITY_LEVEL_LABELS.values():
        assert str(label) in lines
