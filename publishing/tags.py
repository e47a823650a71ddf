"""Topics (django-taggit tags) as the public sees them: a tag exists for the
public only while at least one published record carries it. The tagged models
are found at run time, so this layer names no content app."""

from functools import reduce
from operator import or_

from django.db.models import Q
from taggit.managers import TaggableManager
from taggit.models import Tag

from .models import TaggedRecord
from .registry import curated_models


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
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                    object_id__in=model.objects.published().values("pk"),
                )
                for model in tagged_models()
            ),
        )
    )


def public_tags():
    """The tags the public may see: those at least one published record carries."""
    return Tag.objects.filter(pk__in=public_tagged_items().values("tag_id"))
