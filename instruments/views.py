"""Pages about the instruments and the vocabulary: list, detail, glossary, reading list."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from publishing.models import Status, count_published, published_prefetch
from publishing.views import CardView, PublishedDetailView

from .chooser import COMBINE_CAVEAT, LEGAL_CAVEAT, ChooserForm, chooser, rank
from .diagrams import build_diagram
from .models import Citation, Definition, Instrument, LegalNote, Publication, Term


def citations_prefetch(lookup="citations"):
    return Prefetch(lookup, queryset=Citation.objects.public())


def published_terms():
    return Term.objects.published().prefetch_related("synonyms")


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
    article_template = "instruments/instrument_article.html"
    newest = ("cases", 10, "case_total")

    def get_prefetches(self):
        return [
            "actors",
            "steps",
            "subforms",
            "tags",
            Prefetch("terms", queryset=published_terms()),
            Prefetch("confused_with", queryset=Instrument.objects.published()),
            Prefetch("combinable_with", queryset=Instrument.objects.published()),
            Prefetch("legal_notes", queryset=LegalNote.objects.published()),
            published_prefetch(Instrument, "insight_areas"),
            published_prefetch(Instrument, "quotes"),
            published_prefetch(Instrument, "key_figures", prefetch=[citations_prefetch()]),
            citations_prefetch(),
        ]

    def get_article_context(self):
        return {**super().get_article_context(), "diagram": build_diagram(self.object)}


class ChooserView(TemplateView):
    """/instrument/valj/: a few questions, and the five instruments ranked by
    what the report says about each answer. A GET form: every answer is a
    shareable address."""

    template_name = "instruments/chooser.html"

    @staticmethod
    def query_parameters():
        return [question.name for question in chooser().questions]

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


class InstrumentCardView(CardView):
    model = Instrument
    kind = _("Instrument")

    def facts(self, instrument):
        return [
            (_("Typ"), instrument.get_kind_display()),
            (_("Exempel i Sverige"), instrument.cases.published().count()),
        ]
