"""Site-wide pages: topics, audiences, comparison, glossary, the statements every
Swedish public site owes, English, and the error pages."""

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from cases.models import Case
from instruments.models import Instrument
from publishing.models import Status
from tests.pages import page_html

pytestmark = pytest.mark.django_db


def test_topic_list_counts_published_content(client):
    response = client.get("/amnen/")
    tags = {tag["slug"]: tag for tag in response.context["tags"]}
    assert tags["sjukfranvaro"]["count"] == 2
    assert tags["upphandling"]["count"] >= 3
    Case.objects.filter(slug="botkyrka-internt-utfallskontrakt").update(status=Status.DRAFT)
    tags = {t["slug"]: t for t in client.get("/amnen/").context["tags"]}
    assert tags["sjukfranvaro"]["count"] == 1


def test_topic_page_lists_instruments_cases_and_insights(client):
    body = client.get("/amnen/upphandling/").content.decode()
    assert "Upphandling med fokus på utfall" in body
    assert "4.4 Helhetsgrepp om regelverk" in body
    assert "6.4 Task force" in body
    body = page_html(client.get("/amnen/sjukfranvaro/"))
    assert "Botkyrkas interna utfallskontrakt mot sjukfrånvaro" in body
    assert 'href="/fall/?amne=sjukfranvaro"' in body


def test_topic_with_only_unpublished_content_or_unknown_is_404(client):
    Case.objects.filter(tags__slug="diabetes").update(status=Status.DRAFT)
    assert client.get("/amnen/diabetes/").status_code == 404
    assert client.get("/amnen/finns-inte/").status_code == 404


def test_audience_page_links_instruments_cases_and_insights(client):
    body = client.get("/for/investerare/").content.decode()
    assert "För investerare" in body
    assert 'href="/instrument/sociala-obligationer/"' in body
    assert 'href="/fall/region-stockholm-halsoobligation/"' in body
    assert 'href="/insikter/kulturkrockar/"' in body


def test_comparison_puts_all_five_side_by_side(client):
    body = client.get("/instrument/jamfor/").content.decode()
    assert body.count('<th scope="col"') == 5
    for row in ("Vem finansierar", "Vem bär den ekonomiska risken", "Svenska exempel"):
        assert f'<th scope="row">{row}</th>' in body
    assert "<caption" in body


def test_glossary_is_grouped_a_to_o_in_swedish_order(client):
    response = client.get("/begrepp/")
    letters = list(response.context["letters"])
    assert letters == sorted(letters, key="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ".index)
    body = response.content.decode()
    assert '<span lang="en">social impact bond</span>' in body


def test_instrument_page_has_every_part(client):
    body = client.get("/instrument/sociala-utfallskontrakt/").content.decode()
    for heading in (
        "Så fungerar det",
        "Pengar och risk",
        "Upphandling och juridik",
        "Inte att förväxla med",
        "Kan kombineras med",
        "Svenska exempel",
        "Insikter som berör formen",
        "Röster från målgrupperna",
        "Källor",
    ):
        assert heading in body, heading
    assert "Kallas även:" in body
    assert re.search(r'<ol class="steps"[^>]*>\s*<li value="1">', body)  # numbered as drawn


def test_insight_page_groups_quotes_by_role(client):
    response = client.get("/insikter/interna-strukturer-i-det-offentliga/")
    body = response.content.decode()
    assert body.index("<h3>Investerare</h3>") < body.index("<h3>Region</h3>")
    assert "Idéer som skulle möta utmaningen" in body


def test_accessibility_statement_has_what_digg_requires(client):
    body = client.get("/tillganglighet/").content.decode()
    assert "delvis förenlig" in body
    assert "Innehåll som inte är tillgängligt" in body
    assert "Hur vi testat webbplatsen" in body
    assert "27 november 2026" in body
    assert 'href="mailto:' in body
    assert 'href="https://www.digg.se/tdosanmalan"' in body


@pytest.mark.parametrize(
    "path", ["/", "/fall/", "/instrument/sociala-utfallskontrakt/", "/om/", "/data/"]
)
def test_footer_links_to_the_statements_on_every_page(client, path):
    body = client.get(path).content.decode()
    for url in ("/om/", "/tillganglighet/", "/kakor-och-personuppgifter/", "/data/"):
        assert f'href="{url}"' in body


def test_english_ui_keeps_swedish_content_marked_as_swedish(client):
    body = client.get("/en/fall/norrkoping-socialt-utfallskontrakt/").content.decode()
    assert '<html lang="en">' in body
    assert "Swedish cases" in body
    assert re.search(r'<h1 id="page-title" lang="sv">Norrköpings sociala', body)
    assert 'href="/fall/norrkoping-socialt-utfallskontrakt/" hreflang="sv" lang="sv"' in body
    swedish = client.get("/fall/norrkoping-socialt-utfallskontrakt/").content.decode()
    assert 'href="/en/fall/norrkoping-socialt-utfallskontrakt/" hreflang="en"' in swedish
    assert ' lang="sv">Norrköpings' not in swedish


def test_language_link_keeps_the_filters(client):
    body = client.get("/fall/?lan=01&skede=completed").content.decode()
    assert 'href="/en/fall/?lan=01&amp;skede=completed"' in body


def test_not_found_is_swedish_in_the_site_layout(client):
    response = client.get("/finns-inte/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in body and 'class="site-header"' in body


def test_server_error_page_is_swedish_in_the_site_layout():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in body and 'class="site-header"' in body


def test_search_finds_published_records_only(client):
    body = page_html(client.get("/sok/", {"q": "hälsoobligation"}))
    assert "Region Stockholms hälsoobligation" in body
    Case.objects.filter(slug="region-stockholm-halsoobligation").update(status=Status.DRAFT)
    body = page_html(client.get("/sok/", {"q": "Region Stockholms hälsoobligation"}))
    assert "Region Stockholms hälsoobligation mot" not in body


def test_unpublished_instrument_disappears_from_the_comparison(client):
    Instrument.objects.filter(slug="sociala-obligationer").update(status=Status.REVIEW)
    body = client.get("/instrument/jamfor/").content.decode()
    assert body.count('<th scope="col"') == 4
