"""Partners link in: link-friendly pages, sitemap, feeds, embeddable cards,
open data downloads and the read-only API."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Organisation
from hub.sitemaps import CaseSitemap
from insights.models import Activity, InsightArea
from instruments.models import Instrument, Publication
from publishing.models import Status
from tests.pages import PAGE_TYPES

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
DRAFTED = "region-stockholm-halsoobligation"


def draft(slug=DRAFTED):
    Case.objects.filter(slug=slug).update(status=Status.DRAFT)
    return Case.objects.get(slug=slug)


# -- link-friendly pages ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/instrument/sociala-utfallskontrakt/", "/fall/", "/begrepp/", "/data/"]
)
def test_every_page_has_canonical_description_and_social_tags(client, path):
    body = client.get(path).content.decode()
    assert f'<link rel="canonical" href="http://testserver{path}">' in body
    for needle in (
        '<meta name="description" content="',
        '<meta property="og:title" content="',
        '<meta property="og:description" content="',
        f'<meta property="og:url" content="http://testserver{path}">',
        '<meta property="og:type" content="',
        '<meta name="twitter:card" content="summary">',
    ):
        assert needle in body, needle


def test_canonical_of_a_filtered_list_drops_the_query(client):
    body = client.get("/fall/?lan=01&sortering=titel").content.decode()
    assert '<link rel="canonical" href="http://testserver/fall/">' in body


def test_record_pages_describe_themselves(client):
    body = client.get("/fall/norrkoping-socialt-utfallskontrakt/").content.decode()
    assert '<meta property="og:type" content="article">' in body
    assert re.search(r'<meta property="og:title" content="Norrköpings sociala', body)
    assert re.search(r'<meta name="description" content="Sveriges första sociala', body)


# -- sitemap and robots -----------------------------------------------------------


def sitemap_locations(client):
    """Every address of every page of every section the sitemap index names."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {}
    for section in index.iter(f"{SITEMAP}loc"):
        root = ET.fromstring(client.get(section.text).content)
        for url in root.iter(f"{SITEMAP}url"):
            entries[url.find(f"{SITEMAP}loc").text] = url.find(f"{SITEMAP}lastmod")
    return entries


def test_sitemap_pages_hold_each_record_once_in_both_languages(client, monkeypatch):
    monkeypatch.setattr(CaseSitemap, "limit", 3)  # pages of 3 addresses: records split
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-cases" in loc.text]
    published = Case.objects.published().count()
    assert len(sections) == -(-published * 2 // 3)  # every page of the cases section
    seen = []
    for section in sections:
        root = ET.fromstring(client.get(section).content)
        page = [url.find(f"{SITEMAP}loc").text for url in root.iter(f"{SITEMAP}url")]
        assert 1 <= len(page) <= 3
        seen += [re.sub(r"^https?://[^/]+", "", loc) for loc in page]
    expected = [
        path
        for case in Case.objects.published().order_by("pk")
        for path in (case.get_absolute_url(), "/en" + case.get_absolute_url())
    ]
    assert seen == expected


def test_sitemap_lists_every_published_page_with_its_last_change(client):
    entries = sitemap_locations(client)
    paths = {re.sub(r"^https?://[^/]+", "", loc) for loc in entries}
    for model in (Instrument, Case):
        for obj in model.objects.published():
            assert obj.get_absolute_url() in paths
            assert "/en" + obj.get_absolute_url() in paths
    assert "/amnen/sjukfranvaro/" in paths and "/fall/" in paths and "/data/" in paths
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    lastmod = next(v for k, v in entries.items() if k.endswith(case.get_absolute_url()))
    assert lastmod.text == timezone.localdate(case.updated_at).isoformat()  # Swedish date


def test_sitemap_leaves_out_unpublished_records(client):
    case = draft()
    paths = {re.sub(r"^https?://[^/]+", "", loc) for loc in sitemap_locations(client)}
    assert case.get_absolute_url() not in paths
    assert "/amnen/diabetes/" not in paths  # only the drafted case carried it


def test_robots_keeps_the_admin_out_and_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


# -- feeds ------------------------------------------------------------------------


def rss_links(client, path):
    root = ET.fromstring(client.get(path).content)
    return [item.find("link").text for item in root.iter("item")]


def atom_links(client, path):
    root = ET.fromstring(client.get(path).content)
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def test_feeds_list_every_published_case_and_no_draft(client):
    case = draft()
    expected = {"http://testserver" + c.get_absolute_url() for c in Case.objects.published()}
    assert set(rss_links(client, "/fall/rss/")) == expected
    assert set(atom_links(client, "/fall/atom/")) == expected
    assert "http://testserver" + case.get_absolute_url() not in expected


def test_feeds_per_instrument_and_per_topic(client):
    links = atom_links(client, "/instrument/sociala-obligationer/atom/")
    assert links == ["http://testserver/fall/region-stockholm-halsoobligation/"]
    links = rss_links(client, "/amnen/sjukfranvaro/rss/")
    assert sorted(links) == [
        "http://testserver/fall/botkyrka-internt-utfallskontrakt/",
        "http://testserver/fall/ornskoldsvik-internt-utfallskontrakt/",
    ]
    assert client.get("/instrument/finns-inte/rss/").status_code == 404


@pytest.mark.parametrize(
    "path, feed",
    [
        ("/fall/", "/fall/rss/"),
        ("/instrument/sociala-obligationer/", "/instrument/sociala-obligationer/atom/"),
        ("/amnen/sjukfranvaro/", "/amnen/sjukfranvaro/rss/"),
    ],
)
def test_feeds_are_announced(client, path, feed):
    body = client.get(path).content.decode()
    assert re.search(
        rf'<link rel="alternate" type="application/(rss|atom)\+xml" [^>]*href="{feed}"', body
    )


# -- cards and framing ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/fall/norrkoping-socialt-utfallskontrakt/kort/", "/instrument/sociala-obligationer/kort/"],
)
def test_cards_may_be_framed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert 'target="_blank"' in response.content.decode()


@pytest.mark.parametrize("path", [p for p in PAGE_TYPES.values() if "%00" not in p])
def test_every_other_page_refuses_framing(client, path):
    assert client.get(path)["X-Frame-Options"] == "DENY"


def test_pages_offer_the_embed_snippet(client):
    body = client.get("/fall/norrkoping-socialt-utfallskontrakt/").content.decode()
    assert (
        '&lt;iframe src="http://testserver/fall/norrkoping-socialt-utfallskontrakt/kort/"' in body
    )


def test_an_unpublished_card_is_404(client):
    case = draft()
    assert client.get(reverse("cases:card", args=[case.slug])).status_code == 404


# -- downloads ----------------------------------------------------------------------


def download_csv(client, table):
    response = client.get(f"/data/{table}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # utf-8-sig: the file starts with a byte-order mark, for Excel (test_outputs.py).
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def download_json(client, table):
    return json.loads(client.get(f"/data/{table}.json").content)


def test_csv_and_json_parse_and_join_by_id(client):
    cases = {row["id"]: row for row in download_csv(client, "cases")}
    organisations = {row["id"]: row for row in download_csv(client, "organisations")}
    participations = download_csv(client, "participations")
    assert participations
    for row in participations:
        assert row["case_id"] in cases
        assert organisations[row["organisation_id"]]["name"] == row["organisation_name"]
    locations = download_csv(client, "delivery_locations")
    assert {row["case_id"] for row in locations} <= set(cases)
    document = download_json(client, "cases")
    assert document["licence"] == "CC0-1.0"
    assert {str(row["id"]) for row in document["rows"]} == set(cases)


def test_downloads_round_trip_the_seeded_values(client):
    cases = {row["slug"]: row for row in download_csv(client, "cases")}
    json_cases = {row["slug"]: row for row in download_json(client, "cases")["rows"]}
    for case in Case.objects.published():
        row, data = cases[case.slug], json_cases[case.slug]
        assert row["name"] == data["name"] == case.title
        assert data["total_investment_commitment_amount"] == case.investment_sek
        assert row["total_investment_commitment_amount"] == (
            "" if case.investment_sek is None else str(case.investment_sek)
        )
        start = f"{case.start_year}" + (f"-{case.start_month:02d}" if case.start_month else "")
        assert data["start_date_of_service_provision"] == (start if case.start_year else "")
    bond = json_cases["region-stockholm-halsoobligation"]
    assert bond["total_investment_commitment_amount"] == 30_000_000
    assert bond["currency"] == "SEK"
    assert bond["stage_development"] == "Implementation"
    roles = {
        (row["organisation_name"], row["role"], row["indigo_component"])
        for row in download_csv(client, "participations")
        if row["case_id"] == str(bond["id"])
    }
    assert ("Skandia", "investor", "investments[]") in roles
    assert ("Region Stockholm", "outcome_payer", "outcome_payment_commitments[]") in roles
    evaluators = [
        r for r in download_csv(client, "participations") if r["role_sv"].startswith("Utv")
    ]
    assert evaluators and {r["role"] for r in evaluators} == {"outcomes_validator"}


def test_downloads_hold_no_unpublished_record(client):
    case = draft()
    for table in ("cases", "participations", "outcome_metrics", "delivery_locations"):
        rows = download_csv(client, table)
        key = "id" if table == "cases" else "case_id"
        assert str(case.pk) not in {row[key] for row in rows}, table
    sources = download_csv(client, "sources")
    assert not [r for r in sources if r["record_type"] == "case" and r["record_id"] == str(case.pk)]


def test_no_download_or_api_answer_refers_to_a_record_taken_back(client):
    instrument = Instrument.objects.get(slug="ideburet-offentligt-partnerskap")
    organisation = Organisation.objects.get(slug="skandia")
    insight = InsightArea.objects.published().first()
    activity = Activity.objects.published().first()
    publication = Publication.objects.get(slug="eso-2020-1")
    for obj in (instrument, organisation, insight, activity, publication):
        type(obj).objects.filter(pk=obj.pk).update(status=Status.DRAFT)

    def api(endpoint):
        return client.get(f"/api/{endpoint}/", {"page_size": 100}).json()["results"]

    def rows(table):
        return download_json(client, table)["rows"]

    cases = rows("cases") + api("cases")
    details = [client.get(f"/api/cases/{row['id']}/").json() for row in api("cases")]
    assert not [c for c in cases if instrument.slug in c["instruments"]]
    participations = rows("participations") + [
        p for case in details for p in case["participations"]
    ]
    assert participations and organisation.pk not in {p["organisation_id"] for p in participations}
    sources = rows("sources") + [s for case in details for s in case["sources"]]
    assert sources and publication.pk not in {s["publication_id"] for s in sources}
    quotes = rows("quotes") + api("quotes")
    assert not [q for q in quotes if q["insight_area_id"] == insight.pk]
    assert not [q for q in quotes if q["activity_id"] == activity.pk]
    for table, endpoint, obj in [
        ("instruments", "instruments", instrument),
        ("organisations", "organisations", organisation),
        ("insight_areas", "insight-areas", insight),
    ]:
        listed = rows(table) + api(endpoint)
        assert obj.pk not in {row["id"] for row in listed}, table
        assert client.get(f"/api/{endpoint}/{obj.pk}/").status_code == 404


def test_unknown_download_is_404(client):
    assert client.get("/data/users.csv").status_code == 404
    assert client.get("/data/cases.xml").status_code == 404


def test_open_data_page_describes_every_table_and_the_api(client):
    body = client.get("/data/").content.decode()
    for table in ("cases", "participations", "organisations", "glossary_terms", "sources"):
        assert f'href="/data/{table}.csv"' in body and f'href="/data/{table}.json"' in body
        assert f'id="falt-{table}"' in body
    assert "CC0 1.0" in body
    # Code names may wrap after underscores and slashes (<wbr>), nowhere else.
    assert "<code>outcome_<wbr>payment_<wbr>commitments[]</code>" in body
    assert "<code>GET /<wbr>api/<wbr>cases/<wbr></code>" in body
    assert "<code>total_<wbr>investment_<wbr>commitment_<wbr>amount</code>" in body


# -- the API ------------------------------------------------------------------------


def test_api_lists_and_details_published_records(client):
    listing = client.get("/api/cases/").json()
    assert listing["count"] == Case.objects.published().count()
    first = listing["results"][0]
    detail = client.get(f"/api/cases/{first['id']}/").json()
    assert detail["slug"] == first["slug"]
    assert {"participations", "delivery_locations", "outcome_metrics", "sources"} <= set(detail)
    for endpoint in ("instruments", "insight-areas", "quotes", "terms", "organisations"):
        response = client.get(f"/api/{endpoint}/")
        assert response.status_code == 200 and response.json()["count"] > 0, endpoint


def test_api_filters_and_search_like_the_library(client):
    result = client.get("/api/cases/", {"q": "sjukskrivning", "lan": "01"}).json()
    assert [row["slug"] for row in result["results"]] == ["botkyrka-internt-utfallskontrakt"]
    by_instrument = client.get("/api/cases/", {"instrument": "sociala-obligationer"}).json()
    assert [row["slug"] for row in by_instrument["results"]] == [DRAFTED]


def test_api_pages(client):
    response = client.get("/api/quotes/", {"page_size": 10, "page": 2}).json()
    assert response["count"] == 32 and len(response["results"]) == 10
    assert "page=3" in response["next"]


def test_api_never_shows_unpublished_records(client):
    case = draft()
    assert client.get(f"/api/cases/{case.pk}/").status_code == 404
    slugs = [row["slug"] for row in client.get("/api/cases/").json()["results"]]
    assert case.slug not in slugs


def test_api_answers_bad_input_with_json(client):
    unknown = client.get("/api/cases/999999/")
    assert unknown.status_code == 404 and "detail" in unknown.json()
    bad = client.get("/api/cases/", {"instrument": "finns-inte", "fran": "abc"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"instrument", "fran"}
    nul = client.get("/api/cases/?q=%00")
    assert nul.status_code == 400 and nul.json()["detail"]


def test_api_supports_conditional_requests(client):
    first = client.get("/api/instruments/")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/api/instruments/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/api/instruments/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_api_and_downloads_allow_cross_origin_reads(client):
    for path in ("/api/cases/", "/data/cases.csv"):
        response = client.get(path, HTTP_ORIGIN="https://partner.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
    page = client.get("/fall/", HTTP_ORIGIN="https://partner.example.org")
    assert "Access-Control-Allow-Origin" not in page
    preflight = client.options(
        "/api/cases/",
        HTTP_ORIGIN="https://partner.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_api_describes_itself_in_openapi_3(client):
    schema = client.get("/api/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/cases/" in schema["paths"] and "/api/cases/{id}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/cases/"]["get"]["parameters"]}
    assert {"q", "instrument", "lan", "kommun", "skede", "fran", "till", "page"} <= parameters
