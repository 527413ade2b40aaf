"""Publication: the anonymised Word files of a test network whose people are written into every
free-text field as people write them hold none of their names, name parts, e-mail addresses or
phone numbers in any part of the package; redactions by hand hold; the network report for
publication holds only the chapters approved as they read now."""

import html
import re
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO

import docx
import pytest

from network_app.auth.models import Role
from network_app.cases import services
from network_app.cases.checklist import ITEM_KEYS
from network_app.cases.models import DecisionKind, ItemState, ReportApproval
from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.networks.models import PersonFunction, PersonKind
from network_app.privacy.recognise.folding import fold, spelling_variants
from network_app.privacy.recognise.people import PARTICLES, name_parts
from network_app.reports import collect
from network_app.reports.builder import build_learning_example, build_network_report
from tests import factories
from tests.cases.helpers import approve, make_case
from tests.privacy.corpus_sv import ORGANISATIONS, PEOPLE, SENTENCES

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
DOMAINS = {"nacka.se": 0, "malmo.se": 1, "boden.se": 2, "vgregion.se": 3}
# Free-text fields of a case (Text columns) and their neighbours, each given a share of the
# corpus; the short columns (200 or 500 characters) get one sentence each.
CASE_TEXTS = (
    "description",
    "affected",
    "could_react",
    "gender_perspective",
    "exposed_groups",
    "lessons",
)
RISK_TEXTS = ("description", "measures")
COMMUNICATION_TEXTS = ("message",)


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _sentences():
    return [sentence for sentence, _expected in SENTENCES]


def _shares(count):
    """The corpus in `count` parts: every sentence in exactly one."""
    sentences = _sentences()
    return [" ".join(sentences[i::count]) for i in range(count)]


def _test_network(world):
    """The corpus's organisations and people in the world's network; every free-text field of
    each organisation's case, risk, communication, journal, checklist and group holds part of
    the corpus, so that each organisation's texts hold every sentence."""
    participations = [
        factories.make_participation(world.network, factories.make_organisation(name))
        for name in ORGANISATIONS
    ]
    for person in PEOPLE:
        domain = person.email.rsplit("@", 1)[1]
        if domain not in DOMAINS:  # an account of SKR: no person, no group
            factories.make_user(Role.LEADER, email=person.email, name=person.name)
            continue
        network_services.add_member(
            participations[DOMAINS[domain]],
            name=person.name,
            title=person.title,
            kind=PersonKind(person.kind),
            function=PersonFunction(person.function),
            email=person.email,
            phone=person.phone,
            is_contact=False,
        )
    fields = len(CASE_TEXTS) + len(RISK_TEXTS) + len(COMMUNICATION_TEXTS) + 3
    sentences = _sentences()
    for index, participation in enumerate(participations):
        shares = iter(_shares(fields))
        participation.background = next(shares)
        case = make_case(
            participation,
            title=sentences[index],
            deciding_body=sentences[index + 10],
            decision_kind=DecisionKind.VALUES,
            **{name: next(shares) for name in CASE_TEXTS},
        )
        services.add_risk(
            case,
            {
                **{name: next(shares) for name in RISK_TEXTS},
                "targets": sentences[index + 15],
                "owner": sentences[index + 20],
                "likelihood": 2,
                "consequence": 3,
            },
        )
        services.add_communication(
            case,
            {
                **{name: next(shares) for name in COMMUNICATION_TEXTS},
                "channel": sentences[index + 25],
                "audience": sentences[index + 30],
            },
        )
        services.add_journal_entry(
            case, written_on=date(2026, 4, 2), text=next(shares), author=world.participant
        )
        checklist = services.checklist_for(participation)
        services.update_checklist(
            checklist,
            {"document_title": sentences[index + 40], "decided_by": sentences[index + 50]},
            {ITEM_KEYS[0]: (ItemState.DONE, next(shares))},
            expected_version=0,
        )
        assert next(shares, None) is None
    db.session.commit()
    return participations


def _name_keys():
    """Every name part of the test network's people (three letters or more), folded."""
    keys = set()
    for person in PEOPLE:
        for part, _given in name_parts(person.name):
            if fold(part) not in PARTICLES and len(part) >= 3:
                keys.update(spelling_variants(part))
    return keys


def _package_text(content):
    """Every part of the .docx as text, XML entities resolved: properties, document, rels,
    theme (whose script codes are not words: script="Hans" is Simplified Chinese)."""
    with zipfile.ZipFile(BytesIO(content)) as package:
        text = "\n".join(
            html.unescape(package.read(name).decode("utf-8", "replace"))
            for name in package.namelist()
            if not name.startswith("word/media/")
        )
    return re.sub(r' script="\w+"', "", text)


# The app's own words (labels, headings) that are also a name part of someone here: Per, Inga.
APP_PHRASES = re.compile(r"\b(?:[Tt]immar (?:på hemmaplan )?per|Inga (?:träffar|lärdomar))\b")


def _leaks(text):
    words = set(re.findall(r"[^\W\d_]+", fold(APP_PHRASES.sub("", text))))
    found = sorted(_name_keys() & words)
    lowered = text.lower()
    digits = re.sub(r"\D", "", text)
    for person in PEOPLE:
        if person.email.lower() in lowered:
            found.append(person.email)
        subscriber = re.sub(r"\D", "", person.phone)[-7:]
        if subscriber and subscriber in digits:
            found.append(person.phone)
    if re.search(r"[\w.-]+@[\w-]+\.\w", text):
        found.append("an e-mail address")
    return found


def test_the_test_network_writes_eighty_sentences_into_every_field(world):
    participations = _test_network(world)
    assert len(SENTENCES) >= 80
    plain = build_learning_example(
        collect.learning_example_data(
            participations[0], anonymised=False, contact_details=True, now=NOW
        )
    )
    leaked = set(_leaks(_package_text(plain)))
    assert {"provsson", "ostergren", "vera.provsson@nacka.se", "08-555 123 45"} <= leaked


def test_no_part_of_any_anonymised_document_names_a_person_of_the_network(world):
    participations = _test_network(world)
    contact = participations[0].members[0]
    contact.is_contact = True
    for participation in participations:
        approve(participation, world.participant)
    db.session.commit()
    documents = {
        participation.organisation.name: build_learning_example(
            collect.learning_example_data(
                participation, anonymised=True, contact_details=True, now=NOW
            )
        )
        for participation in participations
    }
    report = collect.network_report_data(
        world.network, anonymised=True, contact_details=True, now=NOW
    )
    assert {c.organisation for c in report.chapters} == set(ORGANISATIONS)
    documents["network report"] = build_network_report(report)
    for name, content in documents.items():
        text = _package_text(content)
        assert _leaks(text) == [], name
        assert "Inte godkänt för publicering" not in text, name
        assert "[telefonnummer]" in text and "[e-postadress]" in text
        assert "+" not in re.sub(r"<[^>]+>", "", text).replace("C++", ""), name
    properties = docx.Document(BytesIO(documents["network report"])).core_properties
    assert _leaks(" ".join([properties.title, properties.author, properties.subject])) == []


def test_an_approval_never_names_who_approved(world):
    approve(world.own, world.participant)
    db.session.commit()
    content = build_learning_example(
        collect.learning_example_data(world.own, anonymised=True, contact_details=True, now=NOW)
    )
    lines = [p for p in _paragraphs(content) if "Godkänt för publicering" in p]
    assert lines and all(
        re.fullmatch(r"Godkänt för publicering den [0-9-]{10}\.", p) for p in lines
    )


def _paragraphs(content):
    return [p.text for p in docx.Document(BytesIO(content)).paragraphs]


def test_the_publication_variant_holds_only_chapters_approved_as_they_read_now(world):
    case = make_case(world.own, description="Frågor till Provsson.")
    make_case(world.other, description="Hemlig Person har fått hot.")
    approve(world.own, world.participant)
    db.session.commit()

    def published():
        return build_network_report(
            collect.network_report_data(
                world.network, anonymised=True, contact_details=False, now=NOW
            )
        )

    paragraphs = _paragraphs(published())
    assert "Inte godkända ännu: Andra regionen." in paragraphs
    assert "Egna kommun" in paragraphs and "Andra regionen" not in paragraphs
    assert not any("Inte godkänt för publicering" in p for p in paragraphs)
    text = _package_text(published())
    assert "Hemlig" not in text and "[namn]" not in text

    # Content that changes without the withdrawal rule (a new person named in the text is
    # recognised now) no longer matches the approved digest: the chapter leaves publication.
    factories.add_member(world.other, "Vera Provsson")
    db.session.commit()
    paragraphs = _paragraphs(published())
    assert "Inte godkända ännu: Andra regionen, Egna kommun." in paragraphs
    assert "Egna kommun" not in paragraphs
    assert case.description == "Frågor till Provsson."  # untouched: no change withdrew it


def test_redactions_by_hand_hold_in_every_output_and_withdraw_the_approval(world):
    make_case(world.own, description="Journalisten Kalle Svensson ringde om Fisksätra.")
    approve(world.own, world.participant)
    db.session.commit()
    publication = collect.publication_of(world.own, now=NOW)
    assert {"Kalle Svensson", "Fisksätra"} <= set(publication.flags)
    assert publication.approved

    services.add_redactions(world.own, ["Kalle Svensson", "fisksätra"], world.participant)
    db.session.commit()
    assert services.current_approval(world.own) is None
    publication = collect.publication_of(world.own, now=NOW)
    assert publication.redactions == ["Kalle Svensson", "fisksätra"]
    assert not {"Kalle Svensson", "Fisksätra"} & set(publication.flags)

    learning_example = build_learning_example(
        collect.learning_example_data(world.own, anonymised=True, contact_details=False, now=NOW)
    )
    approve(world.own, world.participant)
    db.session.commit()
    report = build_network_report(
        collect.network_report_data(world.network, anonymised=True, contact_details=False, now=NOW)
    )
    for content in (learning_example, report):
        text = _package_text(content)
        assert "Kalle" not in text and "Svensson" not in text and "Fisksätra" not in text
        assert "Journalisten [borttaget] ringde om [borttaget]." in text
    assert services.add_redactions(world.own, ["Kalle  Svensson"], world.participant) == []
    assert db.session.scalars(db.select(ReportApproval.withdrawn_at)).all()[-1] is None


def test_the_digest_is_of_the_content_and_not_of_the_moment_or_the_hours(world):
    first = collect.publication_of(world.own, now=NOW)
    later = collect.publication_of(world.own, now=datetime(2027, 1, 1, tzinfo=UTC))
    assert first.digest == later.digest and re.fullmatch(r"[0-9a-f]{64}", first.digest)
    make_case(world.own)
    db.session.commit()
    assert collect.publication_of(world.own, now=NOW).digest != first.digest


def test_the_pipeline_keeps_ninety_nine_percent_of_the_seeds_words(app):
    """The seeds in shared/domain through the pipeline's own anonymisation, with every person
    of the demo database: only true names and numbers go."""
    from network_app.demo import seed_demo
    from network_app.privacy.publication import Anonymisation, recogniser_from_database
    from tests.privacy.test_recognise import _seed_directory

    directory = _seed_directory()
    if directory is None:
        pytest.skip("shared/domain is not beside the repository")
    seed_demo(date(2026, 6, 1))
    anonymisation = Anonymisation(recogniser_from_database(today=date(2026, 6, 1)))
    total = replaced = 0
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = anonymisation.result(text)
        words = [m.span() for m in re.finditer(r"\S*\w\S*", text)]
        total += len(words)
        replaced += sum(
            1 for a, b in words if any(r.start < b and a < r.end for r in result.replacements)
        )
    assert total > 8000
    assert 1 - replaced / total >= 0.99, f"{replaced} of {total} words replaced"


def test_an_account_named_after_its_organisation_leaves_the_organisation_named(world):
    factories.make_user(
        Role.PARTICIPANT,
        email="deltagare.egna@example.se",
        name="Deltagare Egna kommun",
        organisation=world.own.organisation,
    )
    make_case(world.own, description="Egna kommun och Andra regionen samarbetar.")
    db.session.commit()
    example = collect.learning_example_data(
        world.own, anonymised=True, contact_details=False, now=NOW
    )
    assert example.organisation == "Egna kommun"
    assert example.cases[0].description == "Egna kommun och Andra regionen samarbetar."


def test_an_approval_holds_whichever_language_the_labels_are_read_in(world):
    from network_app.i18n import recipient_language

    make_case(world.own, description="Olle Egen har fått hot.")
    db.session.commit()
    with recipient_language("en"):
        english = collect.publication_of(world.own, now=NOW)
        assert "Risk analysis" in english.example.cases[0].status
    assert english.digest == collect.publication_of(world.own, now=NOW).digest
    approve(world.own, world.participant)
    db.session.commit()
    with recipient_language("en"):
        report = collect.network_report_data(
            world.network, anonymised=True, contact_details=False, now=NOW
        )
    assert [c.organisation for c in report.chapters] == ["Egna kommun"]
    assert report.not_approved == ["Andra regionen"]
