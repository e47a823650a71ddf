"""The strict Content-Security-Policy in Chromium: no page type, no admin page
a curator works in and no embedded card breaks it, and a violation reaches
the report endpoint and the log (hub.csp; its unit tests: tests/hub/site/test_csp.py)."""

import logging
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from playwright.sync_api import expect

from cases.models import Case, Organisation
from tests.browser.test_review import log_in
from tests.pages import PAGE_TYPES

# Every violation the page's document sees, with where it happened.
LISTEN = """document.addEventListener('securitypolicyviolation', e => window.cspViolation(
  `${e.documentURI}: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`
  + (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : '')))"""


@pytest.fixture
def violations(page):
    """What Chromium refused in this test's pages, popups and frames: its
    console messages and the securitypolicyviolation events."""
    found = []
    context = page.context
    context.expose_function("cspViolation", lambda text: found.append(text))
    context.add_init_script(LISTEN)

    def on_console(message):
        if "Content Security Policy" in message.text:
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return found


def settle(page):
    page.wait_for_timeout(200)  # events reach Python while Playwright waits


def test_no_page_type_breaks_the_policy(page, site, violations):
    for path in PAGE_TYPES.values():
        page.goto(site + path)
    settle(page)
    assert violations == []


def test_the_instrument_diagram_keeps_its_size_without_an_inline_style(page, site, violations):
    """The SVG had style="max-width: …px", which the policy refused on every
    view; its width attribute and site.css give the same size."""
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(site + "/instrument/sociala-utfallskontrakt/")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    diagram = page.locator("svg.flow-diagram")
    assert diagram.get_attribute("style") is None
    natural = int(diagram.get_attribute("width"))
    _, _, view_width, view_height = map(float, diagram.get_attribute("viewBox").split())
    assert natural == view_width
    box = diagram.bounding_box()
    container = page.locator(".diagram").bounding_box()
    assert box["width"] == min(natural, container["width"])
    assert box["height"] == pytest.approx(box["width"] * view_height / view_width, abs=1)

    # narrower than the drawing, the steps take its place (tests/browser/test_reflow.py)
    settle(page)
    assert violations == []


@pytest.fixture
def partner(site):
    """A partner's page with the card in an iframe, served from another origin
    (127.0.0.1 rather than localhost) by a server of its own."""
    card = site + "/fall/norrkoping-socialt-utfallskontrakt/kort/"
    page = f'<!doctype html><title>Partner</title><iframe src="{card}" title="Kort"></iframe>'

    class Partner(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page.encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Partner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_a_card_in_a_partners_page(page, partner, violations):
    """The card may be framed on another origin; its style sheet loads there."""
    page.goto(partner)
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_contain_text("Norrköping")
    border = frame.locator(".card-embed").evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border != "none"  # card.css applied
    settle(page)
    assert violations == []


def test_the_admin_works_for_curators_under_the_policy(page, site, violations):
    """Log in, the change form with its inlines, the autocomplete, the calendar,
    a "+" popup that saves and fills the field, the history."""
    page.goto(site + "/admin/login/")  # as an anonymous visitor, first
    expect(page.locator("#id_username")).to_be_visible()
    log_in(page, site, "superuser")
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/admin/")
    page.goto(f"{site}/admin/cases/case/")
    page.goto(f"{site}/admin/cases/case/{case.pk}/change/")

    # Autocomplete (select2 asks /admin/autocomplete/ with fetch/XHR).
    search = page.locator(".field-instruments .select2-search__field")
    search.click()
    search.fill("fond")
    option = page.locator(".select2-results__option", has_text="fond").first
    expect(option).to_be_visible()
    option.click()

    # Another inline row, from the inline's "add another" link.
    rows = page.locator("#participations-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#participations-group .add-row a").click()
    expect(rows).to_have_count(before + 1)

    # The calendar next to a date field.
    page.locator("#id_last_verified ~ .datetimeshortcuts a").last.click()
    calendar = page.locator(".calendarbox:visible")
    expect(calendar).to_be_visible()
    calendar.locator("td:not(.nonday) a").first.click()
    expect(page.locator("#id_last_verified")).not_to_have_value("")

    # "+" beside an organisation: a popup with the organisation's add form.
    last = before  # the new row's index
    with page.expect_popup() as opening:
        page.locator(f"#add_id_participations-{last}-organisation").click()
    popup = opening.value
    popup.wait_for_load_state()
    popup.locator("#id_name").fill("Testkommunens bolag")
    popup.locator("#id_name").press("Tab")  # prepopulate.js listens to change
    expect(popup.locator("#id_slug")).to_have_value("testkommunens-bolag")  # prepopulated
    popup.locator("#id_sector").select_option(index=1)
    popup.locator("#id_kind").select_option(index=1)
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").first.click()
    created = Organisation.objects.get(name="Testkommunens bolag")
    expect(page.locator(f"#id_participations-{last}-organisation")).to_have_value(str(created.pk))

    page.goto(f"{site}/admin/cases/case/{case.pk}/history/")
    page.goto(f"{site}/admin/instruments/legalnote/add/")  # the two-list filter widget
    expect(page.locator(".selector-available")).to_be_visible()
    settle(page)
    assert violations == []


def test_a_violation_reaches_the_log(page, site):
    """A violation in Chromium ends as one line in the log. Chromium sends
    report-to reports only to an https endpoint (and then ignores report-uri),
    so over the live server's http this test takes report-to out of the page's
    policy and Chromium reports with report-uri, as Firefox and Safari do; the
    Reporting API's JSON, as Chromium writes it, is in tests/hub/site/test_csp.py."""

    def without_report_to(route):
        response = route.fetch()
        headers = {**response.headers}
        headers.pop("reporting-endpoints")
        headers["content-security-policy"] = re.sub(
            r";\s*report-to [^;]*", "", headers["content-security-policy"]
        )
        route.fulfill(response=response, headers=headers)

    # A fresh address each run: Chromium sends one report per violation it has
    # seen, and earlier pages of the same browser may have reported this one.
    address = f"{site}/om/?prov={time.monotonic_ns()}"
    page.route(address, without_report_to)
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # on the logger itself: whatever else handles the log
    csp_log = logging.getLogger("hub.csp")
    level = csp_log.level
    csp_log.setLevel(logging.WARNING)
    csp_log.addHandler(handler)
    try:
        page.goto(address)
        page.evaluate("document.body.setAttribute('style', 'color: red')")
        deadline = time.monotonic() + 30  # a busy machine delays the report
        while time.monotonic() < deadline and not records:
            page.wait_for_timeout(100)
    finally:
        csp_log.removeHandler(handler)
        csp_log.setLevel(level)
    assert [record.getMessage() for record in records] == [
        f"CSP violation: document-uri='{address}' violated-directive='style-src-attr' "
        "blocked-uri='inline'"
    ]
