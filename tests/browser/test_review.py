"""The publisher's review in a browser: a curator proposes a change to a
published case, the publisher finds it in the queue, reads the diff and
approves it with the button. The queue and the diff page are screenshot at
1280 and 320 px (test-artifacts/review-*.png), and nothing on them spills out
of its box at 320 px."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from cases.models import Case
from publishing.hyphenation import without_soft_hyphens
from publishing.models import PendingChange
from tests.admin_forms import admin_form
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.browser.test_reflow import OVERFLOWS
from tests.publishing.test_workflow import CASE, make_user


def log_in(page, site, role):
    client = Client()
    client.force_login(make_user(role))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    return client


def check(page, artifacts, name):
    """Screenshot the page, and check it for accessibility and for overflow."""
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, describe(results.response["violations"])
    assert page.evaluate(OVERFLOWS) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_publisher_reads_the_diff_and_approves(page, site, artifacts):
    case = Case.objects.get(slug=CASE)
    curator = Client()
    curator.force_login(make_user("curator"))
    url = f"/admin/cases/case/{case.pk}/change/"
    data = admin_form(curator, url, "case_form")
    data["title"] = ["Norrköpings sociala utfallskontrakt för placerade barn"]
    data["lead"] = [data["lead"][0].replace("kommunen", "Norrköpings kommun", 1)]
    data["participations-0-DELETE"] = ["on"]
    data["outcome_metrics-0-result"] = [
        "Skolresultaten förbättrades enligt slutrapporten från 2024; utfallsbetalningen "
        "blev lägre än det avtalade taket."
    ]
    curator.post(url, data)
    change = PendingChange.objects.get(object_id=case.pk)

    log_in(page, site, "publisher")
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{site}/admin/publishing/pendingchange/")
        assert page.locator("h1").inner_text() == "Ändringar som väntar på granskning"
        check(page, artifacts, "review-queue" if width == 1280 else f"review-queue-{width}")
        page.get_by_role("link", name=str(change)).click()
        page.wait_for_url(f"**/admin/publishing/pendingchange/{change.pk}/change/")
        page.wait_for_load_state("load")  # its stylesheets applied before the screenshot
        check(page, artifacts, "review-diff" if width == 1280 else f"review-diff-{width}")

    # the published value beside the proposed one, the changed words marked
    assert page.locator("del", has_text="och unga").count() == 1  # the words taken out
    assert page.locator("ins", has_text="Norrköpings kommun").count() == 1  # put in
    assert page.locator("del", has_text="Norrköpings kommun – Utfallsbetalare").count() == 1
    assert page.locator("ins", has_text="utfallsbetalningen").count() == 1

    page.get_by_role("button", name="Godkänn och publicera").click()
    page.wait_for_url("**/admin/publishing/pendingchange/")
    page.goto(site + case.get_absolute_url())
    heading = without_soft_hyphens(page.locator("h1").inner_text())
    assert heading == "Norrköpings sociala utfallskontrakt för placerade barn"
