"""The case library, case pages and organisation pages."""

from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView
from django_ratelimit.core import is_ratelimited

from insights.models import InsightArea
from instruments.models import Audience, citations_prefetch
from publishing.views import CardView, PublishedDetailView

from .cards import CARD_FIELDS, case_cards
from .charts import case_charts
from .deals import deal_terms_prefetch, money_box
from .facet_index import facet_index
from .filters import SORTS, CaseFilter, build_facets, selected_cases, selected_chips, selection
from .forms import SuggestionForm
from .models import Case, Organisation, Participation, Role


class ClampedPaginationMixin:
    """Pages out of range show the nearest page instead of an error."""

    page_kwarg = "sida"

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class SelectedCases(Sequence):
    """The library's selection (bits of the facet index) in the chosen order,
    as a sequence of pks: the paginator takes its page from the index."""

    def __init__(self, index, bits, cleaned):
        self.index, self.bits = index, bits
        sort = cleaned.get("sortering")
        if sort in (None, "", "relevans"):  # nothing to rank by without a search
            sort = "nyast"
        self.order_by = SORTS[sort][1]

    def __len__(self):
        return self.bits.bit_count()

    def __getitem__(self, index):
        start, stop, _step = index.indices(len(self))
        return self.index.page(self.bits, self.order_by, start, stop)


class CaseListView(ClampedPaginationMixin, ListView):
    """The case library: facets with counts, chips, sort and pagination, all in GET."""

    template_name = "cases/case_list.html"
    context_object_name = "cases"
    paginate_by = 20
    query_parameters = (*CaseFilter.base_filters, "sida")

    def get(self, request, *args, **kwargs):
        """An address with empty or default parameters (``?q=&fran=&sortering=nyast``,
        as a form without JavaScript sends it) redirects to its short form, the
        other parameters in their order."""
        pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        kept = [(name, value) for name, value in pairs if not self.is_default(name, value, pairs)]
        if len(kept) != len(pairs):
            return redirect(request.path + ("?" + urlencode(kept) if kept else ""))
        return super().get(request, *args, **kwargs)

    @staticmethod
    def is_default(name, value, pairs):
        value = value.strip()
        if not value:
            return True
        if name == "sortering":
            searching = any(other == "q" and text.strip() for other, text in pairs)
            return value == "relevans" if searching else value in ("nyast", "relevans")
        if name == "sida":
            return value == "1"
        return False

    def get_queryset(self):
        self.filterset = CaseFilter(
            self.request.GET, queryset=Case.objects.published(), request=self.request
        )
        self.index = facet_index()
        self.chosen = selection(self.filterset, self.index)
        self.selected = selected_cases(self.chosen, self.index)
        if "q" in self.chosen:  # ranked by the search: the database orders them
            return self.filterset.qs.values_list("pk", flat=True)
        return SelectedCases(self.index, self.selected, self.filterset.form.cleaned_data)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.selected.bit_count()  # known: no COUNT query
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, pks, is_paginated = super().paginate_queryset(queryset, page_size)
        found = Case.objects.published().only(*CARD_FIELDS).in_bulk(list(pks))
        page.object_list = [found[pk] for pk in pks if pk in found]
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        facets = build_facets(self.filterset, self.index, self.chosen)
        cleaned = self.filterset.form.cleaned_data
        query = {name: values for name, values in self.request.GET.lists() if name != "sida"}

        def url_for(params):
            """The library with this selection, narrowed by ``params`` (as a
            QueryDict's ``setlist`` and ``urlencode`` would, without copying
            one for each of the charts' bars)."""
            narrowed = {**query, **{name: [str(value)] for name, value in params.items()}}
            return "?" + urlencode([(name, v) for name, values in narrowed.items() for v in values])

        charts = case_charts(facets, self.index.year_counts(self.selected), url_for)
        searching = bool(cleaned.get("q"))
        context = super().get_context_data(
            filterset=self.filterset,
            sorts=[
                (key, label) for key, (label, _) in SORTS.items() if searching or key != "relevans"
            ],
            current_sort=cleaned.get("sortering") or ("relevans" if searching else "nyast"),
            facets=facets,
            charts=charts,
            chips=selected_chips(self.filterset, facets, self.request.GET),
            ignored_filters=[self.filterset.filters[name].label for name in self.filterset.errors],
            **kwargs,
        )
        context["cards"] = case_cards(context["cases"], self.request)
        return context


class CaseDetailView(PublishedDetailView):
    model = Case
    context_object_name = "case"
    article_template = "cases/case_article.html"

    def get_prefetches(self):
        participations = Participation.objects.with_public_organisation()
        return [
            *Case.card_prefetches(),
            "policy_areas",
            "outcome_metrics",
            "milestones",
            "tags",
            Prefetch("participations", queryset=participations),
            Prefetch("insight_areas", queryset=InsightArea.objects.published()),
            Prefetch("audiences", queryset=Audience.objects.published()),
            citations_prefetch(),
            deal_terms_prefetch(),
        ]

    def get_article_context(self):
        context = super().get_article_context()
        order = {role: index for index, role in enumerate(Role.values)}
        by_role = {}
        for participation in sorted(self.object.participations.all(), key=lambda p: order[p.role]):
            by_role.setdefault(participation.get_role_display(), []).append(participation)
        return {**context, "participants_by_role": by_role, "money": money_box(self.object)}


class OrganisationListView(ListView):
    template_name = "cases/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return Organisation.objects.published().select_related("municipality", "county")


class OrganisationDetailView(PublishedDetailView):
    model = Organisation
    context_object_name = "organisation"
    query_parameters = ("sida",)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("municipality", "county")
            .prefetch_related(citations_prefetch())
        )

    def get_context_data(self, **kwargs):
        """The organisation's cases, each once with all its roles in it, newest
        first, 20 to a page."""
        roles = Prefetch(
            "participations",
            queryset=Participation.objects.filter(organisation=self.object),
            to_attr="roles_here",
        )
        cases = (
            Case.objects.published()
            .filter(participations__organisation=self.object)
            .distinct()
            .only("pk", "slug", "title")
            .order_by("-published_at", "-pk")
            .prefetch_related(roles)
        )
        page = Paginator(cases, 20).get_page(self.request.GET.get("sida"))
        return super().get_context_data(
            cases=page.object_list, page_obj=page, paginator=page.paginator, **kwargs
        )


SUGGESTION_RATE = "5/h"  # per client address


class SuggestionView(FormView):
    """*Tipsa om ett exempel*: anyone may describe a case; it lands in the
    moderation queue, never on the site directly."""

    template_name = "cases/suggestion_form.html"
    form_class = SuggestionForm

    def form_valid(self, form):
        if form.is_spam():
            return self.thanks()  # look the same to a bot, store nothing
        limited = is_ratelimited(
            self.request,
            group="suggestions",
            key="ip",
            rate=SUGGESTION_RATE,
            method="POST",
            increment=True,
        )
        if limited:
            form.add_error(
                None,
                gettext(
                    "Du har skickat många tips på kort tid. Vänta en stund och försök "
                    "igen; det du skrev finns kvar nedan."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        form.save()
        return self.thanks()

    def thanks(self):
        return render(self.request, "cases/suggestion_thanks.html")


suggestion_view = never_cache(SuggestionView.as_view())


class CaseCardView(CardView):
    model = Case
    kind = _("Svenskt exempel")

    def get_queryset(self):
        return super().get_queryset().for_cards()

    def facts(self, case):
        places = [str(p) for p in case.municipalities.all()] or [
            str(c) for c in case.counties.all()
        ]
        facts = [
            (_("Instrument"), ", ".join(i.name for i in case.instruments.all())),
            (_("Skede"), case.get_stage_display()),
        ]
        if case.start_year:
            facts.append((_("Start"), case.start_year))
        if places:
            facts.append((_("Plats"), ", ".join(places)))
        return facts
