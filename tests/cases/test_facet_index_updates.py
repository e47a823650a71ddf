"""After a committed change the facet index is brought up to date from what
the change touched, not rebuilt, and answers exactly as a new build would;
a change it cannot follow (a renamed instrument, an unknown change) makes
it build afresh."""

import pytest

from cases import facet_index as facet_index_module
from cases.facet_index import FacetIndex, facet_index
from cases.models import Case, County, Organisation, Participation, Role
from instruments.models import Citation, Instrument, Publication
from publishing.models import Status
from publishing.versions import bump_content_version
from publishing.workflow import transition

pytestmark = pytest.mark.django_db


def answers(index):
    """What the index answers, by case pk: every facet value's cases and
    label, the years, the library's default order."""

    def pks(bits):
        return {pk for slot, pk in enumerate(index.pks) if pk is not None and bits >> slot & 1}

    return {
        "facets": {
            name: {
                value: (pks(bits), index.labels[name].get(value)) for value, bits in found.items()
            }
            for name, found in index.bits.items()
        },
        "years": {year: pks(bits) for year, bits in index.years.items()},
        "everything": pks(index.everything),
        "newest": [index.pks[slot] for slot in index.newest],
    }


@pytest.fixture
def builds(monkeypatch):
    """Counts the builds from scratch after the first."""
    facet_index()
    counted = []
    build = FacetIndex.build.__func__

    def counting(cls):
        counted.append(1)
        return build(cls)

    monkeypatch.setattr(FacetIndex, "build", classmethod(counting))
    return counted


def published_case(**kwargs):
    return Case.objects.published().filter(**kwargs).order_by("pk").first()


def withdraw(user):
    transition(published_case(), Status.WITHDRAWN, user)


def publish_a_draft(user):
    case = Case.objects.create(
        title="Ett nytt exempel", slug="ett-nytt-exempel", lead="Nytt.", stage="idea"
    )
    case.instruments.add(Instrument.objects.published().first())
    case.tags.add("nytt ämne")
    Participation.objects.create(
        case=case, organisation=Organisation.objects.published().first(), role=Role.values[0]
    )
    Citation.objects.create(content_object=case, publication=Publication.objects.published()[0])
    transition(case, Status.REVIEW, user)
    transition(case, Status.PUBLISHED, user)


def edit_stage_and_year(user):
    case = published_case()
    case.stage, case.start_year = "discontinued", 1999
    case.save()


def change_links(user):
    case = published_case()
    case.instruments.add(*Instrument.objects.published())
    case.counties.clear()
    case.counties.add(County.objects.get(code="25"))
    instrument = Instrument.objects.published().last()  # from the instrument's side
    instrument.cases.add(Case.objects.published().exclude(instruments=instrument).first())


def change_tags(user):
    case = published_case()
    case.tags.add("ett annat ämne")
    case.tags.remove(*case.tags.exclude(name="ett annat ämne")[:1])


def change_participants(user):
    """A case gains the private sector, another loses a participant, and an
    organisation moves from one sector to another."""
    case = published_case()
    private = Organisation.objects.published().filter(sector="private").first()
    without = Case.objects.published().exclude(participations__organisation__sector="private")
    Participation.objects.create(case=without.first(), organisation=private, role=Role.values[0])
    Participation.objects.filter(case=case).first().delete()
    moved = Organisation.objects.published().filter(participations__isnull=False).first()
    moved.sector = "civil_society" if moved.sector != "civil_society" else "public"
    moved.save()


def delete_a_case(user):
    published_case().delete()


CHANGES = [
    withdraw,
    publish_a_draft,
    edit_stage_and_year,
    change_links,
    change_tags,
    change_participants,
    delete_a_case,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_the_index_follows_a_committed_change_without_a_new_build(
    change, builds, admin_user, django_capture_on_commit_callbacks
):
    before = answers(facet_index())
    with django_capture_on_commit_callbacks(execute=True):
        change(admin_user)
    updated = facet_index()
    assert builds == []  # brought up to date, not built
    assert answers(updated) == answers(FacetIndex.build())
    assert answers(updated) != before


def test_several_changes_in_a_row_and_other_orders(
    builds, admin_user, client, django_capture_on_commit_callbacks
):
    for change in CHANGES:
        with django_capture_on_commit_callbacks(execute=True):
            change(admin_user)
    by_title = client.get("/fall/", {"sortering": "titel"}).context["cases"]
    assert builds == []
    assert answers(facet_index()) == answers(FacetIndex.build())
    expected = Case.objects.published().order_by("title", "pk")[:20]
    assert [case.pk for case in by_title] == [case.pk for case in expected]


def test_a_renamed_instrument_or_an_unknown_change_means_a_new_build(
    builds, django_capture_on_commit_callbacks
):
    instrument = Instrument.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        instrument.name = "Ett nytt namn"
        instrument.save()
    assert facet_index().labels["instrument"][instrument.slug] == "Ett nytt namn"
    assert len(builds) == 1
    bump_content_version()  # a new release, Redis back: nothing to follow
    facet_index()
    assert len(builds) == 2


def test_too_many_empty_slots_mean_a_new_build(
    builds, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(facet_index_module, "FacetIndex", FacetIndex)
    published = list(Case.objects.published().order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        for case in published[: len(published) // 4 + 1]:
            transition(case, Status.WITHDRAWN, admin_user)
    index = facet_index()
    assert len(builds) == 1 and None not in index.pks
