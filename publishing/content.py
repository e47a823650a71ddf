"""The shared base of every app's content loader (``<app>/content.py``).

A loader reads ``fixtures/`` and seeds its app's records: the fixtures fill an
empty database, and later runs only add what is missing. Curators own the
database: a record that exists is left exactly as it is (fields, status,
child rows, relations, tags, citations), and a record a curator deleted stays
deleted. Records are matched on their natural keys (slugs, numbers, SCB
codes); one that is missing is taken as deleted when its model's history
(django-simple-history) holds that key. Only a new record gets its child rows
(steps, synonyms, participations …), relations, tags and citations.

``reset=True`` is the development mode that brings every record back in line
with the fixtures (updating fields, re-creating deleted records and
replacing child rows). What a run created, changed and left alone is counted
in one ``Report``.

This module knows no domain model: the apps' loaders build on it, and
``hub.content`` runs them in order, in one transaction.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import timezone

from .models import Status

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class Report:
    """What a load did, per model label: rows created; rows updated (only with
    ``reset``); existing records left alone (``kept``); records a curator
    deleted, which were not created again (``deleted``); and rows that
    ``fixtures/corrections.yaml`` corrected (``corrected``, only when asked)."""

    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)
    deleted: dict = field(default_factory=dict)
    corrected: dict = field(default_factory=dict)

    def count(self, bucket, model):
        name = model._meta.label
        bucket[name] = bucket.get(name, 0) + 1


class ContentLoader:
    """Reading fixtures and writing records; an app's loader adds ``load()``.

    The loaders of one run share its fixtures directory, its mode, its report
    and its timestamp: the first is built from ``fixtures`` (and ``reset``),
    each later one with ``after=`` the loader that ran before it.
    """

    def __init__(self, fixtures=FIXTURES, *, reset=False, after=None):
        if after is None:
            self.fixtures = Path(fixtures)
            self.reset = reset
            self.report = Report()
            self.now = timezone.now()
        else:
            self.fixtures, self.reset = after.fixtures, after.reset
            self.report, self.now = after.report, after.now

    def load(self):
        raise NotImplementedError

    # -- reading --------------------------------------------------------------

    def read(self, name):
        """A YAML fixture, parsed."""
        with open(self.fixtures / name, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    def read_csv(self, name):
        """A CSV fixture with a header row: a list of dicts."""
        with open(self.fixtures / name, encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    # -- writing --------------------------------------------------------------

    def seed(self, model, lookup, values):
        """One record of the fixtures, created when it is missing and never existed.

        Returns the new record, for the loader to add its child rows,
        relations, tags and citations; or ``None`` when the record exists
        (the curators' now, left as it is) or existed once (its natural key
        is in the model's history: a curator deleted it). With ``reset`` the
        record is created or updated (``upsert``) and always returned.
        """
        if self.reset:
            return self.upsert(model, lookup, values)
        if model.objects.filter(**lookup).exists():
            bucket = self.report.kept
        elif hasattr(model, "history") and model.history.filter(**lookup).exists():
            bucket = self.report.deleted
        else:
            return self.create(model, lookup, values)
        self.report.count(bucket, model)
        return None

    def create(self, model, lookup, values):
        """Create one row; a curated model's row is published unless ``values``
        say otherwise, with this run's time as its publication time."""
        obj = model(**lookup, **values)
        if hasattr(model, "status"):
            obj.status = values.get("status", Status.PUBLISHED)
            if obj.status == Status.PUBLISHED:
                obj.published_at = self.now
        obj.full_clean()
        obj.save()
        self.report.count(self.report.created, model)
        return obj

    def upsert(self, model, lookup, values):
        """Create or update one row (``reset``, and the child rows of a new
        record); save only when a value differs.

        A curated model's row is published unless ``values`` say otherwise,
        and gets a publication time when it is published without one.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            return self.create(model, lookup, values)
        is_curated = hasattr(model, "status")
        if is_curated:
            values.setdefault("status", Status.PUBLISHED)
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

    def sync_m2m(self, obj, name, related):
        """Set a many-to-many relation, only when it differs."""
        manager = getattr(obj, name)
        current = {o.pk for o in manager.all()}
        if current != {o.pk for o in related}:
            manager.set(related)

    def sync_tags(self, obj, tags):
        """Set a record's tags (django-taggit), only when they differ."""
        if {t.name for t in obj.tags.all()} != set(tags or []):
            obj.tags.set(tags or [], clear=False)

    def text_fields(self, item, names):
        """Text values of ``item``, stripped; a missing one is empty."""
        return {name: (item.get(name) or "").strip() for name in names}
