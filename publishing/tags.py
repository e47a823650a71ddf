"""Topics (django-taggit tags) as the public sees them: a tag exists for the
public only while at least one published record carries it. The tagged models
are found at run time, so this layer names no content app."""

from functools import cache, reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from taggit.managers import TaggableManager
from taggit.models import Tag

from .models import TaggedRecord
from .registry import curated_models


@cache
def tagged_models():
    """The curated models that carry tags."""
    return [
        model
        for model in curated_models()
        if any(isinstance(f, TaggableManager) for f in model._meta.get_fields())
    ]


def public_tagged_items():
    """The tag rows (``TaggedRecord``) of published records, of every tagged model."""
    return TaggedRecord.objects.filter(
        reduce(
            or_,
            (
                Q(
                    content_type=ContentType.objects.get_for_model(model),
                    object_id__in=model.objects.published().values("pk"),
                )
                for model in tagged_models()
            ),
        )
    )


def public_tags():
    """The tags the public may see: those at least one published record carries
    (for each tag, its rows are read until one of a published record is found)."""
    carried = [
        Exists(
            TaggedRecord.objects.filter(
                tag=OuterRef("pk"), content_type=ContentType.objects.get_for_model(model)
            ).filter(Exists(model.objects.published().filter(pk=OuterRef("object_id"))))
        )
        for model in tagged_models()
    ]
    return Tag.objects.filter(reduce(or_, carried))
