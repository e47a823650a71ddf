"""Search that understands the field's vocabulary.

A query is matched with ``websearch_to_tsquery('swedish', …)`` against each
searchable model's stored ``tsvector``, expanded with the glossary's
synonyms, and helped with trigram word similarity (``pg_trgm``) on its
``search_text`` so that typos ("utfalskontrakt") and parts of compound words
("kontrakt", "stuprör") still find the record. One score ranks the site
search and the case library alike.
"""

import html
import re
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from publishing.models import Status

from .documents import document_join, merged_sql, stored_document
from .fields import CONFIG
from .registry import searchable_models
from .vocabulary import fold, phrase_pattern, vocabulary

MIN_LENGTH = 2
MAX_LENGTH = 200
# The most matches of a type a search scores and counts, and so the most results
# of a type its pages show (search.views): above that it says "more than 500".
POOL = 500
SUGGESTION_THRESHOLD = 0.45
# ts_rank weights for D, C, B, A: a word in the title counts most.
WEIGHTS = "{0.05,0.1,0.3,1.0}"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# websearch_to_tsquery reads a "-" before a word as NOT, and PostgreSQL nests
# every NOT in a row on a stack of 32: "-" * 33 + "skola" failed the whole
# request ("tsquery stack too small"). A run of punctuation (quotes aside)
# that starts a word, not one in the middle of "hälso-och", is a NOT when it
# holds exactly one "-" and that "-" stands right before the word or phrase;
# any other such run is only a space between words.
_NOT_RUN = re.compile(r'(?<![^\W_])(?<!-)(?:[^\w"]|_)*-(?:[^\w"]|_)*')
# Whatever slips through the rule above: with this few "-" left the stack
# cannot fill, and a query with more is searched for its words alone.
MAX_HYPHENS = 16


def _negation(match):
    run = match.group()
    follows = match.string[match.end() : match.end() + 1]
    if run.count("-") == 1 and run.endswith("-") and (follows == '"' or follows.isalnum()):
        return " -"
    return " "


def clean_query(raw):
    """The query as we search it: no control characters, single spaces, at most
    MAX_LENGTH characters, and "-" only where it means "not" (see _NOT_RUN).
    Returns (query, was_truncated)."""
    query = " ".join(_CONTROL.sub(" ", raw or "").split())
    truncated = len(query) > MAX_LENGTH
    query = _NOT_RUN.sub(_negation, query[:MAX_LENGTH])
    if query.count("-") > MAX_HYPHENS:
        query = query.replace("-", " ")
    return " ".join(query.split()), truncated


# -- the score ----------------------------------------------------------------------


def _tsquery_sql(query, expansion):
    """The query and its synonyms as one tsquery: the query as written, or
    the query with each term it names replaced by any of that term's names.
    Every other word still has to match: "utfallskontrakt barn" finds
    "SIB" only together with "barn"."""
    groups = getattr(expansion, "groups", None)
    if groups is None:  # a plain list of names: one term
        groups = [list(expansion)] if expansion else []
    rest = query
    alternatives, params = [], []
    for names in groups:
        for name in sorted(names, key=len, reverse=True):
            rest = phrase_pattern(name).sub(" ", rest)
        phrases = " || ".join("phraseto_tsquery(%s::regconfig, %s)" for _name in names)
        alternatives.append(f"({phrases})")
        params += [value for name in names for value in (CONFIG, name)]
    sql = "websearch_to_tsquery(%s::regconfig, %s)"
    if not alternatives:
        return sql, [CONFIG, query]
    expanded = " && ".join([sql, *alternatives])
    return f"{sql} || ({expanded})", [CONFIG, query, CONFIG, rest, *params]


def _words(query):
    """The query's words each of which a trigram-only hit must have too, or
    none for one word or a query with "or"."""
    words = [w.strip('"') for w in query.split()]
    if len(words) < 2 or any(w.casefold() == "or" for w in words):
        return []
    return [w for w in words if len(w) >= MIN_LENGTH and not w.startswith("-")]


def _every_word_sql(query, doc):
    """Each word is in the record's words or its ``search_text`` (a typo), or is
    a stop word ("och")."""
    parts, params = [], []
    for word in _words(query):
        parts.append(
            "(numnode(plainto_tsquery(%s::regconfig, %s)) = 0 OR t.search_text %%> %s"
            f" OR {doc} @@ plainto_tsquery(%s::regconfig, %s))"
        )
        params += [CONFIG, word, word, CONFIG, word]
    return "".join(f" AND {part}" for part in parts), params


def _title_column(model):
    return connection.ops.quote_name(model._meta.get_field(model.search_result.title_field).column)


def _score_parts(model, query, expansion, row="t", tsq="q.tsq", doc="t.search_vector"):
    """The SQL of a row's score, as (words, trigram, exact), each with params.

    A record whose words match scores its ts_rank plus a flat 0.2; one found
    only by trigram word similarity (a typo, part of a compound) scores its
    similarity × 0.2; a title that is exactly the query or one of its synonyms
    adds 1."""
    title = _title_column(model)
    names = [name.upper() for name in [query, *expansion]]
    return (
        (f"ts_rank(%s::float4[], {doc}, {tsq}, 1) + 0.2", [WEIGHTS]),
        (f"word_similarity(%s, {row}.search_text) * 0.2", [query]),
        (f"CASE WHEN upper({row}.{title}) = ANY(%s) THEN 1 ELSE 0 END", [names]),
    )


def _hits(model, query, expansion, pool=None):
    """SQL (and params) for the published records of ``model`` that match, with
    their score and whether they are counted; it reads the tsquery from a CTE
    named ``q``. Word matches and trigram matches (a typo, part of a compound)
    are found apart, so each uses its own GIN index and the costly similarity
    is computed for trigram candidates only.

    With ``pool``, no more matches are scored than a page can show, however
    many there are: the first ``pool`` + 1 that the database finds (counted:
    one more than ``pool`` means "more than ``pool``") and the first ``pool``
    whose title has the words (as a title word weighs most, the best ranked).
    Trigram matches, which always rank below word matches, are looked for
    only when the words found no more than ``pool``. The tsquery is written
    out in these lookups, so that the planner knows how common its words are
    and reads a common word's first matches in order instead of all of them:
    a word found in 30 000 records costs what one found in 500 does."""
    table = connection.ops.quote_name(model._meta.db_table)
    join, join_params = document_join(model)
    tsq, tsq_params = _tsquery_sql(query, expansion)
    (words, words_params), (trigram, trigram_params), (exact, exact_params) = _score_parts(
        model, query, expansion, doc="t.doc"
    )
    every_word, every_params = _every_word_sql(query, "d.vector")
    # what the score reads, not the long texts
    columns = f"t.id, t.search_text, t.{_title_column(model)}"
    limit = "" if pool is None else f"LIMIT {int(pool) + 1}"
    published = f"FROM {table} t {join} WHERE t.status = %s"
    found = f"(SELECT t.id, TRUE AS counted {published} AND d.vector @@ ({tsq}) {limit})"
    found_params = [*join_params, Status.PUBLISHED, *tsq_params]
    typos_wanted, wanted_params = "", []
    if pool is not None:
        titles = f"d.title @@ ({tsq}) LIMIT {int(pool)}"
        found += f" UNION ALL (SELECT t.id, FALSE {published} AND {titles})"
        found_params += found_params
        typos_wanted = "AND (SELECT count(*) FILTER (WHERE counted) FROM found) <= %s"
        wanted_params = [pool]
    sql = f"""
        WITH found AS (SELECT id, bool_or(counted) AS counted FROM ({found}) u GROUP BY id)
        SELECT t.id, {words} + {exact} AS score, f.counted
          FROM found f JOIN (SELECT {columns}, d.vector AS doc FROM {table} t {join}) t
            ON t.id = f.id, q
        UNION ALL
        SELECT t.id, {trigram} + {exact} AS score, TRUE
          FROM (SELECT {columns} {published} AND t.search_text %%> %s
                   AND NOT d.vector @@ ({tsq}){every_word} {limit}) t
         WHERE TRUE {typos_wanted}
    """
    params = [*found_params, *words_params, *exact_params, *join_params]
    params += [*trigram_params, *exact_params, *join_params, Status.PUBLISHED, query, *tsq_params]
    return sql, params + every_params + wanted_params


@dataclass
class Result:
    kind: str
    title: str
    url: str
    snippet: str
    score: float
    also: list = field(default_factory=list)  # (kind, title, url) of what is one result with it


def find(query, expansion, type_key, limit):
    """Every type's hits in one query: the best ``limit`` (of ``type_key``, or
    of all types) with their score, and each type's total, counted up to
    ``POOL`` + 1 (see ``_hits``). Then the rows of the best records, one
    query per type on the page."""
    every = searchable_models()
    tsq, params = _tsquery_sql(query, expansion)
    branches = []
    for model in every:
        sql, branch_params = _hits(model, query, expansion, POOL)
        branches.append(f"SELECT %s AS kind, h.id, h.score * %s AS score, h.counted FROM ({sql}) h")
        params += [model.search_result.key, model.search_result.boost, *branch_params]
    keep, keep_params, also, also_params = merged_sql(every)
    sql = f"""
        WITH q AS (SELECT {tsq} AS tsq), hits AS ({" UNION ALL ".join(branches)}),
             kept AS (SELECT * FROM hits h WHERE {keep})
        (SELECT kind, id, score, NULL::bigint AS total, {also} AS also
           FROM (SELECT * FROM kept WHERE %s = '' OR kind = %s
                  ORDER BY score DESC, kind, id LIMIT %s) h
          ORDER BY score DESC, kind, id)
        UNION ALL
        (SELECT kind, NULL, NULL, count(*) FILTER (WHERE counted), NULL FROM kept GROUP BY kind)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *keep_params, *also_params, type_key, type_key, limit])
        rows = cursor.fetchall()
    totals = {kind: total for kind, pk, _score, total, _also in rows if pk is None}
    best = [(kind, pk, score) for kind, pk, score, _total, _also in rows if pk is not None]
    merged = {
        (kind, pk): [tuple(item.split(":")) for item in also or ()]
        for kind, pk, _score, _total, also in rows
        if pk is not None
    }
    wanted = {(kind, int(pk)) for items in merged.values() for kind, pk in items}
    objects = {}
    for model in every:
        spec = model.search_result
        pks = [pk for kind, pk, _score in best if kind == spec.key]
        pks += [pk for kind, pk in wanted if kind == spec.key]
        if pks:
            found = model.objects.published().in_bulk(pks)
            if spec.prefetch:
                models.prefetch_related_objects(list(found.values()), *spec.prefetch)
            objects[spec.key] = found
    results = []
    for kind, pk, score in best:
        obj = objects.get(kind, {}).get(pk)
        if obj is not None:
            spec = obj.search_result
            results.append(
                Result(
                    spec.kind,
                    str(getattr(obj, spec.title_field)),
                    obj.get_absolute_url(),
                    highlight(getattr(obj, spec.snippet_field), query, expansion),
                    score,
                    [
                        (
                            other.search_result.kind,
                            str(getattr(other, other.search_result.title_field)),
                            other.get_absolute_url(),
                        )
                        for other_kind, other_pk in merged.get((kind, pk), [])
                        if (other := objects.get(other_kind, {}).get(int(other_pk)))
                    ],
                )
            )
    return results, totals


def filter_by_search(queryset, query):
    """Restrict a queryset (the case library) to records matching ``query``,
    annotated with the site search's ``score`` for sorting by relevance."""
    query, _truncated = clean_query(query)
    if len(query) < MIN_LENGTH:
        return queryset
    expansion = vocabulary().expand(query)
    model = queryset.model
    tsq, tsq_params = _tsquery_sql(query, expansion)
    hits, hit_params = _hits(model, query, expansion)
    ids = RawSQL(
        f"WITH q AS (SELECT {tsq} AS tsq) SELECT id FROM ({hits}) h", tsq_params + hit_params
    )
    table = connection.ops.quote_name(model._meta.db_table)
    stored, stored_params = stored_document(model, row=table)
    (words, words_params), (trigram, trigram_params), (exact, exact_params) = _score_parts(
        model, query, expansion, row=table, doc="d.doc"
    )
    score = RawSQL(
        f"""SELECT CASE WHEN d.doc @@ q.tsq THEN {words} ELSE {trigram} END
                   + {exact}
              FROM (SELECT {tsq} AS tsq) q, ({stored}) d""",
        [*words_params, *trigram_params, *exact_params, *tsq_params, *stored_params],
        output_field=models.FloatField(),
    )
    return queryset.filter(pk__in=ids).annotate(score=score)


# -- snippets -----------------------------------------------------------------------


def highlight(text, query, expansion, width=220):
    """An escaped excerpt of ``text`` around the first match, matches in <mark>.

    The query's own words match at the start of a word (so that "sjukskrivning"
    marks "sjukskrivningarna"); synonyms only as whole words (so that "SOC"
    never marks the start of "Social")."""
    text = " ".join((text or "").split())
    words = {w for w in re.findall(r"\w[\w-]*", fold(query)) if len(w) >= MIN_LENGTH}
    phrases = {fold(p) for p in expansion if p} - words
    alternatives = [
        *(rf"{re.escape(p)}(?!\w)" for p in sorted(phrases, key=len, reverse=True)),
        *(re.escape(w) for w in sorted(words, key=len, reverse=True)),
    ]
    if not alternatives:
        return html.escape(text[:width])
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})", re.IGNORECASE)
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


def suggest(query, vocabulary):
    """The glossary name closest to a query that found nothing (trigram similarity)."""
    names = vocabulary.all_names()
    if not names:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT name FROM unnest(%s::text[]) AS name
                WHERE similarity(name, %s) >= %s
                ORDER BY similarity(name, %s) DESC, name LIMIT 1""",
            [names, query, SUGGESTION_THRESHOLD, query],
        )
        row = cursor.fetchone()
    return row[0] if row else None
