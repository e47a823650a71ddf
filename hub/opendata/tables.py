"""Open data: every published record as CSV (one file per table, with ids to
join them) and JSON, described field by field on /data/."""

import csv
import io
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q
from django.utils import timezone

from cases.models import Case, Organisation, OutcomeMetric, Participation
from insights.models import InsightArea, Quote
from instruments.models import Citation, Instrument, Synonym, Term
from publishing.models import Status
from publishing.registry import curated_models

from . import serializers as s
from .deal_terms import DealTermSerializer, public_deal_terms
from .indigo import INDIGO, delivery_locations

LICENCE = "CC0-1.0"


def published_cases():
    return Case.objects.published().prefetch_related(
        Prefetch("instruments", queryset=Instrument.objects.published()),
        "policy_areas",
        "tags",
        "municipalities",
        "counties",
    )


def published_sources():
    """Citations of published records, whose publication (if any) is public."""
    records = Q()
    for model in curated_models():
        content_type = ContentType.objects.get_for_model(model)
        published = model.objects.published().values("pk")
        records |= Q(content_type=content_type, object_id__in=published)
    return Citation.objects.public().filter(records).select_related("content_type").order_by("pk")


class Table:
    """One open-data table: its rows come from ``source`` (a queryset or a
    list of dicts) and look as ``serializer`` says."""

    def __init__(self, name, title, serializer, source):
        self.name, self.title, self.serializer, self.source = name, title, serializer, source

    def rows(self, request=None):
        data = self.source()
        if isinstance(data, list):
            return data
        return self.serializer(data, many=True, context={"request": request}).data

    def count(self):
        data = self.source()
        return len(data) if isinstance(data, list) else data.count()

    def fields(self):
        serializer = self.serializer()
        indigo = INDIGO.get(self.name, {})
        return [
            (name, describe(serializer, name, field), indigo.get(name, ""))
            for name, field in serializer.fields.items()
        ]


# Descriptions of fields whose model help is written for curators, not for
# readers of the data: plain sentences, never Markdown.
DESCRIPTIONS = {
    "id": "Postens id i tabellen.",
    "slug": "Postens kortnamn i webbadressen.",
    "number": "Numret i rapporten, till exempel 4.1.",
}
MARKDOWN = "Löptext som kan ha Markdown-formatering (rubriker, listor och länkar)."


def describe(serializer, name, field):
    """What a field holds, as plain text: the serializer's or model's help
    when it explains the field, else the model field's name."""
    text = str(field.help_text or "")
    if "markdown" in text.lower():
        return MARKDOWN
    if name in DESCRIPTIONS and (not text or not any(c.isalpha() for c in text)):
        return DESCRIPTIONS[name]
    if text:
        return text
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    try:
        label = str(model._meta.get_field(field.source).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return ""
    return label[:1].upper() + label[1:] + "."


def _delivery_location_rows():
    return [row for case in published_cases() for row in delivery_locations(case)]


TABLES = {
    table.name: table
    for table in [
        Table("cases", "Exempel", s.CaseSerializer, published_cases),
        Table("participations", "Aktörer i exemplen och deras roller", s.ParticipationSerializer,
              Participation.objects.public),
        Table("delivery_locations", "Exemplens kommuner och län", s.DeliveryLocationSerializer,
              _delivery_location_rows),
        Table("outcome_metrics", "Utfallsmått och resultat", s.OutcomeMetricSerializer,
              lambda: OutcomeMetric.objects.filter(case__status=Status.PUBLISHED)),
        Table("deal_terms", "Pengar och risk: villkor med källor", DealTermSerializer,
              public_deal_terms),
        Table("sources", "Källhänvisningar för alla poster", s.SourceSerializer, published_sources),
        Table("instruments", "Instrument", s.InstrumentSerializer,
              lambda: Instrument.objects.published().prefetch_related("terms__synonyms")),
        Table("insight_areas", "Insiktsområden", s.InsightAreaSerializer,
              lambda: InsightArea.objects.published()),
        Table("quotes", "Citat", s.QuoteSerializer, lambda: Quote.objects.published()),
        Table("glossary_terms", "Begrepp", s.TermSerializer,
              lambda: Term.objects.published().prefetch_related("synonyms")),
        Table("glossary_synonyms", "Synonymer till begreppen", s.SynonymSerializer,
              lambda: Synonym.objects.filter(term__status=Status.PUBLISHED)),
        Table("organisations", "Aktörer", s.OrganisationSerializer,
              lambda: Organisation.objects.published().select_related("municipality", "county")),
    ]
}  # fmt: skip


def as_csv(table, request=None, delimiter=","):
    """CSV with a header row; lists are joined with "; ". It starts with a
    UTF-8 byte-order mark, which tells Excel the encoding. The variant for
    Excel with Swedish settings separates columns with semicolons."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    names = [name for name, _help, _indigo in table.fields()]
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    for row in table.rows(request):
        writer.writerow(
            {
                key: "; ".join(value)
                if isinstance(value, list)
                else ("" if value is None else value)
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


def as_excel_csv(table, request=None):
    return as_csv(table, request, delimiter=";")


def as_json(table, request=None):
    document = {
        "table": table.name,
        "title": table.title,
        "licence": LICENCE,
        "generated": timezone.now(),
        "fields": [
            {"name": name, "description": help_text, "indigo": indigo}
            for name, help_text, indigo in table.fields()
        ],
        "rows": table.rows(request),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
