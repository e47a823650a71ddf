"""What is kept per content version (publishing.versions): served from the
cache while the content is unchanged, built again once a change is committed
in any process, and never a draft."""

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Organisation
from hub.sitemaps import CaseSitemap
from instruments.models import Instrument, Synonym, Term
from publishing import versions
from publishing.models import Status
from publishing.versions import KeptInProcess
from tests.admin_forms import admin_form
from tests.pages import page_html

pytestmark = pytest.mark.django_db

CASE = "/fall/norrkoping-socialt-utfallskontrakt/"
ARTICLES = [
    CASE,
    "/instrument/sociala-utfallskontrakt/",
    "/insikter/interna-strukturer-i-det-offentliga/",
    "/en" + CASE,
]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def elsewhere(change, monkeypatch):
    """Make ``change`` as another process would: its commit moves the shared
    content version, and this process does not count it as its own."""
    before = versions.changes_here()
    change()
    monkeypatch.setattr(versions, "_changes_here", before)
    versions.bump_content_version()


@pytest.mark.parametrize("url", ARTICLES)
def test_an_article_is_rendered_once_per_content_version(client, url):
    first = queries(client, url)
    assert queries(client, url) == 1 < first  # the record itself, the rest from the cache
    versions.bump_content_version()
    assert queries(client, url) == first


def test_an_article_shows_a_change_committed_in_another_process(client, monkeypatch):
    link = 'href="/aktorer/leksell-social-ventures/"'
    assert link in page_html(client.get(CASE))
    organisation = Organisation.objects.get(slug="leksell-social-ventures")

    def withdraw():
        organisation.status = Status.WITHDRAWN
        organisation.save()

    elsewhere(withdraw, monkeypatch)
    assert link not in page_html(client.get(CASE))


def test_a_withdrawn_record_is_gone_though_its_article_is_kept(client):
    assert client.get(CASE).status_code == 200
    Case.objects.filter(slug=CASE.split("/")[2]).update(status=Status.WITHDRAWN)  # no signal
    assert client.get(CASE).status_code == 404


def test_a_curators_save_shows_in_the_kept_article_once_committed(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    editor = User.objects.create_superuser("redaktor-versioned", password="x")
    curator = Client()
    curator.force_login(editor)
    case = Case.objects.get(slug=CASE.split("/")[2])
    client.get(CASE)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(curator, url, "case_form")
    data["lead"] = ["En ny ingress som besökaren ska se."]
    lead = '<p class="lead">En ny ingress som besökaren ska se.</p>'
    before = versions.changes_here()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert curator.post(url, data).status_code == 302
    monkeypatch.setattr(versions, "_changes_here", before)  # a worker that did not save
    assert lead not in page_html(client.get(CASE))  # not committed yet
    for callback in callbacks:
        callback()
    assert lead in page_html(client.get(CASE))


def test_curators_and_previews_never_read_or_store_a_kept_article(client, admin_client):
    case = Case.objects.get(slug=CASE.split("/")[2])
    client.get(CASE)  # kept
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT, lead="Utkastets ingress.")
    lead = '<p class="lead">Utkastets ingress.</p>'
    assert lead in page_html(admin_client.get(CASE))  # rendered afresh, not the kept one
    Case.objects.filter(pk=case.pk).update(status=Status.PUBLISHED)
    # the preview stored nothing: the visitor still gets the article kept before
    assert lead not in page_html(client.get(CASE))


@pytest.mark.parametrize("url", ["/", "/en/", "/sitemap.xml"])
def test_site_wide_lists_are_read_once_per_content_version(client, url):
    client.get(url)  # what a process looks up once (the site, content types)
    versions.bump_content_version()
    first = queries(client, url)
    assert queries(client, url) == 0 < first
    versions.bump_content_version()
    assert queries(client, url) == first


def test_the_start_page_and_the_sitemap_follow_a_withdrawal_elsewhere(client, monkeypatch):
    monkeypatch.setattr(CaseSitemap, "limit", 2)  # a sitemap page per case (two languages)
    newest = Case.objects.published().newest().first()
    link = f'href="{newest.get_absolute_url()}"'
    assert link in page_html(client.get("/"))
    pages = client.get("/sitemap.xml").content.decode().count("sitemap-cases.xml")

    def withdraw():
        newest.status = Status.WITHDRAWN
        newest.save()

    elsewhere(withdraw, monkeypatch)
    assert link not in page_html(client.get("/"))
    assert client.get("/sitemap.xml").content.decode().count("sitemap-cases.xml") == pages - 1


def test_the_search_vocabulary_is_read_once_per_content_version(client, monkeypatch):
    term = Term.objects.published().get(slug="sociala-utfallskontrakt")
    covers = "Sökningen omfattar även:"
    assert "Resultatkontrakt" not in page_html(client.get("/sok/", {"q": "utfallskontrakt"}))
    Synonym.objects.bulk_create([Synonym(term=term, text="Resultatkontrakt")])  # no signal
    body = page_html(client.get("/sok/", {"q": "utfallskontrakt"}))
    assert covers in body and "Resultatkontrakt" not in body  # the kept vocabulary
    elsewhere(lambda: None, monkeypatch)
    assert "Resultatkontrakt" in page_html(client.get("/sok/", {"q": "utfallskontrakt"}))


def test_library_cards_are_shared_and_follow_a_change_elsewhere(client, monkeypatch):
    case = Case.objects.published().newest().first()
    client.get("/fall/")  # the cards are kept
    Case.objects.filter(pk=case.pk).update(lead="En ny ingress på kortet.")  # no signal
    another = f"/fall/?instrument={case.instruments.first().slug}"
    with CaptureQueriesContext(connection) as context:
        body = page_html(client.get(another))
    assert case.get_absolute_url() in body
    assert "En ny ingress på kortet." not in body  # the kept card
    assert not [q for q in context.captured_queries if "cases_case_instruments" in q["sql"]]
    elsewhere(lambda: None, monkeypatch)
    assert "En ny ingress på kortet." in page_html(client.get("/fall/"))


def test_a_value_kept_in_process_is_made_once_for_every_thread_that_waits():
    """Threads that need it while it is made wait for it, and share its value or
    its error: a database that does not answer is waited for once, not once a
    thread (which made a search wait twice the connect timeout for its 503)."""
    made, failed = [], []
    making = threading.Event()

    def make(previous, since, now):
        made.append(now)
        making.set()
        time.sleep(0.3)
        raise OperationalError("the database does not answer")

    kept = KeptInProcess(make)

    def ask():
        try:
            kept()
        except OperationalError as error:
            failed.append(error)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    threads[0].start()
    making.wait()
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len(failed) == 3
    kept.make = lambda previous, since, now: "made"
    assert kept() == "made"  # the next request tries again


def test_the_librarys_instrument_options_follow_a_withdrawal_elsewhere(client, monkeypatch):
    instrument = Instrument.objects.published().first()
    option = f'name="instrument" value="{instrument.slug}"'
    assert option in client.get("/fall/").content.decode()

    def withdraw():
        instrument.status = Status.WITHDRAWN
        instrument.save()

    elsewhere(withdraw, monkeypatch)
    assert option not in client.get("/fall/").content.decode()
