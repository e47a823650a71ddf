"""Search that understands the field's vocabulary.

On PostgreSQL every searchable model stores a weighted Swedish ``tsvector``
(title A, short names and lead B, body C) and a plain ``search_text`` (title
and lead) in generated columns with GIN indexes. A query is matched with
``websearch_to_tsquery('swedish', …)``, expanded with the glossary's
synonyms, ranked with ``SearchRank``, and helped with trigram word
similarity (``pg_trgm``) so that typos ("utfalskontrakt") and parts of
compound words ("kontrakt", "stuprör") still find the record.

On the embedded SQLite database (development mode) the same query and the
same synonym expansion are matched as case-insensitive substrings in Python.

Lives in ``instruments`` because the glossary does; every app may use it.
"""

import difflib
import html
import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import connection, models
from django.db.migrations.operations.base import Operation
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.safestring import mark_safe

from .curation import Status

CONFIG = "swedish"
MIN_LENGTH = 2
MAX_LENGTH = 200
TRIGRAM_THRESHOLD = 0.6  # pg_trgm's default word_similarity_threshold
SUGGESTION_THRESHOLD = 0.45


# -- the stored columns ------------------------------------------------------------


class SwedishDocument(models.Expression):
    """A weighted Swedish tsvector on PostgreSQL; the plain text elsewhere."""

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
        self.text = _concat(self.a + self.b + self.c)

    def get_source_expressions(self):
        return [self.vector, self.text]

    def set_source_expressions(self, expressions):
        self.vector, self.text = expressions

    def as_sql(self, compiler, connection):
        return compiler.compile(self.text)

    def as_postgresql(self, compiler, connection):
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


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; a plain index on the embedded SQLite database."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(fields=self.fields, name=self.name)
        return plain.create_sql(model, schema_editor, using=using, **kwargs)


class KeepVectorInline(Operation):
    """Migration step: store ``search_vector`` compressed in the row (STORAGE
    MAIN) rather than out of line in TOAST, so that ranking thousands of
    matches reads a few pages instead of tens of thousands. PostgreSQL only."""

    reversible = True

    def __init__(self, model_name):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def _set(self, app_label, schema_editor, to_state, storage):
        if schema_editor.connection.vendor != "postgresql":
            return
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
        return f"Keep {self.model_name}.search_vector inline (PostgreSQL)"


def search_indexes(prefix):
    return [
        SearchIndex(fields=["search_vector"], name=f"{prefix}_search_vector"),
        SearchIndex(
            fields=["search_text"], name=f"{prefix}_search_trgm", opclasses=["gin_trgm_ops"]
        ),
    ]


# -- the query ----------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """The query as we search it: no control characters, single spaces, at most
    MAX_LENGTH characters. Returns (query, was_truncated)."""
    query = " ".join(_CONTROL.sub(" ", raw or "").split())
    return query[:MAX_LENGTH].strip(), len(query) > MAX_LENGTH


def _fold(text):
    return text.casefold()


@dataclass
class Vocabulary:
    """Every published glossary term with its names (the term and its synonyms)."""

    names: dict = field(default_factory=dict)  # term id → set of names
    instrument: dict = field(default_factory=dict)  # term id → instrument name

    @classmethod
    def load(cls):
        from .models import Term  # noqa: PLC0415 - models import this module

        vocabulary = cls()
        rows = Term.objects.published().values(
            "id", "term", "synonyms__text", "instrument__name", "instrument__status"
        )
        for row in rows:
            names = vocabulary.names.setdefault(row["id"], {row["term"]})
            if row["synonyms__text"]:
                names.add(row["synonyms__text"])
            if row["instrument__status"] == Status.PUBLISHED:
                vocabulary.instrument[row["id"]] = row["instrument__name"]
        return vocabulary

    def expand(self, query):
        """Names of every term whose name (or a synonym) appears in the query."""
        folded = _fold(query)
        found = set()
        for term_id, names in self.names.items():
            if any(_contains_phrase(folded, _fold(name)) for name in names):
                found |= names
                if term_id in self.instrument:
                    found.add(self.instrument[term_id])
        return sorted(name for name in found if _fold(name) != folded)

    def all_names(self):
        return sorted({name for names in self.names.values() for name in names})


def _contains_phrase(text, phrase):
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _words(query):
    return [w for w in re.findall(r"\w[\w-]*", _fold(query)) if len(w) >= MIN_LENGTH]


# -- one searchable model -------------------------------------------------------------


@dataclass
class Result:
    kind: str
    title: str
    url: str
    snippet: str
    score: float


@dataclass
class SearchSpec:
    """How one model is searched: its published queryset, title and snippet fields."""

    kind: str  # the result type shown to the visitor
    key: str  # the value of the type filter
    queryset: object
    title_field: str
    snippet_field: str
    text_fields: tuple  # for SQLite: (field, weight) pairs
    boost: float = 1.0
    prefetch: tuple = ()  # what get_absolute_url() reads from related records


def is_postgresql():
    return connection.vendor == "postgresql"


def tsquery_for(query, expansion):
    tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
    for phrase in expansion:
        tsquery |= SearchQuery(phrase, search_type="phrase", config=CONFIG)
    return tsquery


# ts_rank weights for D, C, B, A: a word in the title counts most.
WEIGHTS = "{0.05,0.1,0.3,1.0}"


def _tsquery_cte(query, expansion):
    """``q AS (SELECT … AS tsq)``: the query and its synonyms as one tsquery."""
    parts = ["websearch_to_tsquery(%s::regconfig, %s)"]
    params = [CONFIG, query]
    for phrase in expansion:
        parts.append("phraseto_tsquery(%s::regconfig, %s)")
        params += [CONFIG, phrase]
    return f"q AS (SELECT {' || '.join(parts)} AS tsq)", params


def _hits(model, title_field, query, expansion):
    """SQL (and params) for the published records of ``model`` that match, with
    a score: a record whose words match scores its ts_rank plus a flat 0.2; one
    found only by trigram word similarity (a typo, part of a compound) scores
    its similarity × 0.2; a title that is exactly the query or one of its
    synonyms adds 1. Two branches of a UNION ALL, so each uses its own GIN
    index and the costly similarity is only computed for trigram candidates.
    Reads the tsquery from a CTE named ``q``."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    title = quote(model._meta.get_field(title_field).column)
    exact = f"CASE WHEN upper(t.{title}) = ANY(%s) THEN 1 ELSE 0 END"
    names = [name.upper() for name in [query, *expansion]]
    sql = f"""
        SELECT t.id, ts_rank(%s::float4[], t.search_vector, q.tsq, 1) + 0.2 + {exact} AS score
          FROM {table} t, q
         WHERE t.status = %s AND t.search_vector @@ q.tsq
        UNION ALL
        SELECT t.id, word_similarity(%s, t.search_text) * 0.2 + {exact} AS score
          FROM {table} t, q
         WHERE t.status = %s AND t.search_text %%> %s AND NOT t.search_vector @@ q.tsq
    """
    params = [WEIGHTS, names, Status.PUBLISHED, query, names, Status.PUBLISHED, query]
    return sql, params


def find_postgresql(specs, query, expansion, type_key, limit):
    """Every type's hits in one query: the best ``limit`` (of ``type_key``, or
    of all types) with their score, and each type's total. Then the rows of
    the best records, one query per type on the page."""
    cte, params = _tsquery_cte(query, expansion)
    branches = []
    for spec in specs:
        sql, branch_params = _hits(spec.queryset.model, spec.title_field, query, expansion)
        branches.append(f"SELECT %s AS kind, h.id, h.score * %s AS score FROM ({sql}) h")
        params += [spec.key, spec.boost, *branch_params]
    sql = f"""
        WITH {cte}, hits AS ({" UNION ALL ".join(branches)})
        (SELECT kind, id, score, NULL::bigint AS total FROM hits
          WHERE %s = '' OR kind = %s
          ORDER BY score DESC, kind, id LIMIT %s)
        UNION ALL
        (SELECT kind, NULL, NULL, count(*) FROM hits GROUP BY kind)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, type_key, type_key, limit])
        rows = cursor.fetchall()
    totals = {kind: total for kind, pk, _score, total in rows if pk is None}
    best = [(kind, pk, score) for kind, pk, score, _total in rows if pk is not None]
    objects = {}
    for spec in specs:
        pks = [pk for kind, pk, _score in best if kind == spec.key]
        if pks:
            found = spec.queryset.in_bulk(pks)
            if spec.prefetch:
                models.prefetch_related_objects(list(found.values()), *spec.prefetch)
            objects[spec.key] = found
    by_key = {spec.key: spec for spec in specs}
    results = [
        _result(by_key[kind], objects[kind][pk], score, query, expansion)
        for kind, pk, score in best
        if pk in objects.get(kind, {})
    ]
    return results, totals


def filter_by_search(queryset, query, spec_fields):
    """Restrict a queryset (the case library) to records matching ``query``,
    annotated with a ``score`` for sorting by relevance."""
    query, _truncated = clean_query(query)
    if len(query) < MIN_LENGTH:
        return queryset
    expansion = Vocabulary.load().expand(query)
    if is_postgresql():
        cte, params = _tsquery_cte(query, expansion)
        hits, hit_params = _hits(queryset.model, "title", query, expansion)
        ids = RawSQL(f"WITH {cte} SELECT id FROM ({hits}) h", [*params, *hit_params])
        tsquery = tsquery_for(query, expansion)
        return queryset.filter(pk__in=ids).annotate(score=SearchRank(F("search_vector"), tsquery))
    scores = matching_pks_python(queryset, spec_fields, query, expansion)
    whens = [models.When(pk=pk, then=Value(score)) for pk, score in scores.items()]
    return queryset.filter(pk__in=scores).annotate(
        score=models.Case(*whens, default=Value(0.0), output_field=models.FloatField())
    )


def matching_pks_python(queryset, fields, query, expansion):
    """Python substring matching for SQLite: {pk: score}. The first field is
    the title; a title that is exactly the query or a synonym scores most."""
    needles = [_fold(query), *(_fold(p) for p in expansion)]
    title = fields[0][0]
    scores = {}
    for row in queryset.values("pk", *(name for name, _weight in fields)):
        score = 0.0
        for name, weight in fields:
            text = _fold(row[name] or "")
            score += weight * sum(1 for needle in needles if needle and needle in text)
        if score:
            exact = _fold(row[title] or "") in needles
            scores[row["pk"]] = score + (10 if exact else 0)
    return scores


def _result(spec, obj, score, query, expansion):
    return Result(
        spec.kind,
        str(getattr(obj, spec.title_field)),
        obj.get_absolute_url(),
        highlight(getattr(obj, spec.snippet_field), query, expansion),
        score,
    )


def find(specs, query, expansion, type_key, limit):
    """The best ``limit`` results (of one type, or of all) and each type's total."""
    if is_postgresql():
        return find_postgresql(specs, query, expansion, type_key, limit)
    results, totals = [], {}
    for spec in specs:
        scores = matching_pks_python(spec.queryset, spec.text_fields, query, expansion)
        totals[spec.key] = len(scores)
        if type_key and spec.key != type_key:
            continue
        best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]
        objects = spec.queryset.in_bulk(best)
        results += [
            _result(spec, objects[pk], scores[pk] * spec.boost, query, expansion)
            for pk in best
            if pk in objects
        ]
    results.sort(key=lambda result: -result.score)
    return results[:limit], totals


# -- snippets -----------------------------------------------------------------------


def highlight(text, query, expansion, width=220):
    """An escaped excerpt of ``text`` around the first match, matches in <mark>."""
    text = " ".join((text or "").split())
    needles = sorted(
        {n for n in [*_words(query), *(_fold(p) for p in expansion)] if n}, key=len, reverse=True
    )
    if not needles:
        return html.escape(text[:width])
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    excerpt = text[start : start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(html.escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    parts.append(html.escape(excerpt[last:]))
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - parts are escaped


# -- did you mean -----------------------------------------------------------------


def suggest(query, vocabulary, titles=()):
    """The closest glossary name or title to a query that found nothing."""
    candidates = [*vocabulary.all_names(), *titles]
    if is_postgresql() and candidates:
        from .models import Synonym, Term  # noqa: PLC0415

        best_term = (
            Term.objects.published()
            .annotate(s=TrigramSimilarity("term", query))
            .filter(s__gte=SUGGESTION_THRESHOLD)
            .order_by("-s")
            .values_list("term", "s")
            .first()
        )
        best_synonym = (
            Synonym.objects.filter(term__status=Status.PUBLISHED)
            .annotate(s=TrigramSimilarity("text", query))
            .filter(s__gte=SUGGESTION_THRESHOLD)
            .order_by("-s")
            .values_list("text", "s")
            .first()
        )
        found = [b for b in (best_term, best_synonym) if b]
        if found:
            return max(found, key=lambda pair: pair[1])[0]
    folded = {_fold(c): c for c in candidates}
    close = difflib.get_close_matches(_fold(query), list(folded), n=1, cutoff=0.7)
    return folded[close[0]] if close else None
