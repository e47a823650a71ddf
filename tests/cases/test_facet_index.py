"""The library's counts and pages from the index in memory are the counts
and pages SQL gives, and follow every publish and withdrawal."""

import pytest

import cases.views
from cases.facet_index import facet_index
from cases.filters import CaseFilter
from cases.models import Case
from publishing.models import Status
from publishing.versions import content_version
from publishing.workflow import transition
from tests.cases.sql_facets import sql_facets, year_counts
from tests.growth import add_cases

pytestmark = pytest.mark.django_db

URLS = [
    "/fall/",
    "/fall/?instrument=sociala-utfallskontrakt&lan=01",
    "/fall/?instrument=sociala-utfallskontrakt&instrument=sociala-obligationer",
    "/fall/?skede=implementation&sektor=public",
    "/fall/?q=utfallskontrakt",
    "/fall/?q=barn&omrade=socialtjanst",
    "/fall/?fran=2015&till=2019",
    "/fall/?amne=sjukskrivning",
    "/fall/?kommun=0581&sortering=titel",
    "/fall/?instrument=sociala-utfallskontrakt&sida=2",
    "/fall/?sortering=titel&sida=2",
    "/fall/?sortering=start&lan=01",
    "/fall/?skede=implementation&sida=3",
]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("url", URLS)
def test_the_library_is_the_same_as_with_the_counts_from_sql(client, monkeypatch, url):
    add_cases(45)
    from_index = page(client, url)

    def counted_by_sql(filterset, index, chosen, names=None):
        return sql_facets(filterset, Case.objects.published())

    def paged_by_sql(view):
        selected_in_index(view)
        return view.filterset.qs.values_list("pk", flat=True)

    selected_in_index = cases.views.CaseListView.get_queryset
    monkeypatch.setattr(cases.views, "build_facets", counted_by_sql)
    monkeypatch.setattr(cases.views.CaseListView, "get_queryset", paged_by_sql)
    from_sql = page(client, url)
    assert from_index.content.decode() == from_sql.content.decode()

    filterset = from_index.context["filterset"]
    selected = from_index.context["view"].selected
    assert selected.bit_count() == filterset.qs.count() == from_index.context["paginator"].count
    assert facet_index().year_counts(selected) == year_counts(filterset.qs)


def test_the_counts_follow_a_publish_and_a_withdrawal(
    client, admin_user, django_capture_on_commit_callbacks
):
    def counted():
        response = page(client, "/fall/?instrument=sociala-utfallskontrakt")
        return response.context["paginator"].count

    case = Case.objects.filter(
        status=Status.PUBLISHED, instruments__slug="sociala-utfallskontrakt"
    ).first()
    before, version = counted(), content_version()
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, Status.WITHDRAWN, admin_user)
    assert content_version() != version  # every process builds its index again
    assert counted() == before - 1
    with django_capture_on_commit_callbacks(execute=True):
        transition(case, Status.PUBLISHED, admin_user)
    assert counted() == before


def test_drafts_are_never_in_the_index():
    draft = Case.objects.create(
        title="Ett utkast", slug="ett-utkast", lead="Utkast.", stage="idea", start_year=2031
    )
    index = facet_index()
    assert draft.pk not in index.position
    assert 2031 not in index.years
    published = set(Case.objects.published().values_list("pk", flat=True))
    assert set(index.position) == published
    assert index.everything.bit_count() == len(published)
    filterset = CaseFilter({}, queryset=Case.objects.published())
    assert filterset.is_valid()
