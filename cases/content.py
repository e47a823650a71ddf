"""The cases app's content: counties and municipalities (``fixtures/geo/``),
organisations, policy areas and cases, from ``fixtures/``."""

import datetime

from django.utils.text import slugify

from insights.content import InsightLoader
from instruments.content import InstrumentLoader, SourcedLoader

from .models import (
    Case,
    County,
    DealTerm,
    Milestone,
    Municipality,
    Organisation,
    OutcomeMetric,
    Participation,
    PolicyArea,
)


class CaseLoader(SourcedLoader):
    """Loads the cases app, after ``instruments`` and ``insights`` (loaders
    that have loaded)."""

    def __init__(self, instruments: InstrumentLoader, insights: InsightLoader):
        super().__init__(after=insights)
        self.publications = instruments.publications
        self.audiences = instruments.audiences
        self.instruments = instruments.instruments
        self.insight_areas = insights.insight_areas

    def load(self):
        self.load_geo()
        self.load_organisations()
        self.load_cases()
        self.load_deal_terms()

    def load_geo(self):
        for row in self.read_csv("geo/counties.csv"):
            self.seed(
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
        rows = self.read_csv("geo/municipalities.csv")
        # Håbo and Habo share a slug; such names get their SCB code appended.
        slugs = [slugify(row["municipality_name_short"]) for row in rows]
        for row, slug in zip(rows, slugs, strict=True):
            code = row["municipality_code"]
            self.seed(
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

    def load_organisations(self):
        for item in self.read("organisations.yaml"):
            organisation = self.seed(
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
            if organisation is None:
                continue
            self.sync_citations(organisation, item.get("sources"))
        self.organisations = {o.slug: o for o in Organisation.objects.all()}

    def load_cases(self):
        data = self.read("cases.yaml")
        for order, item in enumerate(data["policy_areas"], start=1):
            self.seed(PolicyArea, {"slug": item["slug"]}, {"name": item["name"], "order": order})
        policy_areas = {p.slug: p for p in PolicyArea.objects.all()}
        for item in data["cases"]:
            start_year, start_month = _year_month(item.get("start"))
            end_year, end_month = _year_month(item.get("end"))
            case = self.seed(
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
                            "stage_note",
                            "target_group",
                            "amounts_note",
                            "results",
                            "lessons",
                            "figures_conflict_note",
                        ],
                    ),
                },
            )
            if case is None:
                continue
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

    def load_deal_terms(self):
        """Pengar och risk (``deal_terms.yaml``). A case's terms are one seed:
        added when the case has none and never had any (a curator who deleted
        them is not overruled), with the payment flags of its outcome measures
        that are still unknown."""
        for slug, item in (self.read("deal_terms.yaml") or {}).items():
            case = Case.objects.filter(slug=slug).first()
            if case is None:
                continue
            if not self.reset:
                if case.deal_terms.exists():
                    self.report.count(self.report.kept, DealTerm)
                    continue
                if DealTerm.history.filter(case_id=case.pk).exists():
                    self.report.count(self.report.deleted, DealTerm)
                    continue
            self.sync_children(
                DealTerm,
                {"case": case},
                ["order"],
                [
                    {
                        "order": n,
                        "kind": term["kind"],
                        "qualifier": term.get("qualifier", DealTerm.Qualifier.EXACT),
                        "value": term.get("value"),
                        "organisation": self.organisations[term["org"]]
                        if term.get("org")
                        else None,
                        "text": (term.get("text") or "").strip(),
                        "publication": self.publications[term["pub"]],
                        "locator": str(term.get("at", "")),
                        "disputed": term.get("disputed", False),
                    }
                    for n, term in enumerate(item.get("terms", []), start=1)
                ],
            )
            for name, pays_out in (item.get("pays_out") or {}).items():
                metrics = case.outcome_metrics.filter(name=name)
                if not self.reset:
                    metrics = metrics.filter(pays_out__isnull=True)
                for metric in metrics.exclude(pays_out=pays_out):
                    metric.pays_out = pays_out
                    metric.save()


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
