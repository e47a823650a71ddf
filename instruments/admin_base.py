"""What every curated model's admin shares: status filter, history, citations inline."""

from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Citation


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ["publication", "locator", "url", "note", "order"]
    autocomplete_fields = ["publication"]
    verbose_name = _("källa")
    verbose_name_plural = _("källor")


class CuratedAdmin(SimpleHistoryAdmin):
    """Admin for a model with a publication status."""

    save_on_top = True
    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    citations = True

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, CitationInline] if self.citations else inlines
