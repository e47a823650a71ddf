"""The stored search documents stay what a full rebuild would write, through
every kind of change a curator makes: a record's own text, a row on its form,
an organisation's name, a tag, a policy area, a deletion."""

import pytest
from django.db import connection

from cases.models import Case, Organisation, PolicyArea
from insights.models import InsightArea
from search.documents import rebuild
from search.models import Document
from search.views import search

pytestmark = pytest.mark.django_db

CASE = "norrkoping-socialt-utfallskontrakt"


def stored():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content_type_id, object_id, vector::text FROM search_document ORDER BY 1, 2"
        )
        return cursor.fetchall()


def titles(query):
    return [result.title for result in search(query).results]


def test_every_change_keeps_the_documents_as_a_rebuild_writes_them():
    case = Case.objects.get(slug=CASE)
    case.lead += " Ordet fjärilsmätning står här."
    case.save()
    metric = case.outcome_metrics.create(name="Kvarnstensmått", order=99)
    participation = case.participations.first()
    participation.description = "Värdvandrare"
    participation.save()
    organisation = participation.organisation
    organisation.name += " Lindormsbolaget"
    organisation.save()
    case.tags.add("stjärnfallsämne")
    area = PolicyArea.objects.create(name="Molnbyggnad", slug="molnbyggnad")
    case.policy_areas.add(area)
    area.name = "Molnbyggnadskonst"
    area.save()
    insight = InsightArea.objects.get(number="4.5")
    insight.sub_themes.create(title="Gryningsord", slug="gryningsord", body="Text.", order=99)

    for query, title in [
        ("fjärilsmätning", case.title),
        ("kvarnstensmått", case.title),
        ("värdvandrare", case.title),
        ("lindormsbolaget", case.title),
        ("stjärnfallsämne", case.title),
        ("molnbyggnadskonst", case.title),
        ("gryningsord", insight.title),
    ]:
        assert title in titles(query), query
    maintained = stored()
    rebuild()
    assert stored() == maintained

    metric.delete()
    case.tags.remove("stjärnfallsämne")
    case.policy_areas.clear()
    assert case.title not in titles("kvarnstensmått")
    assert case.title not in titles("stjärnfallsämne")
    assert case.title not in titles("molnbyggnadskonst")
    maintained = stored()
    rebuild()
    assert stored() == maintained


def test_a_deleted_record_leaves_no_document():
    organisation = Organisation.objects.create(
        name="Tillfälliga Ugglebolaget", slug="ugglebolaget", sector="private", kind="company"
    )
    assert Document.objects.filter(object_id=organisation.pk).exists()
    organisation.delete()
    maintained = stored()
    rebuild()
    assert stored() == maintained
    assert not [row for row in maintained if "ugglebolaget" in row[2]]
