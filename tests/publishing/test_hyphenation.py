"""Soft hyphens (U+00AD) in long Swedish words where people read them in narrow
boxes, and nowhere a machine reads: titles, meta tags, feeds, the sitemap,
downloads, the API, form values and the admin."""

import re

import pytest

from cases.models import Case
from hub.content import load_content
from publishing.hyphenation import SOFT_HYPHEN, hyphenate, without_soft_hyphens
from publishing.markdown import render_markdown
from tests.pages import page_html
from tests.publishing.test_workflow import CASE

CASE_PAGE = "/fall/stadsmissionshalsan-region-skane/"


def test_long_words_get_soft_hyphens_at_syllables():
    assert hyphenate("Stadsmissionshälsan") == SOFT_HYPHEN.join(
        ["Stads", "mis", "sions", "häl", "san"]
    )
    assert hyphenate("Upphandlingsproblematik").count(SOFT_HYPHEN) >= 4
    # the linking s stays with the first part: utfalls-kontrakt, never utfall-skontrakt
    assert "utfall" + SOFT_HYPHEN + "s" not in hyphenate("utfallskontrakt")
    assert "falls" + SOFT_HYPHEN + "kon" in hyphenate("utfallskontrakt")


def test_short_words_addresses_and_code_names_are_left_alone():
    for text in (
        "Region Skåne och idéburen sektor",  # no word of 12 letters
        "www.stadsmissionen.se/stadsmissionshalsan",
        "namn@upphandlingsmyndigheten.se",
        "total_cost_amount",
    ):
        assert hyphenate(text) == text
    assert without_soft_hyphens(hyphenate("investeringsfond")) == "investeringsfond"


def test_markdown_hyphenates_its_text_not_its_code_or_addresses():
    text = (
        "## Upphandlingsproblematik\n\nSe [upphandlingslagarna](https://example.se/"
        "upphandlingslagarna), <https://example.se/investeringsfond> och "
        "`kommunaljuridiska`.\n\n| investeringsfond |\n|---|\n| upphandlingslagarna |"
    )
    html = render_markdown(text, hyphenate=True)
    assert html.count(SOFT_HYPHEN) >= 4
    assert "<h2>Upp" + SOFT_HYPHEN in html
    assert 'href="https://example.se/upphandlingslagarna"' in html
    assert ">https://example.se/investeringsfond</a>" in html
    assert "<code>kommunaljuridiska</code>" in html
    assert re.search(r"<td>[^<]*\u00ad[^<]*</td>", html)
    # the default, for anything but a page: no soft hyphens at all
    assert SOFT_HYPHEN not in render_markdown(text)
    assert without_soft_hyphens(html) == render_markdown(text)


@pytest.mark.django_db
def test_narrow_boxes_on_pages_get_soft_hyphens(client):
    load_content()
    body = client.get(CASE_PAGE).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1)
    assert "Stads" + SOFT_HYPHEN + "mis" in heading
    assert "Stadsmissionshälsan" in page_html(body)
    library = client.get("/fall/").content.decode()
    cards = re.findall(r'<article class="card">(.*?)</article>', library, re.S)
    assert cards and any(SOFT_HYPHEN in card for card in cards)
    start = client.get("/").content.decode()
    assert "in" + SOFT_HYPHEN + "ve" + SOFT_HYPHEN + "ste" + SOFT_HYPHEN + "rings" in start


@pytest.mark.django_db
def test_nothing_a_machine_reads_has_soft_hyphens(client, admin_client):
    load_content()
    body = client.get(CASE_PAGE).content.decode()
    head = body.split("<body", 1)[0]
    assert "Stadsmissionshälsan" in head and SOFT_HYPHEN not in head
    for tag in re.findall(r"<(?:meta|link|input|script)\b[^>]*>", body):
        assert SOFT_HYPHEN not in tag, tag
    for script in re.findall(r"<script\b.*?</script>", body, re.S):
        assert SOFT_HYPHEN not in script
    machine = [
        "/fall/rss/",
        "/fall/atom/",
        "/sitemap.xml",
        "/sitemap-cases.xml",
        "/data/cases.csv",
        "/data/cases.excel.csv",
        "/data/cases.json",
        "/api/cases/",
        "/api/schema/",
    ]
    for path in machine:
        response = client.get(path)
        content = b"".join(response) if response.streaming else response.content
        assert response.status_code == 200, path
        assert SOFT_HYPHEN not in content.decode("utf-8"), path
    search = client.get("/sok/", {"q": "Stadsmissionshälsan"}).content.decode()
    assert 'value="Stadsmissionshälsan"' in search
    case = Case.objects.get(slug=CASE)
    form = admin_client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert SOFT_HYPHEN not in form
