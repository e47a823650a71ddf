"""The instruments app's content: publications, audiences, instruments, legal
notes and terms, from ``fixtures/``; and ``SourcedLoader``, the base of every
app's loader that cites its records' sources."""

from django.contrib.contenttypes.models import ContentType

from publishing.content import ContentLoader

from .models import (
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


class SourcedLoader(ContentLoader):
    """A loader whose records cite publications; its ``publications`` map
    slugs to the loaded ``Publication`` rows."""

    def sync_citations(self, obj, sources):
        """Make the citations of ``obj`` match ``sources``, in order.

        A source is a dict with ``pub`` (a slug in ``publications``), ``url``,
        ``at`` (the locator) and ``note``, each optional.
        """
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


class InstrumentLoader(SourcedLoader):
    """Loads the instruments app; afterwards ``publications``, ``audiences``,
    ``instruments`` and ``terms`` map slugs to the records in the database."""

    def load(self):
        self.load_publications()
        self.load_instruments()
        self.load_audiences()
        self.load_terms()

    def load_publications(self):
        for item in self.read("publications.yaml"):
            order = item.get("reading_list")
            self.seed(
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
        for order, item in enumerate(self.read("audiences.yaml"), start=1):
            audience = self.seed(
                Audience,
                {"slug": item["slug"]},
                {"name": item["name"], "order": order, **self.text_fields(item, ["lead", "body"])},
            )
            if audience is None:
                continue
            linked = [self.instruments[s] for s in item.get("instruments", [])]
            self.sync_m2m(audience, "instruments", linked)
            self.sync_citations(audience, item.get("sources"))
        self.audiences = {a.slug: a for a in Audience.objects.all()}

    def load_instruments(self):
        data = self.read("instruments.yaml")
        new = []
        for order, item in enumerate(data["instruments"], start=1):
            instrument = self.seed(
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
            if instrument is None:
                continue
            new.append((instrument, item))
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
        for instrument, item in new:
            for name in ("confused_with", "combinable_with"):
                self.sync_m2m(instrument, name, [self.instruments[s] for s in item.get(name, [])])

        for item in data["legal_notes"]:
            note = self.seed(
                LegalNote,
                {"slug": item["slug"]},
                {
                    "title": item["title"],
                    "report_section": item["report_section"],
                    **self.text_fields(item, ["lead", "body"]),
                },
            )
            if note is None:
                continue
            applies_to = item.get("instruments") or list(self.instruments)
            self.sync_m2m(note, "instruments", [self.instruments[s] for s in applies_to])
            self.sync_citations(note, item.get("sources"))

    def load_terms(self):
        data = self.read("terms.yaml")
        new = []
        for item in data:
            term = self.seed(
                Term,
                {"slug": item["slug"]},
                {
                    "term": item["term"],
                    "definition": item["definition"].strip(),
                    "instrument": self.instruments.get(item.get("instrument")),
                    "report_section": str(item.get("report_section", "")),
                },
            )
            if term is None:
                continue
            new.append((term, item))
            self.sync_children(
                Synonym,
                {"term": term},
                ["text"],
                [
                    {
                        "text": s["text"],
                        "language": s.get("lang", "sv"),
                        "note": s.get("note", ""),
                        "search_aid": bool(s.get("search_aid", False)),
                    }
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
        for term, item in new:
            self.sync_m2m(term, "related", [self.terms[s] for s in item.get("related", [])])
