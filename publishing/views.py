"""The base views of curated records: a public detail page with a preview for
staff, and the small card partners may frame."""

from csp.decorators import csp_replace
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView

from .versions import versioned


class KeptArticleMixin:
    """A page whose main part, its ``article_template``, is what costs (the
    related rows, the lists): it is rendered once per content version and
    kept (``publishing.versions``), so that the visitors after the first pay
    for the page around it only. Curators' requests always render it afresh
    and keep nothing."""

    article_template = None

    def get_article_context(self):
        """What the article needs, read only when it is rendered."""
        return {}

    def article_parts(self):
        """What the article depends on besides the content and the language."""
        return ()

    def article(self, context):
        def render():
            context.update(self.get_article_context())
            return render_to_string(self.article_template, context, self.request)

        if self.request.user.is_staff:
            return render()
        return versioned(f"article:{self.article_template}", render, *self.article_parts())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.article_template is None:
            context.update(self.get_article_context())
        else:
            context["article"] = self.article(context.copy())
        return context


class PublishedDetailView(KeptArticleMixin, DetailView):
    """A detail page of a curated record: only published records, else 404.

    Staff may open any record's page as a preview: clearly marked, never
    indexed and never cached. The record is read with one query; its related
    rows (``get_prefetches``, ``newest``) only when its article is rendered.
    """

    # A relation that grows (an instrument's cases): its newest published
    # records land in ``newest_<lookup>`` and their number in ``total``,
    # read by a LIMIT and a count of this record's rows only (a prefetch of a
    # slice ranks every related row of every record with a window function).
    newest = None  # (lookup, how many, the attribute of the total)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.request.user.is_staff else queryset.published()

    def get_prefetches(self):
        """The related rows the article shows, as ``prefetch_related`` lookups."""
        return []

    def get_article_context(self):
        """Read every related row the article shows."""
        obj = self.object
        prefetch_related_objects([obj], *self.get_prefetches())
        if self.newest is not None:
            lookup, count, total = self.newest
            related = getattr(obj, lookup).published()
            setattr(obj, f"newest_{lookup}", list(related.newest()[:count]))
            setattr(obj, total, related.count())
        return {}

    def article_parts(self):
        # the embed code shows the address the page was asked for
        return (self.object.pk, self.request.scheme, self.request.get_host())

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            response["X-Robots-Tag"] = "noindex, nofollow"
            add_never_cache_headers(response)
        return response


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
