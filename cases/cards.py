"""A case's card, as the lists of cases show it."""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string

from publishing.versions import versioned_many

from .models import Case

# What a card shows of the case itself (its places and instruments are read
# when it is made).
CARD_FIELDS = ("pk", "slug", "title", "lead", "stage", "stage_note", "start_year")


def case_cards(cases, request):
    """The card of each of ``cases`` (published cases, in order), kept per
    content version: every list that shows a case shows the same card, so a
    page of the library that nobody asked for is made of kept cards."""

    def render(missing):
        wanted = {pk for (pk,) in missing}
        shown = [case for case in cases if case.pk in wanted]
        prefetch_related_objects(shown, *Case.card_prefetches())
        template = "includes/case_card.html"
        return {(case.pk,): render_to_string(template, {"case": case}, request) for case in shown}

    kept = versioned_many("case-card", [(case.pk,) for case in cases], render)
    return [kept[(case.pk,)] for case in cases]
