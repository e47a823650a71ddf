"""The searchable models, found at run time: the models that declare a
``search_result``, and the one that declares a ``search_vocabulary``.
The search imports no content app."""

from django.apps import apps


def searchable_models():
    found = [model for model in apps.get_models() if getattr(model, "search_result", None)]
    return sorted(found, key=lambda model: model.search_result.order)


def vocabulary_model():
    return next(
        (model for model in apps.get_models() if getattr(model, "search_vocabulary", None)), None
    )
