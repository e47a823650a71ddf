"""Browser tests: Playwright driving Debian's Chromium against a live server.

They fail, never skip, without Chromium: `make test` installs it where it can.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

from hub.content import load_content
from instruments.models import Instrument

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _close_connections_beside_playwright(playwright):
    """While Playwright's event loop runs in this thread, Django keeps this
    thread's database connections apart (asgiref's thread-critical Local turns
    context-local); close those before the loop stops, or they outlive the
    test database's teardown."""
    yield
    connections.close_all()


@pytest.fixture
def site(live_server):
    """The live site's base URL, with the report's content in its database."""
    if not Instrument.objects.exists():
        load_content()
    return live_server.url


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
