"""The words a record's page shows that are kept in other rows: sub-themes,
an idea's challenges and questions, tags, participants' descriptions,
outcome measures. A generated column can only read its own row, so each
record's whole document (its ``search_vector`` and these words) is stored in
``search.Document``, written again in the same transaction as any change to
the record or to a row it reads (``DocumentUpkeep``), and searched through
one GIN index."""

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
    words = "string_agg(r.related_text, ' ' ORDER BY r.related_text)"  # the same every time
    sql = f"""(SELECT setweight(to_tsvector(%s::regconfig, {words}), 'C')
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


def _documents_table():
    from .models import Document  # noqa: PLC0415 - models import this module's app

    return connection.ops.quote_name(Document._meta.db_table)


def document_join(model, row="t", alias="d"):
    """A join of ``row`` (a row of ``model``) to its stored document ``alias``."""
    pk = connection.ops.quote_name(model._meta.pk.column)
    content_type = ContentType.objects.get_for_model(model).pk
    return (
        f"JOIN {_documents_table()} {alias}"
        f" ON {alias}.content_type_id = %s AND {alias}.object_id = {row}.{pk}",
        [content_type],
    )


def stored_document(model, row):
    """A subquery of the stored document (as ``doc``) of ``row``, a row of ``model``."""
    pk = connection.ops.quote_name(model._meta.pk.column)
    content_type = ContentType.objects.get_for_model(model).pk
    return (
        f"SELECT s.vector AS doc FROM {_documents_table()} s"
        f" WHERE s.content_type_id = %s AND s.object_id = {row}.{pk}",
        [content_type],
    )


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


# -- the stored documents -------------------------------------------------------------


def refresh(model, pks=None):
    """Write the documents of ``model``'s records ``pks`` (or of all its
    records) from their rows, and drop those of records that are gone."""
    content_type = ContentType.objects.get_for_model(model)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    documents = _documents_table()
    doc, params = document_sql(model)
    where, gone = (
        ("", "") if pks is None else (f"WHERE t.{pk} = ANY(%s)", "AND d.object_id = ANY(%s)")
    )
    chosen = [] if pks is None else [list(pks)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {documents} (content_type_id, object_id, vector)
                SELECT %s, t.{pk}, {doc} FROM {table} t {where}
                ON CONFLICT (content_type_id, object_id) DO UPDATE SET vector = EXCLUDED.vector""",
            [content_type.pk, *params, *chosen],
        )
        cursor.execute(
            f"""DELETE FROM {documents} d WHERE d.content_type_id = %s {gone}
                AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{pk} = d.object_id)""",
            [content_type.pk, *chosen],
        )


def rebuild(only_incomplete=False):
    """Every searchable record's document, written again (after bulk writes
    that send no signals: imports, benchmarks), or with ``only_incomplete``
    those of the models whose number of documents is not their number of
    records (after ``migrate``)."""
    from .models import Document  # noqa: PLC0415
    from .registry import searchable_models  # noqa: PLC0415

    for model in searchable_models():
        if only_incomplete:
            content_type = ContentType.objects.get_for_model(model)
            stored = Document.objects.filter(content_type=content_type).count()
            if stored == model._base_manager.count():
                continue
        refresh(model)


class DocumentUpkeep:
    """Keeps the documents in step with every save and delete, in the same
    transaction as the change: of a searchable record itself, and of each row
    on a path of its ``Searchable.related`` (a participation, an
    organisation's name, a tag, a policy area). Each related model knows how
    to find the records whose documents read it."""

    def __init__(self):
        self.readers = {}  # related model → [(searchable model, how to find the records)]

    def connect(self, models_):
        from django.db.models import signals  # noqa: PLC0415

        for model in models_:
            self._add(model, model, lambda instance: [instance.pk])
            for lookup in model.search_result.related:
                self._walk(model, lookup.split("__")[:-1])
        for sender in self.readers:
            signals.pre_save.connect(self._before, sender=sender, weak=False)
            signals.post_save.connect(self._after, sender=sender, weak=False)
            signals.pre_delete.connect(self._before, sender=sender, weak=False)
            signals.post_delete.connect(self._after, sender=sender, weak=False)

    def _add(self, related, model, finder):
        entry = (model, finder)
        if entry not in self.readers.setdefault(related, []):
            self.readers[related].append(entry)

    def _walk(self, model, parts):
        from django.db.models import signals  # noqa: PLC0415

        current = model
        for depth, part in enumerate(parts):
            field = current._meta.get_field(part)
            path = "__".join(parts[: depth + 1])
            through = getattr(field.remote_field, "through", None) if field.many_to_many else None
            if through is not None and hasattr(through, "object_id"):
                # tags: the through rows name the record by content type and id
                self._add(through, model, _generic_finder(model))
            elif through is not None:
                signals.m2m_changed.connect(
                    self._m2m_changed(model, path), sender=through, weak=False
                )
            if depth == 0 and field.one_to_many:
                # a row on the record's form: it names the record itself
                self._add(field.related_model, model, _attribute_finder(field.field.attname))
            else:
                self._add(field.related_model, model, _query_finder(model, path))
            current = field.related_model

    def _before(self, sender, instance, **kwargs):
        if instance.pk is not None and not kwargs.get("raw"):
            instance._search_readers = self._records(sender, instance)

    def _after(self, sender, instance, **kwargs):
        found = self._records(sender, instance) if "created" in kwargs else {}
        for model, pks in getattr(instance, "_search_readers", {}).items():
            found.setdefault(model, set()).update(pks)
        instance.__dict__.pop("_search_readers", None)
        for model, pks in found.items():
            if pks:
                refresh(model, pks)

    def _records(self, sender, instance):
        found = {}
        for model, finder in self.readers.get(sender, ()):
            found.setdefault(model, set()).update(pk for pk in finder(instance) if pk is not None)
        return found

    def _m2m_changed(self, model, path):
        def changed(sender, instance, action, reverse, pk_set, **kwargs):
            if isinstance(instance, model):
                if action.startswith("post_"):
                    refresh(model, [instance.pk])
                return
            if action == "pre_clear":
                instance._search_cleared = list(
                    model._base_manager.filter(**{path: instance.pk}).values_list("pk", flat=True)
                )
            elif action in ("post_add", "post_remove"):
                refresh(model, pk_set)
            elif action == "post_clear":
                refresh(model, instance.__dict__.pop("_search_cleared", []))

        return changed


def _attribute_finder(attname):
    return lambda instance: [getattr(instance, attname)]


def _generic_finder(model):
    def finder(instance):
        if instance.content_type_id == ContentType.objects.get_for_model(model).pk:
            return [instance.object_id]
        return []

    return finder


def _query_finder(model, path):
    def finder(instance):
        if instance.pk is None:
            return []
        return model._base_manager.filter(**{path: instance.pk}).values_list("pk", flat=True)

    return finder
