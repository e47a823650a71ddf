"""What a model declares to be searchable, the way Wagtail's ``search_fields`` do.

A searchable model stores a weighted Swedish ``tsvector`` (title A, short
names and lead B, body C) and a plain ``search_text`` (title and lead) in
generated columns with GIN indexes, and says how its results are shown with
a ``search_result`` (``Searchable``). The glossary model says with a
``search_vocabulary`` (``SearchVocabulary``) where the synonyms are. The search
finds both at run time (``search.registry``).
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.migrations.operations.base import Operation
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat

CONFIG = "swedish"


@dataclass(frozen=True)
class Searchable:
    """How a model's results are shown: their type, title, snippet and rank."""

    kind: str  # the result type shown to the visitor
    key: str  # the value of the type filter (?typ=)
    title_field: str
    snippet_field: str
    boost: float = 1.0
    prefetch: tuple = ()  # what get_absolute_url() reads from related records
    order: int = 0  # the place of the type among the filters
    # The type's label with its count, for the type tabs: a lazy npgettext
    # with a %(count)s placeholder ("Instrument (%(count)s)").
    counted: object = None
    # Lookups of text shown on the record's page but kept in other rows
    # (sub-themes, tags, participants …): searched with the record's own
    # words, at weight C (see search.documents).
    related: tuple = ()
    # A foreign key to a record of another type that this one names (a term
    # naming an instrument): when both are found they are one result.
    merge_into: str = ""

    def counted_label(self, count):
        if self.counted is None:
            return f"{self.kind} ({count})"
        return self.counted % {"count": count}


@dataclass(frozen=True)
class SearchVocabulary:
    """Where the glossary keeps its names: a term, its synonyms, and the
    instrument a term names (searching for either finds both)."""

    name_field: str
    synonyms: str  # a lookup to the synonym texts
    names_also: str = ""  # a relation to a curated record whose name counts too


class SwedishDocument(models.Expression):
    """A weighted Swedish tsvector of a model's own fields."""

    output_field = SearchVectorField()

    def __init__(self, a=(), b=(), c=()):
        super().__init__()
        self.a, self.b, self.c = list(a), list(b), list(c)
        vectors = [
            SearchVector(*fields, config=CONFIG, weight=weight)
            for weight, fields in (("A", self.a), ("B", self.b), ("C", self.c))
            if fields
        ]
        self.vector = reduce(operator.add, vectors)

    def get_source_expressions(self):
        return [self.vector]

    def set_source_expressions(self, expressions):
        (self.vector,) = expressions

    def as_sql(self, compiler, connection):
        return compiler.compile(self.vector)


def _concat(fields):
    if len(fields) == 1:
        return Coalesce(F(fields[0]), Value(""), output_field=models.TextField())
    parts = []
    for name in fields:
        parts += [F(name), Value(" ")]
    return Concat(*parts[:-1], output_field=models.TextField())


def search_vector_field(a=(), b=(), c=()):
    return models.GeneratedField(
        expression=SwedishDocument(a, b, c), output_field=SearchVectorField(), db_persist=True
    )


def search_text_field(*fields):
    return models.GeneratedField(
        expression=_concat(fields), output_field=models.TextField(), db_persist=True
    )


def search_indexes(prefix):
    return [
        GinIndex(fields=["search_vector"], name=f"{prefix}_search_vector"),
        GinIndex(fields=["search_text"], name=f"{prefix}_search_trgm", opclasses=["gin_trgm_ops"]),
    ]


class KeepVectorInline(Operation):
    """Migration step: store ``search_vector`` compressed in the row (STORAGE
    MAIN) rather than out of line in TOAST, so that ranking thousands of
    matches reads a few pages instead of tens of thousands."""

    reversible = True

    def __init__(self, model_name):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def _set(self, app_label, schema_editor, to_state, storage):
        model = to_state.apps.get_model(app_label, self.model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE {storage}"
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._set(app_label, schema_editor, to_state, "MAIN")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._set(app_label, schema_editor, to_state, "EXTENDED")

    def describe(self):
        return f"Keep {self.model_name}.search_vector inline"
