"""The search documents: every searchable record's words in one indexed row."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func


class Document(models.Model):
    """A record's stored ``search_vector`` together with the words its page
    shows from other rows (``Searchable.related``), kept up to date by
    ``search.documents`` whenever the record or one of those rows changes, so
    that one GIN index answers a search however many records there are."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    vector = SearchVectorField()
    # The title's words (weight A) with an index of their own: the best
    # matches of a query that matches thousands of records (search.query).
    title = models.GeneratedField(
        expression=Func(
            F("vector"), function="ts_filter", template="%(function)s(%(expressions)s, '{a}')"
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_record"
            )
        ]
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            GinIndex(fields=["title"], name="search_document_title"),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}"
