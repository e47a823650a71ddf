"""Synthetic published cases for the benchmarks, written fast with bulk inserts.

The texts are recombined from the real content, so the search vectors look
like real Swedish prose; every case has instruments, places, a policy area,
tags, a participant and a source, like a curated case.

The cases go in with ``bulk_create`` (their keys are needed for the links);
the links, participants, tags and sources, several rows per case, with
PostgreSQL's ``COPY``, which is several times faster at 100 000 cases.
"""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    Case,
    Municipality,
    Organisation,
    Participation,
    PolicyArea,
    Role,
    Stage,
)
from insights.models import Activity, Dialogue, InsightArea, Quote
from instruments.models import Citation, Instrument, Publication, Term
from publishing.models import Status
from search.documents import rebuild

PREFIX = "syntetiskt"


def copy_rows(model, objects):
    """Write unsaved ``objects`` of ``model`` with COPY: every concrete column
    but an automatic key and generated ones, prepared as a save would."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.db_returning) and not field.generated
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
            )


def tag_row(case, tag, case_type):
    """A tag on ``case`` in whichever through model ``Case.tags`` uses."""
    through = Case.tags.through
    if any(field.name == "content_type" for field in through._meta.fields):
        return through(tag=tag, content_type=case_type, object_id=case.pk)
    return through(tag=tag, content_object=case)


def _sentences():
    """Every sentence of the real content: cases, instruments, insights, ideas,
    the glossary, quotes and the dialogue log (a few hundred sentences)."""
    texts = []
    for model, fields in (
        (Case, ("lead", "body", "results", "lessons", "target_group")),
        (Instrument, ("lead", "body", "who_finances", "risk_bearer", "procurement_notes")),
        (InsightArea, ("lead", "body")),
        (Activity, ("lead", "body")),
        (Term, ("definition",)),
        (Quote, ("text",)),
        (Dialogue, ("description",)),
    ):
        for row in model.objects.values_list(*fields):
            texts += [text for text in row if text]
    sentences = []
    for text in texts:
        for sentence in text.replace("\n", " ").replace("#", "").split(". "):
            sentence = sentence.strip(" .-")
            if len(sentence.split()) >= 5:
                sentences.append(sentence + ".")
    return sentences


@transaction.atomic
def seed_cases(count, seed=2020):
    """Add ``count`` published cases (idempotent: old synthetic cases are replaced)."""
    Case.objects.filter(slug__startswith=PREFIX).delete()
    rng = random.Random(seed)
    sentences = _sentences()
    instruments = list(Instrument.objects.published())
    municipalities = list(Municipality.objects.select_related("county"))
    areas = list(PolicyArea.objects.all())
    organisations = list(Organisation.objects.published())
    tags = list(Case.tags.through._meta.get_field("tag").related_model.objects.all())
    report = Publication.objects.get(slug="rapport-2020-2")
    words = [w for s in sentences for w in s.split() if len(w) > 6]
    now = timezone.now()

    cases = Case.objects.bulk_create(
        (
            Case(
                title=f"{rng.choice(words).strip('.,').capitalize()} i {m.name} {i}",
                slug=f"{PREFIX}-{i}",
                lead=" ".join(rng.sample(sentences, 2)),
                body=" ".join(rng.sample(sentences, 5)),
                target_group=rng.choice(sentences),
                stage=rng.choice(Stage.values),
                start_year=rng.randint(2010, 2026),
                investment_sek=rng.choice([None, rng.randint(1, 100) * 500_000]),
                status=Status.PUBLISHED,
                published_at=now - timedelta(days=rng.randint(0, 3000), seconds=i),
            )
            for i, m in enumerate(rng.choice(municipalities) for _ in range(count))
        ),
        batch_size=1000,
    )
    case_type = ContentType.objects.get_for_model(Case)
    links = {
        Case.instruments.through: [],
        Case.municipalities.through: [],
        Case.counties.through: [],
        Case.policy_areas.through: [],
    }
    participations, tagged, citations = [], [], []
    for case in cases:
        place = rng.choice(municipalities)
        for instrument in rng.sample(instruments, rng.randint(1, 2)):
            links[Case.instruments.through].append(
                Case.instruments.through(case=case, instrument=instrument)
            )
        links[Case.municipalities.through].append(
            Case.municipalities.through(case=case, municipality=place)
        )
        links[Case.counties.through].append(Case.counties.through(case=case, county=place.county))
        links[Case.policy_areas.through].append(
            Case.policy_areas.through(case=case, policyarea=rng.choice(areas))
        )
        for organisation in rng.sample(organisations, 2):
            participations.append(
                Participation(case=case, organisation=organisation, role=rng.choice(Role.values))
            )
        for tag in rng.sample(tags, 2):
            tagged.append(tag_row(case, tag, case_type))
        citations.append(Citation(content_type=case_type, object_id=case.pk, publication=report))
    for model, rows in links.items():
        copy_rows(model, rows)
    copy_rows(Participation, participations)  # two different organisations: no duplicates
    copy_rows(Case.tags.through, tagged)
    copy_rows(Citation, citations)
    rebuild()  # bulk rows send no signals: write the search documents
    return len(cases)
