"""Load the hub's content from ``fixtures/`` into the database, idempotently.

Records are matched on their natural keys (slugs, numbers, SCB codes), so a
second run finds every row in place and changes nothing: no duplicate rows
and no new history entries. A record is only saved when a value differs,
child rows (steps, synonyms, participations …) are brought in line with the
file, and everything runs in one transaction.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.models import (
    Case,
    County,
    Milestone,
    Municipality,
    Organisation,
    OutcomeMetric,
    Participation,
    PolicyArea,
)
from insights.models import (
    Activity,
    ActivityChallenge,
    ActivityQuestion,
    Dialogue,
    InsightArea,
    KeyFigure,
    Quote,
    Recommendation,
    SubTheme,
)
from instruments.models import (
    Actor,
    Audience,
    Citation,
    Definition,
    Instrument,
    LegalNote,
    Publication,
    Step,
    Subform,
    Synonym,
    Term,
)
from publishing.models import Status

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class Report:
    """What a load did: rows created and updated per model."""

    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    def count(self, bucket, model):
        name = model._meta.label
        bucket[name] = bucket.get(name, 0) + 1


class Loader:
    def __init__(self, fixtures=FIXTURES):
        self.fixtures = Path(fixtures)
        self.report = Report()
        self.now = timezone.now()

    # -- generic helpers ------------------------------------------------------

    def read(self, name):
        with open(self.fixtures / name, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    def upsert(self, model, lookup, values):
        """Create or update one row; save only when a value differs."""
        obj = model.objects.filter(**lookup).first()
        is_curated = hasattr(model, "status")
        if is_curated:
            values.setdefault("status", Status.PUBLISHED)
        if obj is None:
            obj = model(**lookup, **values)
            if is_curated and obj.status == Status.PUBLISHED:
                obj.published_at = self.now
            obj.full_clean()
            obj.save()
            self.report.count(self.report.created, model)
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if is_curated and obj.status == Status.PUBLISHED and obj.published_at is None:
            changed.append("published_at")
            values["published_at"] = self.now
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.report.count(self.report.updated, model)
        return obj

    def sync_children(self, model, parent_lookup, key_fields, rows):
        """Make the child rows of one parent match ``rows`` (dicts of values)."""
        keep = []
        for row in rows:
            lookup = {**parent_lookup, **{key: row.pop(key) for key in key_fields}}
            keep.append(self.upsert(model, lookup, row).pk)
        stale = model.objects.filter(**parent_lookup).exclude(pk__in=keep)
        for obj in stale:
            obj.delete()

    def sync_citations(self, obj, sources):
        content_type = ContentType.objects.get_for_model(obj)
        rows = []
        for order, source in enumerate(sources or [], start=1):
            rows.append(
                {
                    "order": order,
                    "publication": self.publications[source["pub"]] if "pub" in source else None,
                    "url": source.get("url", ""),
                    "locator": source.get("at", ""),
                    "note": source.get("note", ""),
                }
            )
        self.sync_children(
            Citation, {"content_type": content_type, "object_id": obj.pk}, ["order"], rows
        )

    def sync_m2m(self, obj, name, related):
        manager = getattr(obj, name)
        current = {o.pk for o in manager.all()}
        if current != {o.pk for o in related}:
            manager.set(related)

    def sync_tags(self, obj, tags):
        if {t.name for t in obj.tags.all()} != set(tags or []):
            obj.tags.set(tags or [], clear=False)

    def text_fields(self, item, names):
        return {name: (item.get(name) or "").strip() for name in names}

    # -- loading, lowest app first -----------------------------------------------

    @transaction.atomic
    def load(self):
        self.load_geo()
        self.load_publications()
        self.load_audiences()
        self.load_instruments()
        self.load_terms()
        self.load_insights()
        self.load_activities()
        self.load_quotes()
        self.load_dialogues()
        self.load_organisations()
        self.load_cases()
        return self.report

    def load_geo(self):
        with open(self.fixtures / "geo" / "counties.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                self.upsert(
                    County,
                    {"code": row["county_code"]},
                    {
                        "name": row["county_name"],
                        "short_name": row["county_name_short"],
                        "slug": slugify(row["county_name_short"]),
                    },
                )
        counties = {c.code: c for c in County.objects.all()}
        official = self.read("geo/official_names.yaml")
        with open(self.fixtures / "geo" / "municipalities.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        # Håbo and Habo share a slug; such names get their SCB code appended.
        slugs = [slugify(row["municipality_name_short"]) for row in rows]
        for row, slug in zip(rows, slugs, strict=True):
            code = row["municipality_code"]
            self.upsert(
                Municipality,
                {"code": code},
                {
                    "name": row["municipality_name_short"],
                    "official_name": official.get(code, ""),
                    "county": counties[row["county_code"]],
                    "slug": slug if slugs.count(slug) == 1 else f"{slug}-{code}",
                },
            )
        self.counties = counties
        self.municipalities = {m.code: m for m in Municipality.objects.all()}

    def load_publications(self):
        for item in self.read("publications.yaml"):
            order = item.get("reading_list")
            self.upsert(
                Publication,
                {"slug": item["slug"]},
                {
                    "title": item["title"],
                    "kind": item["kind"],
                    **self.text_fields(
                        item, ["authors", "publisher", "isbn", "url", "description"]
                    ),
                    "year": item.get("year"),
                    "published_on": item.get("published_on"),
                    "in_reading_list": order is not None,
                    "reading_list_order": order,
                },
            )
        self.publications = {p.slug: p for p in Publication.objects.all()}

    def load_audiences(self):
        self.audience_items = self.read("audiences.yaml")
        for order, item in enumerate(self.audience_items, start=1):
            audience = self.upsert(
                Audience,
                {"slug": item["slug"]},
                {"name": item["name"], "order": order, **self.text_fields(item, ["lead", "body"])},
            )
            self.sync_citations(audience, item.get("sources"))
        self.audiences = {a.slug: a for a in Audience.objects.all()}

    def load_instruments(self):
        data = self.read("instruments.yaml")
        for order, item in enumerate(data["instruments"], start=1):
            instrument = self.upsert(
                Instrument,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "short_name": item.get("short_name", ""),
                    "kind": item["kind"],
                    "report_section": item["report_section"],
                    "order": order,
                    **self.text_fields(
                        item,
                        [
                            "lead",
                            "body",
                            "who_finances",
                            "risk_bearer",
                            "procurement_notes",
                            "not_to_confuse_note",
                        ],
                    ),
                },
            )
            self.sync_children(
                Actor,
                {"instrument": instrument},
                ["name"],
                [{"name": name, "order": n} for n, name in enumerate(item.get("actors", []))],
            )
            actors = {actor.name: actor for actor in instrument.actors.all()}
            self.sync_children(
                Step,
                {"instrument": instrument},
                ["order"],
                [
                    {
                        "order": number,
                        "actor": step["actor"],
                        "action": step["action"],
                        "recipient": step.get("recipient", ""),
                        "flow": step["flow"],
                        "description": step.get("description", "").strip(),
                        "source": actors[step["from"]] if step.get("from") else None,
                        "target": actors[step["to"]] if step.get("to") else None,
                    }
                    for number, step in enumerate(item.get("steps", []), start=1)
                ],
            )
            self.sync_children(
                Subform,
                {"instrument": instrument},
                ["slug"],
                [
                    {
                        "slug": sub["slug"],
                        "title": sub["title"],
                        "report_section": sub.get("report_section", ""),
                        "body": sub["body"].strip(),
                        "order": number,
                    }
                    for number, sub in enumerate(item.get("subforms", []), start=1)
                ],
            )
            self.sync_tags(instrument, item.get("tags"))
            self.sync_citations(instrument, item.get("sources"))
        self.instruments = {i.slug: i for i in Instrument.objects.all()}
        for item in data["instruments"]:
            instrument = self.instruments[item["slug"]]
            for name in ("confused_with", "combinable_with"):
                self.sync_m2m(instrument, name, [self.instruments[s] for s in item.get(name, [])])
        for item in self.audience_items:
            linked = [self.instruments[s] for s in item.get("instruments", [])]
            self.sync_m2m(self.audiences[item["slug"]], "instruments", linked)

        for item in data["legal_notes"]:
            note = self.upsert(
                LegalNote,
                {"slug": item["slug"]},
                {
                    "title": item["title"],
                    "report_section": item["report_section"],
                    **self.text_fields(item, ["lead", "body"]),
                },
            )
            applies_to = item.get("instruments") or list(self.instruments)
            self.sync_m2m(note, "instruments", [self.instruments[s] for s in applies_to])
            self.sync_citations(note, item.get("sources"))

    def load_terms(self):
        data = self.read("terms.yaml")
        for item in data:
            term = self.upsert(
                Term,
                {"slug": item["slug"]},
                {
                    "term": item["term"],
                    "definition": item["definition"].strip(),
                    "instrument": self.instruments.get(item.get("instrument")),
                    "report_section": str(item.get("report_section", "")),
                },
            )
            self.sync_children(
                Synonym,
                {"term": term},
                ["text"],
                [
                    {"text": s["text"], "language": s.get("lang", "sv"), "note": s.get("note", "")}
                    for s in item.get("synonyms", [])
                ],
            )
            self.sync_children(
                Definition,
                {"term": term},
                ["order"],
                [
                    {
                        "order": number,
                        "source": d["source"],
                        "text": d["text"].strip(),
                        "publication": self.publications[d["pub"]],
                        "locator": d.get("at", ""),
                    }
                    for number, d in enumerate(item.get("definitions", []), start=1)
                ],
            )
            self.sync_citations(term, item.get("sources"))
        self.terms = {t.slug: t for t in Term.objects.all()}
        for item in data:
            related = [self.terms[s] for s in item.get("related", [])]
            self.sync_m2m(self.terms[item["slug"]], "related", related)

    def load_insights(self):
        data = self.read("insights.yaml")
        for order, item in enumerate(data["insight_areas"], start=1):
            area = self.upsert(
                InsightArea,
                {"number": str(item["number"])},
                {
                    "slug": item["slug"],
                    "title": item["title"],
                    "order": order,
                    **self.text_fields(item, ["lead", "body"]),
                },
            )
            self.sync_children(
                SubTheme,
                {"insight_area": area},
                ["slug"],
                [
                    {"slug": t["slug"], "title": t["title"], "body": t["body"].strip(), "order": n}
                    for n, t in enumerate(item.get("sub_themes", []), start=1)
                ],
            )
            self.sync_m2m(area, "instruments", [self.instruments[s] for s in item["instruments"]])
            self.sync_m2m(area, "audiences", [self.audiences[s] for s in item["audiences"]])
            self.sync_tags(area, item.get("tags"))
            self.sync_citations(area, item.get("sources"))
        self.insight_areas = {a.number: a for a in InsightArea.objects.all()}
        self.sub_themes = {t.slug: t for t in SubTheme.objects.all()}
        self.key_figures = data["key_figures"]

    def load_activities(self):
        data = self.read("activities.yaml")
        for order, item in enumerate(data["activities"], start=1):
            activity = self.upsert(
                Activity,
                {"number": str(item["number"])},
                {
                    "slug": item["slug"],
                    "title": item["title"],
                    "order": order,
                    **self.text_fields(item, ["lead", "body"]),
                },
            )
            self.sync_children(
                ActivityChallenge,
                {"activity": activity},
                ["order"],
                [
                    {
                        "order": n,
                        "text": c["text"],
                        "insight_area": self.insight_areas.get(str(c.get("insight_area"))),
                    }
                    for n, c in enumerate(item["challenges"], start=1)
                ],
            )
            self.sync_children(
                ActivityQuestion,
                {"activity": activity},
                ["order"],
                [{"order": n, "text": q} for n, q in enumerate(item["questions"], start=1)],
            )
            self.sync_tags(activity, item.get("tags"))
            self.sync_citations(activity, item.get("sources"))
        self.activities = {a.number: a for a in Activity.objects.all()}
        for item in data["recommendations"]:
            recommendation = self.upsert(
                Recommendation, {"number": item["number"]}, {"text": item["text"]}
            )
            linked = [self.activities[str(n)] for n in item.get("activities", [])]
            self.sync_m2m(recommendation, "activities", linked)
            self.sync_citations(recommendation, item.get("sources"))
        for order, item in enumerate(self.key_figures, start=1):
            figure = self.upsert(
                KeyFigure,
                {"order": order},
                {
                    "value": item["value"],
                    "label": item["label"],
                    "section": str(item.get("section", "")),
                    "insight_area": self.insight_areas.get(str(item.get("insight_area"))),
                    "activity": self.activities.get(str(item.get("activity"))),
                    "instrument": self.instruments.get(item.get("instrument")),
                },
            )
            self.sync_citations(figure, item.get("sources"))

    def load_quotes(self):
        for order, item in enumerate(self.read("quotes.yaml"), start=1):
            section = str(item["section"])
            quote = self.upsert(
                Quote,
                {"section": section, "order": order},
                {
                    "text": item["text"].strip(),
                    "role": item["role"],
                    "insight_area": self.insight_areas.get(str(item.get("insight_area"))),
                    "sub_theme": self.sub_themes.get(item.get("sub_theme")),
                    "activity": self.activities.get(str(item.get("activity"))),
                    "term": self.terms.get(item.get("term")),
                },
            )
            linked = [self.instruments[s] for s in item.get("instruments", [])]
            self.sync_m2m(quote, "instruments", linked)
            self.sync_citations(quote, [{"pub": "rapport-2020-2", "at": f"avsnitt {section}"}])

    def load_dialogues(self):
        data = self.read("dialogues.yaml")
        per_day = {}
        for item in data["rows"]:
            day = item["date"]
            per_day[day] = order = per_day.get(day, 0) + 1
            dialogue = self.upsert(
                Dialogue,
                {"date": day, "order": order},
                {"audiences_text": item["audiences"], "description": item["activity"].strip()},
            )
            self.sync_citations(dialogue, data["sources"])

    def load_organisations(self):
        for item in self.read("organisations.yaml"):
            organisation = self.upsert(
                Organisation,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "sector": item["sector"],
                    "kind": item["kind"],
                    "municipality": self.municipalities.get(item.get("municipality")),
                    "county": self.counties.get(item.get("county")),
                    **self.text_fields(item, ["website", "description"]),
                },
            )
            self.sync_citations(organisation, item.get("sources"))
        self.organisations = {o.slug: o for o in Organisation.objects.all()}

    def load_cases(self):
        data = self.read("cases.yaml")
        for order, item in enumerate(data["policy_areas"], start=1):
            self.upsert(PolicyArea, {"slug": item["slug"]}, {"name": item["name"], "order": order})
        policy_areas = {p.slug: p for p in PolicyArea.objects.all()}
        for item in data["cases"]:
            start_year, start_month = _year_month(item.get("start"))
            end_year, end_month = _year_month(item.get("end"))
            case = self.upsert(
                Case,
                {"slug": item["slug"]},
                {
                    "title": item["title"],
                    "stage": item["stage"],
                    "start_year": start_year,
                    "start_month": start_month,
                    "end_year": end_year,
                    "end_month": end_month,
                    "people_reached": item.get("people_reached"),
                    "investment_sek": item.get("investment_sek"),
                    "max_outcome_payment_sek": item.get("max_outcome_payment_sek"),
                    "total_cost_sek": item.get("total_cost_sek"),
                    "last_verified": item.get("last_verified"),
                    **self.text_fields(
                        item,
                        [
                            "lead",
                            "body",
                            "target_group",
                            "amounts_note",
                            "results",
                            "lessons",
                            "figures_conflict_note",
                        ],
                    ),
                },
            )
            self.sync_m2m(case, "instruments", [self.instruments[s] for s in item["instruments"]])
            self.sync_m2m(case, "policy_areas", [policy_areas[s] for s in item["policy_areas"]])
            self.sync_m2m(
                case,
                "municipalities",
                [self.municipalities[c] for c in item.get("municipalities", [])],
            )
            self.sync_m2m(case, "counties", [self.counties[c] for c in item.get("counties", [])])
            self.sync_m2m(
                case, "insight_areas", [self.insight_areas[str(n)] for n in item["insight_areas"]]
            )
            self.sync_m2m(case, "audiences", [self.audiences[s] for s in item["audiences"]])
            self.sync_tags(case, item.get("tags"))
            self.sync_children(
                Participation,
                {"case": case},
                ["organisation", "role"],
                [
                    {
                        "organisation": self.organisations[p["org"]],
                        "role": p["role"],
                        "description": p.get("description", ""),
                        "order": n,
                    }
                    for n, p in enumerate(item["participations"], start=1)
                ],
            )
            self.sync_children(
                OutcomeMetric,
                {"case": case},
                ["order"],
                [
                    {
                        "order": n,
                        "name": m["name"],
                        "target": m.get("target", ""),
                        "result": (m.get("result") or "").strip(),
                    }
                    for n, m in enumerate(item.get("outcome_metrics", []), start=1)
                ],
            )
            self.sync_children(
                Milestone,
                {"case": case},
                ["text"],
                [_milestone(m) for m in item.get("milestones", [])],
            )
            self.sync_citations(case, item.get("sources"))


def _year_month(value):
    """``2016`` → (2016, None); ``"2016-08"`` → (2016, 8); ``None`` → (None, None)."""
    if value is None:
        return None, None
    if isinstance(value, int):
        return value, None
    year, month = str(value).split("-")
    return int(year), int(month)


def _milestone(item):
    value = item["date"]
    if isinstance(value, datetime.date):
        year, month, day = value.year, value.month, value.day
    else:
        (year, month), day = _year_month(value), None
    return {
        "text": item["text"],
        "year": year,
        "month": month,
        "day": day,
        "when_text": item.get("when", ""),
    }


def load_content(fixtures=FIXTURES):
    return Loader(fixtures).load()
