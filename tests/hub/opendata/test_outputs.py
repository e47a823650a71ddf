"""What partners take away: CSV that opens in Swedish Excel, the API's index,
its description in the page's language, feeds and the sitemap on the host
they were asked on; and what a newcomer running the site needs: a favicon,
a development secret key that lasts, and create_curator's link."""

import csv
import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from hub import settings as hub_settings
from hub.opendata.views import split_choices
from tests.processes import run_python

pytestmark = pytest.mark.django_db

BOM = "\ufeff"


def download(client, name):
    response = client.get(f"/data/{name}")
    assert response.status_code == 200
    return response, response.content.decode("utf-8")


# -- CSV for Excel ------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark_and_is_a_named_attachment(client):
    response, text = download(client, "cases.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == 'attachment; filename="kunskapshubben-cases.csv"'
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert "name" in rows[0] and any(r["name"].startswith("Norrköpings") for r in rows)


def test_the_excel_variant_separates_columns_with_semicolons(client):
    response, text = download(client, "cases.excel.csv")
    assert text.startswith(BOM)
    assert response["Content-Disposition"] == (
        'attachment; filename="kunskapshubben-cases-excel.csv"'
    )
    comma = list(csv.reader(io.StringIO(download(client, "cases.csv")[1].removeprefix(BOM))))
    semicolon = list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))
    assert semicolon == comma  # the same cells, only the separator differs
    assert ";" in text.splitlines()[0] and "," not in text.splitlines()[0]


def test_json_stays_readable_in_the_browser(client):
    response, _text = download(client, "cases.json")
    assert response["Content-Disposition"].startswith("inline;")


def test_the_open_data_page_names_the_excel_variant(client):
    body = client.get("/data/").content.decode()
    assert 'href="/data/cases.excel.csv"' in body and "CSV för Excel" in body
    english = client.get("/en/data/").content.decode()
    assert 'href="/data/cases.excel.csv"' in english


# -- /data/ reads as text ---------------------------------------------------------


def test_field_and_parameter_descriptions_are_text_not_markdown(client):
    body = client.get("/data/").content.decode()
    assert "Markdown." not in body
    assert "* `" not in body  # drf-spectacular's Markdown list of choices
    assert "<li><code>public</code>: Offentlig sektor</li>" in body
    assert not re.search(r'<td lang="sv"></td>', body)  # every field is described


def test_split_choices_reads_drf_spectaculars_list():
    text, choices = split_choices("Skede\n\n* `idea` - Idé\n* `completed` - Avslutad")
    assert text == "Skede" and choices == [("idea", "Idé"), ("completed", "Avslutad")]


# -- the API ------------------------------------------------------------------------


def test_api_answers_with_an_index_of_its_endpoints(client):
    response = client.get("/api/")
    assert response.status_code == 200
    index = response.json()
    assert index["schema"] == "http://testserver/api/schema/"
    assert set(index["endpoints"]) == {
        "cases", "instruments", "insight-areas", "quotes", "terms", "organisations"
    }  # fmt: skip
    for url in index["endpoints"].values():
        assert client.get(url).status_code == 200


def test_api_index_is_not_an_operation_of_the_schema(client):
    assert "/api/" not in client.get("/api/schema/").json()["paths"]


def test_schema_descriptions_are_swedish_on_the_swedish_page_and_english_on_en(client):
    swedish = client.get("/data/").content.decode()
    english = client.get("/en/data/").content.decode()
    assert "A page number within the paginated result set." not in swedish
    assert "A unique integer value" not in swedish
    assert "Sidnummer, från 1." in swedish and "Postens id." in swedish
    # The English page shows each string's English translation (locale/en).
    with translation.override("en"):
        for msgid in ("Sidnummer, från 1.", "Postens id.", "Aktörer"):
            assert escape(gettext(msgid)) in english
    assert "Sidnummer" not in english


# -- feeds and the sitemap on the request's host -------------------------------------


@override_settings(HUB_DOMAIN="")
def test_feeds_use_the_request_host_without_hub_domain(client):
    for path in ("/fall/rss/", "/fall/atom/", "/instrument/sociala-utfallskontrakt/rss/"):
        body = client.get(path, HTTP_HOST="127.0.0.1:8101").content.decode()
        links = re.findall(r"https?://[^/<\"]+", body)
        hosts = {link for link in links if "127.0.0.1" in link or "localhost" in link}
        assert hosts == {"http://127.0.0.1:8101"}, path


@override_settings(HUB_DOMAIN="")
def test_sitemap_uses_the_request_host_without_hub_domain(client):
    index = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8101").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert sections and all(s.startswith("http://127.0.0.1:8101/") for s in sections)
    section = client.get("/sitemap-cases.xml", HTTP_HOST="127.0.0.1:8101").content.decode()
    locations = re.findall(r'(?:<loc>|href=")(http[^<"]+)', section)
    assert locations and all(loc.startswith("http://127.0.0.1:8101/") for loc in locations)


def test_feeds_keep_hub_domain_when_it_is_set(client):
    with override_settings(HUB_DOMAIN="hub.example.se"):
        from django.contrib.sites.models import Site

        Site.objects.update(domain="hub.example.se")
        body = client.get("/fall/rss/").content.decode()
    assert "<link>http://hub.example.se/fall/</link>" in body


# -- newcomer and development mode ------------------------------------------------


def test_favicon_is_linked_and_favicon_ico_answers(client):
    body = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in body
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"
    assert "<svg" in Path(finders.find("img/favicon.svg")).read_text()


def test_two_processes_share_one_development_secret_key(tmp_path):
    key_file = tmp_path / "var" / "dev_secret_key"
    code = "import hub.settings as s; print(s.SECRET_KEY)"
    env = {"HUB_DEV_SECRET_KEY_FILE": str(key_file)}
    first = run_python("-c", code, env=env, without=("DJANGO_", "DATABASE_URL"))
    second = run_python("-c", code, env=env, without=("DJANGO_", "DATABASE_URL"))
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and second.stdout.strip() == key
    assert key_file.read_text().strip() == key
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_development_key_file_is_git_ignored():
    ignored = (hub_settings.BASE_DIR / ".gitignore").read_text().split()
    assert "var/" in ignored


@override_settings(HUB_DOMAIN="")
def test_create_curator_links_to_the_running_site(client, monkeypatch):
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "8101")
    out = StringIO()
    call_command("create_curator", "ny@example.org", "--role", "redaktor", stdout=out)
    path = re.search(r"http://127\.0\.0\.1:8101(/konto/reset/\S+)", out.getvalue()).group(1)
    assert client.get(path).status_code == 302  # a valid link: on to the password form


@override_settings(HUB_DOMAIN="hub.example.se", SECURE_SSL_REDIRECT=True)
def test_create_curator_links_to_hub_domain_when_set():
    out = StringIO()
    call_command("create_curator", "ny@example.org", "--role", "redaktor", stdout=out)
    assert "https://hub.example.se/konto/reset/" in out.getvalue()
