"""Writes that touch several models: turning a visitor's tip into a draft case."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import Truncator, slugify

from instruments.models import Citation
from publishing.models import Status

from .models import Case, Suggestion


def unique_slug(title, model=Case):
    base = slugify(title)[:100] or "exempel"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def draft_case_from_suggestion(suggestion, user):
    """A draft case with what the visitor wrote; the curator completes it."""
    notes = [suggestion.description.strip()]
    if suggestion.organisations:
        notes.append(f"**Organisationer enligt tipset:** {suggestion.organisations.strip()}")
    if suggestion.place:
        notes.append(f"**Plats enligt tipset:** {suggestion.place.strip()}")
    notes.append("*Skapat från ett tips. Kontrollera skede, aktörer, platser och källor.*")
    case = Case(
        title=suggestion.title,
        slug=unique_slug(suggestion.title),
        lead=Truncator(" ".join(suggestion.description.split())).chars(300),
        body="\n\n".join(notes),
        stage=Case.Stage.IDEA,
        status=Status.DRAFT,
    )
    case._history_user = user
    case.save()
    if suggestion.instrument_id:
        case.instruments.add(suggestion.instrument)
    validate = URLValidator(schemes=["http", "https"])
    for order, link in enumerate(suggestion.links(), start=1):
        try:
            validate(link)
        except ValidationError:
            continue
        Citation.objects.create(
            content_object=case, url=link[:500], note="Källa enligt tipset", order=order
        )
    suggestion.state = Suggestion.State.CONVERTED
    suggestion.case = case
    suggestion.save(update_fields=["state", "case"])
    return case
