"""The words a record's page shows that are kept in other rows: sub-themes,
an idea's challenges and questions, tags, participants' descriptions,
outcome measures. A generated column can only read its own row, so these
are read at query time, by a correlated subquery on the related rows' own
foreign-key indexes, and joined to the record's stored ``search_vector``."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

from .fields import CONFIG


def related_sql(model, row):
    """SQL (and params) of a tsvector (weight C) of the related texts of the
    record ``row`` (an alias of ``model``'s table), or None."""
    lookups = model.search_result.related
    if not lookups:
        return None
    arms, params = [], []
    # "o.outer_id", not the outer table's name: in the case library the outer
    # table is the same table as the one each arm reads.
    this_row = RawSQL("o.outer_id", [])
    for lookup in lookups:
        rows = _rows(model, lookup, this_row)
        sql, arm_params = rows.query.sql_with_params()
        arms.append(f"({sql})")
        params += arm_params
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"""(SELECT setweight(to_tsvector(%s::regconfig, string_agg(r.related_text, ' ')), 'C')
                 FROM (SELECT {row}.{pk} AS outer_id) o,
                      LATERAL ({" UNION ALL ".join(arms)}) r)"""
    return sql, [CONFIG, *params]


def _rows(model, lookup, this_row):
    """The related texts of one record. Tags (a generic relation) are read
    from their through table, so that its (content type, object id) index
    serves: through the relation the ORM casts object_id, which no index
    serves (1 ms a row instead of 0.02)."""
    first, _sep, rest = lookup.partition("__")
    field = model._meta.get_field(first)
    through = getattr(getattr(field, "remote_field", None), "through", None)
    if through is not None and hasattr(through, "content_type") and hasattr(through, "object_id"):
        tag = field.remote_field.model._meta.model_name
        return (
            through._base_manager.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=this_row
            )
            .order_by()
            .values(related_text=F(f"{tag}__{rest}"))
        )
    return model._base_manager.filter(pk=this_row).order_by().values(related_text=F(lookup))


def document_sql(model, row="t"):
    """The whole document of a row: its stored vector and its related texts."""
    related = related_sql(model, row)
    if related is None:
        return f"{row}.search_vector", []
    sql, params = related
    return f"({row}.search_vector || coalesce({sql}, ''::tsvector))", params


def merged_sql(every):
    """Hits that are one result with another: a term found together with the
    instrument it names is shown as a link on the instrument's result.

    Returns the SQL (and params) of a condition on ``h`` (a row of ``hits``)
    true for the hits kept, and of the array of (kind, id) … of the hits merged
    into ``h``, as text ``kind:id``."""
    dropped, also, dropped_params, also_params = [], [], [], []
    for model in every:
        spec = model.search_result
        if not spec.merge_into:
            continue
        field = model._meta.get_field(spec.merge_into)
        table = connection.ops.quote_name(model._meta.db_table)
        fk = connection.ops.quote_name(field.column)
        target = field.related_model.search_result.key
        dropped.append(
            f"(h.kind = %s AND EXISTS (SELECT 1 FROM {table} x JOIN hits o"
            f" ON o.kind = %s AND o.id = x.{fk} WHERE x.id = h.id))"
        )
        dropped_params += [spec.key, target]
        also.append(
            f"(SELECT array_agg(o.kind || ':' || o.id ORDER BY o.id) FROM {table} x JOIN hits o"
            f" ON o.kind = %s AND o.id = x.id WHERE h.kind = %s AND x.{fk} = h.id)"
        )
        also_params += [spec.key, target]
    keep = f"NOT ({' OR '.join(dropped)})" if dropped else "TRUE"
    merged = " || ".join(f"coalesce({part}, '{{}}'::text[])" for part in also) or "NULL::text[]"
    return keep, dropped_params, merged, also_params
