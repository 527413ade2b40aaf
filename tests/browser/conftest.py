"""A real Chromium (Debian's) driven by Playwright against the app served on 127.0.0.1."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from network_app import create_app
from tests.conftest import _test_config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server_config():
    """Settings of the served app for one test: override this fixture."""
    return {}


@pytest.fixture
def live_server(app, database_url, live_server_config):
    """The app with CSRF on, as users get it, served from a thread on a free port."""
    served = create_app(
        _test_config(database_url, WTF_CSRF_ENABLED=True, SERVER_NAME=None, **live_server_config)
    )
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with served.app_context():
        from network_app.extensions import db

        db.engine.dispose()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server
    yield page
    context.close()


PHONE_SIZES = ((390, 844), (320, 640))


def assert_fits_phones(page):
    """The page as it stands (a form with its errors, a link just shown) has no sideways
    scrolling at 390×844 and 320×640; the viewport is put back afterwards."""
    before = page.viewport_size
    try:
        for width, height in PHONE_SIZES:
            page.set_viewport_size({"width": width, "height": height})
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= page.evaluate("window.innerWidth"), (
                f"{page.url} is {wide}px wide at {width}px"
            )
    finally:
        if before:
            page.set_viewport_size(before)


def assert_accessible(page):
    """axe-core finds no violation on the page as it stands, and it fits a phone."""
    from axe_playwright_python.sync_playwright import Axe

    assert_fits_phones(page)
    results = Axe().run(page)
    violations = results.response["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
    assert not violations, f"axe-core violations on {page.url}:\n{summary}"


def log_in(page, email, password):
    page.goto(page.base_url + "/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
