"""The case library: facets with counts, chips, sort, pagination and bad input."""

import re

import pytest
from django.db.models import Q

from cases.filters import CaseFilter
from cases.models import Case
from publishing.models import Status
from search.views import search
from tests import growth
from tests.pages import page_html

pytestmark = pytest.mark.django_db


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def option(response, name, value):
    return next(o for o in facet(response, name).options if o.value == value)


def titles(response):
    return [case.title for case in response.context["cases"]]


def test_each_option_shows_how_many_cases_it_gives(client):
    response = client.get("/fall/")
    for value in ("sociala-utfallskontrakt", "ideburet-offentligt-partnerskap"):
        expected = Case.objects.published().filter(instruments__slug=value).count()
        assert option(response, "instrument", value).count == expected
        assert client.get("/fall/", {"instrument": value}).context["paginator"].count == expected
    assert option(response, "lan", "01").count == 3


def test_counts_follow_the_other_facets_selection(client):
    response = client.get("/fall/", {"lan": "01"})
    assert response.context["paginator"].count == 3
    assert option(response, "instrument", "sociala-obligationer").count == 1
    assert option(response, "instrument", "social-investeringsfond").count == 0
    # the selected facet's own options still count against the other facets only
    assert option(response, "lan", "05").count == 2


def test_values_in_one_facet_combine_with_or_and_facets_with_and(client):
    response = client.get("/fall/", {"skede": ["completed", "implementation"]})
    assert response.context["paginator"].count == Case.objects.published().count()
    response = client.get("/fall/", {"skede": "implementation", "sektor": "civil_society"})
    assert sorted(titles(response)) == [
        "Stadsmissionshälsan – IOP mellan Skåne Stadsmission och Region Skåne",
        "Stockholms Stadsmission och SL – IOP för uppsökande arbete i kollektivtrafiken",
    ]
    response = client.get("/fall/", {"skede": "completed", "sektor": "civil_society"})
    assert titles(response) == []


def test_start_year_range_and_topic(client):
    response = client.get("/fall/", {"fran": "2016", "till": "2018"})
    years = {case.start_year for case in response.context["cases"]}
    assert years and years <= {2016, 2017, 2018}
    response = client.get("/fall/", {"amne": "sjukfranvaro"})
    assert sorted(titles(response)) == [
        "Botkyrkas interna utfallskontrakt mot sjukfrånvaro",
        "Örnsköldsviks interna utfallskontrakt mot sjukfrånvaro",
    ]


def test_sort_by_title_and_by_start_year(client):
    by_title = titles(client.get("/fall/", {"sortering": "titel"}))
    assert by_title == sorted(by_title)
    by_start = client.get("/fall/", {"sortering": "start"}).context["cases"]
    years = [c.start_year or 0 for c in by_start]
    assert years == sorted(years, reverse=True)


def test_selected_filters_show_as_removable_chips(client):
    response = client.get("/fall/", {"instrument": "sociala-obligationer", "lan": "01"})
    body = response.content.decode()
    chips = {chip.label: chip.query for chip in response.context["chips"]}
    assert chips == {
        "Instrument: Sociala obligationer": "?lan=01",
        "Län: Stockholms län": "?instrument=sociala-obligationer",
    }
    assert 'href="/fall/">Rensa alla</a>' in body
    assert "1 exempel" in body


def test_drafts_are_not_counted(client):
    Case.objects.filter(slug="region-stockholm-halsoobligation").update(status=Status.DRAFT)
    response = client.get("/fall/")
    assert option(response, "instrument", "sociala-obligationer").count == 0
    assert "Region Stockholms hälsoobligation" not in page_html(response)


def test_pagination_keeps_the_filters_and_clamps_the_page(client):
    growth.add_cases(45)
    response = client.get("/fall/", {"skede": "implementation", "sida": "2"})
    body = response.content.decode()
    assert response.context["page_obj"].number == 2
    assert re.search(r'href="\?skede=implementation&amp;sida=3"', body)
    last = client.get("/fall/", {"skede": "implementation", "sida": "999"})
    assert last.status_code == 200
    assert last.context["page_obj"].number == last.context["paginator"].num_pages
    assert client.get("/fall/", {"sida": "abc"}).context["page_obj"].number == 1


@pytest.mark.parametrize(
    "params",
    [
        {"instrument": "finns-inte"},
        {"skede": "drömmar"},
        {"lan": "' OR 1=1 --"},
        {"kommun": "9999"},
        {"fran": "abc"},
        {"till": "99999999999999999999"},
        {"fran": "-5"},
        {"sortering": "; DROP TABLE cases_case"},
        {"amne": "<script>alert(1)</script>"},
        {"sektor": ["public", "nope"]},
        {"sida": "-1"},
        {"okand": "parameter"},
    ],
    ids=str,
)
def test_bad_filter_values_are_ignored_with_a_message(client, params):
    response = client.get("/fall/", params)
    assert response.status_code == 200
    assert response.context["paginator"].count == Case.objects.published().count()
    assert "<script>alert(1)</script>" not in response.content.decode()
    if set(params) - {"sida", "okand"}:
        assert "Vi bortsåg från ogiltiga värden i:" in response.content.decode()


def test_a_nul_byte_is_a_clear_400(client):
    response = client.get("/fall/?kommun=%00")
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()


def test_case_page_groups_participants_by_role_and_formats_amounts(client):
    response = client.get("/fall/norrkoping-socialt-utfallskontrakt/")
    groups = response.context["participants_by_role"]
    assert list(groups) == [
        "Utfallsbetalare (beställare)",
        "Investerare",
        "Utförare",
        "Intermediär eller projektorganisation",
        "Samarbetspartner",
    ]
    body = response.content.decode()
    assert "10\xa0000\xa0000 kr" in body
    assert "Källorna går isär" in body
    assert 'href="/aktorer/leksell-social-ventures/"' in body
    assert "Uppgifterna kontrollerades senast" in body


def test_every_facet_filter_has_a_matching_case(client):
    """Links from case pages into the library (place, area) give that case back."""
    case = Case.objects.get(slug="orebro-sociala-investeringar")
    for params in ({"kommun": "1880"}, {"lan": "18"}, {"omrade": "flera-omraden"}):
        assert case.title in titles(client.get("/fall/", params)), params
    assert Case.objects.published().filter(Q(counties__code="18")).count() == 1


@pytest.mark.parametrize("query", ["utfalskontrakt", "kontrakt", "SIB"])
def test_the_library_ranks_a_search_as_the_site_search_does(query):
    """A typo or part of a compound finds cases by trigram similarity alone;
    they rank by the same score as on /sok/, never as 0."""
    library = list(CaseFilter({"q": query}, queryset=Case.objects.published()).qs)
    site = search(query, "exempel").results
    assert library, query
    assert [case.get_absolute_url() for case in library] == [result.url for result in site]
    boost = Case.search_result.boost
    assert [case.score * boost for case in library] == pytest.approx([r.score for r in site])
    assert all(case.score > 0 for case in library)


@pytest.mark.parametrize(
    "path, short",
    [
        ("/fall/?q=&fran=&till=&sortering=nyast", "/fall/"),
        ("/en/fall/?q=&fran=&till=&sortering=nyast", "/en/fall/"),
        (
            "/fall/?lan=01&q=&instrument=sociala-obligationer&fran=&lan=05&sida=1",
            "/fall/?lan=01&instrument=sociala-obligationer&lan=05",
        ),
        ("/fall/?q=barn&sortering=relevans&till=", "/fall/?q=barn"),
        ("/fall/?sortering=relevans", "/fall/"),
    ],
)
def test_empty_and_default_parameters_redirect_to_the_short_address(client, path, short):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == short


@pytest.mark.parametrize("query", ["?q=barn&sortering=nyast", "?sortering=titel&sida=2", ""])
def test_a_short_address_is_not_redirected(client, query):
    assert client.get("/fall/" + query).status_code == 200


def test_options_with_no_case_are_disabled_unless_chosen(client):
    body = client.get("/fall/", {"lan": "01"}).content.decode()
    fund = re.search(
        r'<input type="checkbox" name="instrument" value="social-investeringsfond"[^>]*>', body
    )
    assert fund and "disabled" in fund.group(0)
    bonds = re.search(
        r'<input type="checkbox" name="instrument" value="sociala-obligationer"[^>]*>', body
    )
    assert bonds and "disabled" not in bonds.group(0)
    # a chosen option that gives nothing stays in reach, so it can be unticked
    chosen = client.get("/fall/", {"lan": "01", "instrument": "social-investeringsfond"})
    tick = re.search(r'<input[^>]*value="social-investeringsfond"[^>]*>', chosen.content.decode())
    assert "checked" in tick.group(0) and "disabled" not in tick.group(0)


def test_every_option_label_begins_with_a_capital(client):
    response = client.get("/fall/")
    labels = [o.label for f in response.context["facets"] for o in f.options]
    topics = [o.label for o in facet(response, "amne").options]
    assert topics and labels
    assert [label for label in labels if label[:1] != label[:1].upper()] == []
    chips = client.get("/fall/", {"amne": "sjukfranvaro"}).context["chips"]
    assert [chip.label for chip in chips] == ["Ämne: Sjukfrånvaro"]


def test_results_come_first_and_the_sort_control_sits_above_them(client):
    body = client.get("/fall/").content.decode()
    summary = body.index('<summary id="filter-heading">Filtrera')
    assert body.index('<details class="filters"') < summary < body.index('name="instrument"')
    assert '<details class="filters" id="filters" open' not in body  # closed on a phone
    count, sort = body.index('id="result-count"'), body.index('id="f-sortering"')
    assert body.index("</details>", summary) < count < sort < body.index('class="cards"')
    assert 'form="library-filters"' in body[sort - 200 : sort + 200]
    assert '<script src="/static/js/library.js" defer></script>' in body
