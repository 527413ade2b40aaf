"""The main pages of the demo, in English, show no Swedish interface text.

Swedish that people typed (organisation names, case titles, notes) is data and stays as it is:
every text value stored in the database is taken out of the page before the check.
"""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from network_app import demo
from network_app.assignments.models import Assignment
from network_app.cases.models import Case
from network_app.extensions import db
from network_app.meetings.models import Meeting

# Common Swedish words and words from the interface that English text never contains; and any
# word with å, ä or ö.
SWEDISH = re.compile(
    r"\b(och|Spara|inte|att|med|till|eller|som|har|av|det|ett|är|för|Logga|Ladda|Visa|Nytt|"
    r"Tillbaka|Ange|Välj|timmar|möten)\b|\w*[åäöÅÄÖ]\w*"
)
LANGUAGE_NAMES = ("Svenska",)  # the language switch names each language in itself


class _VisibleText(HTMLParser):
    """Text nodes a reader sees: not scripts, styles or the document head."""

    HIDDEN = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def stored_texts():
    """Every text stored in the database, longest first, line by line (notes span lines)."""
    texts = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text)]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            for value in row:
                if value:
                    texts.update(line.strip() for line in str(value).splitlines() if line.strip())
    return sorted(texts, key=len, reverse=True)


def swedish_words(text, data):
    for value in data:
        text = text.replace(value, " ")
    for name in LANGUAGE_NAMES:
        text = text.replace(name, " ")
    return sorted({match.group(0) for match in SWEDISH.finditer(text)})


@pytest.fixture
def demo_network(app):
    network = demo.seed_demo(date.today())
    db.session.commit()
    return network


def _main_pages(network):
    participation = network.participations[0]
    case = db.session.scalars(
        sa.select(Case).where(Case.participation_id == participation.id)
    ).first()
    meeting = db.session.scalars(sa.select(Meeting).where(Meeting.network_id == network.id)).first()
    assignment = db.session.scalar(
        sa.select(sa.func.min(Assignment.id)).where(Assignment.network_id == network.id)
    )
    return {
        "dashboard": "/",
        "network": f"/networks/{network.id}",
        "meetings schedule": f"/networks/{network.id}/meetings",
        "meeting": f"/meetings/{meeting.id}",
        "hours overview": f"/participations/{participation.id}/hours",
        "hours of the network": f"/networks/{network.id}/hours",
        "goals": f"/networks/{network.id}/goals",
        "case and system": f"/participations/{participation.id}/cases",
        "case": f"/cases/{case.id}",
        "system checklist": f"/participations/{participation.id}/system",
        "group": f"/participations/{participation.id}",
        "network assignments": f"/networks/{network.id}/assignments",
        "assignment change": f"/assignments/{assignment}/edit",
        "assignment removal": f"/assignments/{assignment}/delete",
        "calendar": "/calendar",
        "audit log": "/audit",
        "two-factor": "/account/two-factor",
        "outbox": "/outbox",
        "mail preferences": "/account/mail",
        "training queue": "/training",
        "training": f"/training/{_first_training_id()}",
        "training report": "/training/report",
        "training request": "/training/new",
    }


def _first_training_id():
    from network_app.training.models import TrainingRequest

    return db.session.scalar(sa.select(sa.func.min(TrainingRequest.id)))


def test_the_main_pages_in_english_have_no_swedish_interface_text(client, demo_network):
    client.post("/language", data={"language": "en"})
    signed_in = client.post(
        "/login", data={"email": demo.DEMO_LEADER_EMAIL, "password": demo.DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    data = stored_texts()

    found = {}
    for page, path in _main_pages(demo_network).items():
        response = client.get(path)
        assert response.status_code == 200, (page, path)
        assert 'lang="en"' in response.text, page
        words = swedish_words(visible_text(response.text), data)
        if words:
            found[page] = words
    assert not found, f"Swedish on English pages: {found}"


def test_the_check_finds_swedish_interface_text():
    assert swedish_words("Save\nSpara ändringen\nHot och hat", ["Hot och hat"]) == [
        "Spara",
        "ändringen",
    ]
    assert swedish_words("Hours and meetings at home base", []) == []
