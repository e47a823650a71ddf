"""Add many published rows fast, to prove that pages don't run more queries
when there is more content. Bulk inserts send no signals, so each function
ends as an import does: it writes the search documents again and marks the
content changed (what is kept per content version is built again)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag

from cases.models import (
    Case,
    County,
    DealTerm,
    Municipality,
    Organisation,
    OutcomeMetric,
    Participation,
    PolicyArea,
)
from insights.models import Dialogue, InsightArea, Quote
from instruments.models import Citation, Instrument, Publication, Synonym, Term
from publishing.models import Status, TaggedRecord
from publishing.versions import content_changed
from search.documents import rebuild


def add_cases(n, prefix="massfall"):
    instruments = list(Instrument.objects.all())
    municipalities = list(Municipality.objects.all()[:50])
    counties = list(County.objects.all())
    areas = list(PolicyArea.objects.all())
    organisation = Organisation.objects.published().first()
    now = timezone.now()
    tags = [Tag.objects.get_or_create(name=f"ämne {i}", slug=f"amne-{i}")[0] for i in range(10)]
    cases = Case.objects.bulk_create(
        Case(
            title=f"Exempel {prefix} {i}",
            slug=f"{prefix}-{i}",
            lead="Ett exempel.",
            stage=Case.Stage.IMPLEMENTATION,
            start_year=2000 + i % 25,
            status=Status.PUBLISHED,
            published_at=now + timedelta(seconds=i),
        )
        for i in range(n)
    )
    through = Case.instruments.through
    through.objects.bulk_create(
        through(case=c, instrument=instruments[i % len(instruments)]) for i, c in enumerate(cases)
    )
    through = Case.municipalities.through
    through.objects.bulk_create(
        through(case=c, municipality=municipalities[i % 50]) for i, c in enumerate(cases)
    )
    through = Case.counties.through
    through.objects.bulk_create(
        through(case=c, county=counties[i % len(counties)]) for i, c in enumerate(cases)
    )
    through = Case.policy_areas.through
    through.objects.bulk_create(
        through(case=c, policyarea=areas[i % len(areas)]) for i, c in enumerate(cases)
    )
    content_type = ContentType.objects.get_for_model(Case)
    TaggedRecord.objects.bulk_create(
        TaggedRecord(tag=tags[i % 10], content_type=content_type, object_id=c.pk)
        for i, c in enumerate(cases)
    )
    Participation.objects.bulk_create(
        Participation(case=c, organisation=organisation, role="investor") for c in cases
    )
    Citation.objects.bulk_create(
        Citation(content_type=content_type, object_id=c.pk, url="https://example.org/")
        for c in cases
    )
    written()
    return cases


def add_participations(case, n):
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Aktör {i}",
            slug=f"aktor-massa-{i}",
            sector="public",
            kind="agency",
            status=Status.PUBLISHED,
        )
        for i in range(n)
    )
    Participation.objects.bulk_create(
        Participation(case=case, organisation=o, role="partner") for o in organisations
    )
    written()


def add_organisations(n):
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {i}",
            slug=f"organisation-massa-{i}",
            sector="private",
            kind="company",
            status=Status.PUBLISHED,
        )
        for i in range(n)
    )
    written()


def add_terms(n):
    terms = Term.objects.bulk_create(
        Term(
            term=f"Term {i}", slug=f"term-massa-{i}", definition="En term.", status=Status.PUBLISHED
        )
        for i in range(n)
    )
    Synonym.objects.bulk_create(Synonym(term=t, text=f"synonym {t.pk}") for t in terms)
    written()


def add_quotes(insight, n):
    Quote.objects.bulk_create(
        Quote(
            text=f"Citat nummer {i}.",
            role="region",
            section=insight.number,
            insight_area=insight,
            status=Status.PUBLISHED,
            order=100 + i,
        )
        for i in range(n)
    )
    written()


def add_dialogues(n):
    import datetime

    Dialogue.objects.bulk_create(
        Dialogue(
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i),
            audiences_text="Kommuner",
            description=f"Möte {i}.",
            status=Status.PUBLISHED,
        )
        for i in range(n)
    )
    written()


def add_publications(n):
    Publication.objects.bulk_create(
        Publication(title=f"Källa {i}", slug=f"kalla-massa-{i}", status=Status.PUBLISHED)
        for i in range(n)
    )
    written()


def add_insight_cases(insight, n):
    cases = add_cases(n, prefix="insiktsfall")
    through = Case.insight_areas.through
    through.objects.bulk_create(through(case=c, insightarea=insight) for c in cases)
    written()
    return cases


def add_deal_terms(slug, n):
    """Many deal terms and outcome measures on one case."""
    case = Case.objects.get(slug=slug)
    publications = Publication.objects.bulk_create(
        Publication(title=f"Villkorskälla {i}", slug=f"villkorskalla-{i}", status=Status.PUBLISHED)
        for i in range(n)
    )
    organisation = Organisation.objects.filter(status=Status.PUBLISHED).first()
    DealTerm.objects.bulk_create(
        DealTerm(
            case=case,
            kind=DealTerm.Kind.RISK_PROVIDER,
            text=f"Villkor {i}",
            organisation=organisation,
            publication=publication,
            order=100 + i,
        )
        for i, publication in enumerate(publications)
    )
    OutcomeMetric.objects.bulk_create(
        OutcomeMetric(case=case, name=f"Mått {i}", pays_out=i % 2 == 0, order=100 + i)
        for i in range(n)
    )
    written()


def first_insight():
    return InsightArea.objects.get(number="4.2")


def written():
    rebuild()
    content_changed()
