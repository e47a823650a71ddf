"""Partners' outputs in Chromium: an embedded card fits the iframe its embed
code suggests, attribution included, and grows with static/js/embed.js; no
page type logs a console error; /data/ reads on a phone."""

import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from cases.models import Case
from instruments.models import Instrument
from tests.pages import PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True)

SNIPPET = re.compile(
    r'&lt;iframe src="(?P<src>[^"]+)" title="[^"]*" width="(?P<width>\d+)" '
    r'height="(?P<height>\d+)"[^&]*&gt;&lt;/iframe&gt;\s*&lt;script src="(?P<script>[^"]+)"'
)


def suggested(page, site, path):
    """The embed code a record's page suggests: card address, width, height, script."""
    page.goto(site + path)
    match = SNIPPET.search(page.content())
    assert match, path
    return match["src"], int(match["width"]), int(match["height"]), match["script"]


def record_pages():
    return [c.get_absolute_url() for c in Case.objects.published()] + [
        i.get_absolute_url() for i in Instrument.objects.published()
    ]


def test_every_card_fits_its_suggested_iframe_with_the_attribution(page, site):
    paths = record_pages()
    assert len(paths) > 10
    for path in paths:
        src, width, height, _script = suggested(page, site, path)
        page.set_viewport_size({"width": width, "height": height})
        page.goto(src)
        needed = page.evaluate("document.documentElement.scrollHeight")
        assert needed <= height, f"{src} needs {needed} px, the code suggests {height}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, src
        source = page.locator(".card-source")
        expect(source).to_be_visible()
        box = source.bounding_box()
        assert box["y"] + box["height"] <= height, src


@pytest.fixture
def partner_site(tmp_path):
    """A partner's web server on another origin, serving one page."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=tmp_path)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_embed_script_makes_the_frame_as_tall_as_its_card(page, site, partner_site):
    folder, origin = partner_site
    path = Case.objects.published().get(slug="norrkoping-socialt-utfallskontrakt")
    src, width, height, script = suggested(page, site, path.get_absolute_url())
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="sv"><title>Partner</title><body>'
        f'<iframe src="{src}" title="Kort" width="{width}" height="{height}" '
        f'style="border:0" data-kunskapshubben-card></iframe>'
        f'<script src="{script}" async></script></body></html>'
    )
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(origin + "/index.html")
    frame = page.locator("iframe")
    card = page.frame_locator("iframe").locator(".card-embed")
    expect(card.locator(".card-source")).to_be_visible()
    needed = (
        page.frame_locator("iframe")
        .locator("html")
        .evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    )
    expect(frame).to_have_attribute("style", re.compile(rf"height: {needed}px"))
    assert needed < height  # the script shrank the frame to the card


def test_no_page_type_logs_a_console_error(page, site):
    errors = []

    def on_console(message):
        if message.type != "error":
            return
        # The error pages' own status ("Failed to load resource: 404") is the point.
        own = message.location.get("url") == page.url and "Failed to load resource" in message.text
        if not own:
            errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for path in PAGE_TYPES.values():
        page.goto(site + path)
        page.wait_for_load_state("load")
    page.goto(site + "/instrument/sociala-utfallskontrakt/kort/")
    page.wait_for_load_state("load")
    assert errors == []


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_open_data_reads_on_a_phone(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/data/")
    page.screenshot(path=artifacts / f"open-data-{width}.png", full_page=True)
    # No name breaks inside a word (one letter per line): each code is at
    # least as wide as its longest part between underscores, set on one line.
    tall = page.evaluate(
        """() => [...document.querySelectorAll('main code')].filter(c => {
             const part = c.textContent.split(/[_\\/ ]/).sort((a, b) => b.length - a.length)[0];
             const probe = c.cloneNode();
             probe.textContent = part;
             probe.style.whiteSpace = 'nowrap';
             probe.style.position = 'absolute';
             document.body.append(probe);
             const needed = probe.getBoundingClientRect().width;
             probe.remove();
             return c.getBoundingClientRect().width + 1 < needed;
           }).map(c => c.textContent)"""
    )
    assert tall == []
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.download-links a')].filter(a => {
             const r = a.getBoundingClientRect();
             const box = a.closest('.table-scroll').getBoundingClientRect();
             return r.right > box.right + 1 || r.left < box.left - 1;
           }).map(a => a.textContent)"""
    )
    assert clipped == []
