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

from .versioned import versioned


class PublishedDetailView(DetailView):
    """A detail page of a curated record: only published records, else 404.

    Staff may open any record's page as a preview: clearly marked, never
    indexed and never cached.

    The page's main part, its ``article_template``, is what costs: every row
    of ``get_prefetches`` and the newest related records. It is rendered once
    per content version and kept (``publishing.versioned``), so a visitor
    after the first costs one query for the record itself. Previews and
    curators' requests always render it afresh and keep nothing.
    """

    article_template = None

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
        """What the article needs besides the record with its related rows."""
        return {}

    def complete(self, obj):
        """Read every related row the article shows."""
        prefetch_related_objects([obj], *self.get_prefetches())
        if self.newest is not None:
            lookup, count, total = self.newest
            related = getattr(obj, lookup).published()
            setattr(obj, f"newest_{lookup}", list(related.newest()[:count]))
            setattr(obj, total, related.count())

    def article(self, context):
        def render():
            self.complete(self.object)
            context.update(self.get_article_context())
            return render_to_string(self.article_template, context.copy(), self.request)

        if context["preview"] or self.request.user.is_staff:
            return render()
        name = f"article:{self.object._meta.label_lower}"
        where = (self.request.scheme, self.request.get_host())  # the embed code's address
        return versioned(name, render, self.object.pk, *where)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(preview=not self.object.is_published, **kwargs)
        if self.article_template is None:
            self.complete(self.object)
            context.update(self.get_article_context())
        else:
            context["article"] = self.article(context)
        return context

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
