"""Pages about the instruments and the vocabulary: list, detail, glossary, reading list."""

from csp.decorators import csp_replace
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView, ListView, TemplateView

from .chooser import COMBINE_CAVEAT, LEGAL_CAVEAT, ChooserForm, rank
from .curation import Status, count_published, published_prefetch
from .diagrams import build_diagram
from .models import Citation, Definition, Instrument, LegalNote, Publication, Term


def public_citations():
    """Citations whose publication (if any) is itself public."""
    return Citation.objects.filter(
        Q(publication__isnull=True) | Q(publication__status=Status.PUBLISHED)
    ).select_related("publication")


def citations_prefetch(lookup="citations"):
    return Prefetch(lookup, queryset=public_citations())


def published_terms():
    return Term.objects.published().prefetch_related("synonyms")


class PublishedDetailView(DetailView):
    """A detail page of a curated record: only published records, else 404.

    Staff may open any record's page as a preview: clearly marked, never
    indexed and never cached.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.request.user.is_staff else queryset.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            response["X-Robots-Tag"] = "noindex, nofollow"
            add_never_cache_headers(response)
        return response


class InstrumentListView(ListView):
    template_name = "instruments/instrument_list.html"
    context_object_name = "instruments"

    def get_queryset(self):
        return Instrument.objects.published().prefetch_related(
            Prefetch("terms", queryset=published_terms())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            legal_notes=LegalNote.objects.published().prefetch_related(citations_prefetch()),
            **kwargs,
        )


class InstrumentDetailView(PublishedDetailView):
    model = Instrument
    context_object_name = "instrument"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "actors",
                "steps",
                "subforms",
                "tags",
                Prefetch("terms", queryset=published_terms()),
                Prefetch("confused_with", queryset=Instrument.objects.published()),
                Prefetch("combinable_with", queryset=Instrument.objects.published()),
                Prefetch("legal_notes", queryset=LegalNote.objects.published()),
                published_prefetch(Instrument, "cases", newest=10),
                published_prefetch(Instrument, "insight_areas"),
                published_prefetch(Instrument, "quotes"),
                published_prefetch(Instrument, "key_figures", prefetch=[citations_prefetch()]),
                citations_prefetch(),
            )
            .annotate(case_total=count_published("cases"))
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(diagram=build_diagram(self.object), **kwargs)


class ChooserView(TemplateView):
    """/instrument/valj/: a few questions, and the five instruments ranked by
    what the report says about each answer. A GET form: every answer is a
    shareable address."""

    template_name = "instruments/chooser.html"

    def get(self, request, *args, **kwargs):
        form = ChooserForm(request.GET or None)
        ranked = None
        if form.is_bound and form.is_valid() and form.answers():
            instruments = Instrument.objects.published().prefetch_related(
                published_prefetch(Instrument, "cases", newest=3)
            )
            ranked = rank(instruments, form.answers())
        context = self.get_context_data(
            form=form, ranked=ranked, legal=LEGAL_CAVEAT, combine=COMBINE_CAVEAT
        )
        return self.render_to_response(context, status=400 if form.errors else 200)


class InstrumentCompareView(ListView):
    """All five instruments side by side on the same rows."""

    template_name = "instruments/instrument_compare.html"
    context_object_name = "instruments"

    def get_queryset(self):
        return (
            Instrument.objects.published()
            .prefetch_related(published_prefetch(Instrument, "cases", newest=5))
            .annotate(case_total=count_published("cases"))
        )


SWEDISH_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"


def swedish_sort_key(text):
    """Sort as in Swedish: å, ä and ö come after z (and é sorts as e)."""
    key = []
    for char in text.upper():
        char = {"É": "E", "Ü": "Y"}.get(char, char)
        position = SWEDISH_ALPHABET.find(char)
        key.append((position if position >= 0 else -1, char))
    return key


class GlossaryView(ListView):
    template_name = "instruments/glossary.html"
    context_object_name = "terms"

    def get_queryset(self):
        return Term.objects.published().prefetch_related(
            "synonyms",
            Prefetch("definitions", queryset=self._definitions()),
            Prefetch("related", queryset=Term.objects.published()),
            published_prefetch(Term, "quotes"),
            citations_prefetch(),
            "instrument",
        )

    def get_context_data(self, **kwargs):
        letters = {}
        for term in sorted(self.object_list, key=lambda t: swedish_sort_key(t.term)):
            letters.setdefault(swedish_sort_key(term.term)[0][1], []).append(term)
        return super().get_context_data(letters=letters, alphabet=SWEDISH_ALPHABET, **kwargs)

    @staticmethod
    def _definitions():
        return Definition.objects.filter(publication__status=Status.PUBLISHED).select_related(
            "publication"
        )


class ReadingListView(ListView):
    template_name = "instruments/reading_list.html"
    context_object_name = "reading_list"

    def get_queryset(self):
        return (
            Publication.objects.published()
            .filter(in_reading_list=True)
            .order_by("reading_list_order")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sources=Publication.objects.published().filter(in_reading_list=False), **kwargs
        )


class CardView(DetailView):
    """A small self-contained card of a published record, for partners to put in
    an iframe: the only pages that may be framed."""

    template_name = "cards/card.html"
    kind = ""

    def get_queryset(self):
        return super().get_queryset().published()

    def facts(self, obj):
        return []

    def get_context_data(self, **kwargs):
        obj = self.object
        build = self.request.build_absolute_uri
        return super().get_context_data(
            kind=self.kind,
            title=str(obj),
            lead=obj.lead,
            facts=self.facts(obj),
            url=build(obj.get_absolute_url()),
            home=build(reverse("hub:home")),
            **kwargs,
        )

    @method_decorator(xframe_options_exempt)
    @method_decorator(csp_replace({"frame-ancestors": ["*"]}))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class InstrumentCardView(CardView):
    model = Instrument
    kind = gettext_lazy("Instrument")

    def facts(self, instrument):
        return [
            (gettext_lazy("Slag"), instrument.get_kind_display()),
            (gettext_lazy("Exempel i Sverige"), instrument.cases.published().count()),
        ]
