"""The approval page through the client: what it shows, who may redact and approve, and that an
approval is of exactly the content shown."""

import re
from io import BytesIO

import docx

from network_app.audit import AuditEvent
from network_app.cases.models import ReportApproval, ReportRedaction
from network_app.extensions import db
from tests.cases.helpers import make_case

DESCRIPTION = (
    "Olle Egen har fått hot. Journalisten Kalle Svensson ringde på 070-111 11 11 "
    "och skrev till olle.egen@example.se."
)


def _contact_account(world):
    contact = next(m for m in world.own.members if m.is_contact)
    world.participant.person_id = contact.person_id
    db.session.commit()


def _page(client, world):
    response = client.get(f"/participations/{world.own.id}/approval")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _digest(page):
    return re.search(r'name="digest" type="hidden" value="([0-9a-f]{64})"', page).group(1)


def test_the_page_shows_the_published_text_with_replacements_and_flags_marked(client, auth, world):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    _contact_account(world)
    auth.login(world.participant)
    page = _page(client, world)
    assert "Olle" not in page and "070-111" not in page and "olle.egen@" not in page
    assert re.search(
        r'<mark class="replaced">en förtroendevald<span class="visually-hidden"> '
        r"\(ersatt: en person\)</span></mark>",
        page,
        re.IGNORECASE,
    )
    assert "[telefonnummer]<span" in page and "[e-postadress]<span" in page
    assert '<mark class="flagged">Kalle Svensson<span' in page  # left for review
    assert re.search(r'name="flagged" id="flagged-\d" value="Kalle Svensson"', page)
    assert "Godkänn texten ovan för publicering" in page
    assert '<table class="stack">' in page and 'data-label="Risk"' not in page  # no risks yet


def test_a_hand_redaction_is_kept_applied_and_audited_without_the_text(client, auth, world):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    _contact_account(world)
    auth.login(world.participant)
    response = client.post(
        f"/participations/{world.own.id}/redactions",
        data={"flagged": ["Kalle Svensson"], "text": "ringde"},
    )
    assert response.status_code == 302
    assert db.session.scalars(db.select(ReportRedaction.text)).all() == ["Kalle Svensson", "ringde"]
    preview = _page(client, world).split('class="publication-preview"')[1]
    assert "Kalle" not in preview and "ringde" not in preview and "[borttaget]" in preview
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "learning_example_redacted")
    ).one()
    assert event.detail == "2 texts"
    word = client.get(f"/participations/{world.own.id}/learning-example.docx?variant=anonymised")
    text = "\n".join(p.text for p in docx.Document(BytesIO(word.data)).paragraphs)
    assert "Kalle" not in text and "[borttaget] på [telefonnummer]" in text


def test_a_redaction_needs_a_word_and_refuses_one_no_longer_flagged(client, auth, world):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    _contact_account(world)
    auth.login(world.participant)
    url = f"/participations/{world.own.id}/redactions"
    empty = client.post(url, data={})
    assert empty.status_code == 400 and "Välj ett ord att dölja" in empty.get_data(as_text=True)
    stale = client.post(url, data={"flagged": ["Någon Annan"]})
    assert stale.status_code == 400 and "Texten har ändrats" in stale.get_data(as_text=True)
    assert db.session.scalars(db.select(ReportRedaction)).all() == []


def test_approval_is_of_the_content_shown_and_not_offered_again(client, auth, world):
    case = make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    _contact_account(world)
    auth.login(world.participant)
    digest = _digest(_page(client, world))
    url = f"/participations/{world.own.id}/approval"
    assert client.post(url, data={"digest": "0" * 64}).status_code == 409
    assert db.session.scalars(db.select(ReportApproval)).all() == []
    assert client.post(url, data={"digest": digest}).status_code == 302
    approval = db.session.scalars(db.select(ReportApproval)).one()
    assert approval.content_digest == digest and approval.approved_by_id == world.participant.id
    page = _page(client, world)
    assert "Godkänn texten ovan" not in page and "precis som texten nedan ser ut" in page
    again = client.post(url, data={"digest": digest}, follow_redirects=True)
    assert "redan godkänt" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ReportApproval.id))) == 1
    assert (
        db.session.scalars(
            db.select(AuditEvent.detail).where(AuditEvent.action == "learning_example_approved")
        ).one()
        == f"sha256 {digest}"
    )

    client.post(f"/cases/{case.id}/journal/new", data={"written_on": "2026-05-02", "text": "Nytt"})
    db.session.expire_all()
    assert db.session.get(ReportApproval, approval.id).withdrawn_at is not None
    assert "Godkänn texten ovan för publicering" in _page(client, world)


def test_the_leader_reads_the_page_but_neither_redacts_nor_approves(client, auth, world):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    auth.login(world.leader)
    page = _page(client, world)
    assert "Godkänn texten ovan" not in page and 'name="flagged"' not in page
    assert client.post(f"/participations/{world.own.id}/approval", data={}).status_code == 403
    assert client.post(f"/participations/{world.own.id}/redactions", data={}).status_code == 403


def test_the_approval_page_makes_as_many_queries_for_many_cases_as_for_one(
    client, auth, world, count_queries
):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    auth.login(world.leader)
    with count_queries() as one:
        _page(client, world)
    for number in range(5):
        make_case(world.own, title=f"Case {number}", description=DESCRIPTION)
    db.session.commit()
    with count_queries() as six:
        _page(client, world)
    assert six.count == one.count


def test_a_redaction_made_by_mistake_is_shown_again_and_the_approval_withdrawn(client, auth, world):
    make_case(world.own, description=DESCRIPTION)
    db.session.commit()
    _contact_account(world)
    auth.login(world.participant)
    client.post(f"/participations/{world.own.id}/redactions", data={"text": "ringde"})
    page = _page(client, world)
    assert "[borttaget]" in page
    assert 'name="redactions" id="redactions-1" value="ringde"' in page
    client.post(f"/participations/{world.own.id}/approval", data={"digest": _digest(page)})
    url = f"/participations/{world.own.id}/redactions/remove"
    assert client.post(url, data={}).status_code == 400
    assert client.post(url, data={"redactions": ["annat"]}).status_code == 400
    assert client.post(url, data={"redactions": ["ringde"]}).status_code == 302
    assert db.session.scalars(db.select(ReportRedaction)).all() == []
    assert db.session.scalars(db.select(ReportApproval.withdrawn_at)).one() is not None
    assert "ringde på" in _page(client, world)
