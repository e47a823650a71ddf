"""The insights app's content: insight areas, activities, recommendations, key
figures, quotes and dialogues, from ``fixtures/``."""

from instruments.content import InstrumentLoader, SourcedLoader

from .models import (
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


class InsightLoader(SourcedLoader):
    """Loads the insights app, after ``instruments`` (an ``InstrumentLoader``
    that has loaded); afterwards ``insight_areas`` and ``activities`` map
    numbers to the loaded records."""

    def __init__(self, instruments: InstrumentLoader):
        super().__init__(after=instruments)
        self.publications = instruments.publications
        self.audiences = instruments.audiences
        self.instruments = instruments.instruments
        self.terms = instruments.terms

    def load(self):
        self.load_insights()
        self.load_activities()
        self.load_quotes()
        self.load_dialogues()

    def load_insights(self):
        data = self.read("insights.yaml")
        for order, item in enumerate(data["insight_areas"], start=1):
            area = self.seed(
                InsightArea,
                {"number": str(item["number"])},
                {
                    "slug": item["slug"],
                    "title": item["title"],
                    "order": order,
                    **self.text_fields(item, ["lead", "body"]),
                },
            )
            if area is None:
                continue
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
            activity = self.seed(
                Activity,
                {"number": str(item["number"])},
                {
                    "slug": item["slug"],
                    "title": item["title"],
                    "order": order,
                    **self.text_fields(item, ["lead", "body"]),
                },
            )
            if activity is None:
                continue
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
            recommendation = self.seed(
                Recommendation, {"number": item["number"]}, {"text": item["text"]}
            )
            if recommendation is None:
                continue
            linked = [self.activities[str(n)] for n in item.get("activities", [])]
            self.sync_m2m(recommendation, "activities", linked)
            self.sync_citations(recommendation, item.get("sources"))
        for order, item in enumerate(self.key_figures, start=1):
            figure = self.seed(
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
            if figure is None:
                continue
            self.sync_citations(figure, item.get("sources"))

    def load_quotes(self):
        for order, item in enumerate(self.read("quotes.yaml"), start=1):
            section = str(item["section"])
            quote = self.seed(
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
            if quote is None:
                continue
            linked = [self.instruments[s] for s in item.get("instruments", [])]
            self.sync_m2m(quote, "instruments", linked)
            self.sync_citations(quote, [{"pub": "rapport-2020-2", "at": f"avsnitt {section}"}])

    def load_dialogues(self):
        data = self.read("dialogues.yaml")
        per_day = {}
        for item in data["rows"]:
            day = item["date"]
            per_day[day] = order = per_day.get(day, 0) + 1
            dialogue = self.seed(
                Dialogue,
                {"date": day, "order": order},
                {"audiences_text": item["audiences"], "description": item["activity"].strip()},
            )
            if dialogue is None:
                continue
            self.sync_citations(dialogue, data["sources"])
