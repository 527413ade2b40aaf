"""Every page fits a phone (issue 14 point 2): each GET page of the app, as the project leader,
a participant and an observer, at 390×844 and 320×640, without scrolling sideways
(`scrollWidth <= innerWidth`) and without an axe-core violation. Screenshots go to
$SCREENSHOT_DIR when it is set, to be looked at."""

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from network_app.cases import services as case_services
from network_app.cases.models import ItemState
from network_app.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.hours.builders import add_entry
from tests.test_access import _url_values

pytestmark = pytest.mark.browser

SIZES = ((390, 844), (320, 640))

# Downloads (a file, not a page), the feed (a calendar) and static files.
NOT_PAGES = re.compile(r"\.(ics|csv|xlsx|docx|json|css|js|png|svg)$|^/static/")


def _pages(app, world):
    """Every GET page of the URL map, with the own organisation's objects in its URL."""
    values = _url_values(world)
    found = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
        if not NOT_PAGES.search(path):
            found.add(path)
    return sorted(found)


def _fill(world):
    """Enough of everything that the pages show their tables: hours, a checklist, a login."""
    olle, stina = world.own.members
    add_entry(world.own, date(2026, 3, 3), 90, [olle, stina], note="Riskanalys av budgeten")
    checklist = case_services.checklist_for(world.own)
    case_services.update_checklist(
        checklist, {}, {"introduction": (ItemState.DONE, "Finns i riktlinjen")}, expected_version=0
    )
    world.participant.last_login_at = datetime(2026, 3, 4, 8, tzinfo=UTC)
    db.session.commit()


def _shot(page, role, width, path):
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
    page.screenshot(path=str(Path(folder) / f"{role}-{width}-{name}.png"), full_page=True)


@pytest.mark.parametrize("role", ["leader", "participant", "observer"])
def test_every_page_fits_a_phone_and_passes_axe(app, browser, live_server, world, role):
    _fill(world)
    pages = _pages(app, world)
    user = getattr(world, role)
    overflowing, checked = [], 0
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        page = context.new_page()
        page.base_url = live_server
        log_in(page, user.email, factories.PASSWORD)
        for path in pages:
            response = page.goto(live_server + path)
            if response is None or not response.headers.get("content-type", "").startswith(
                "text/html"
            ):
                continue
            checked += 1
            if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                wide = page.evaluate("document.documentElement.scrollWidth")
                overflowing.append(f"{path} at {width}px: {wide}px wide")
            _shot(page, role, width, path)
            if width == 320 and response.status == 200:
                assert_accessible(page)
        context.close()
    assert checked >= len(pages), "every page was reached at both sizes"
    assert not overflowing, "pages wider than the phone:\n" + "\n".join(overflowing)
