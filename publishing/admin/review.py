"""The publisher's queue: changes to published records that wait for review,
each with a diff against the record as it is now, to approve or reject."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..diff import diff
from ..models import PendingChange, ReviewState
from ..review import approve, current_state, display_user, reject
from ..workflow import can_publish
from .curated import reverse_admin

ALL = "alla"

# The queue's heading for each choice of its filter on the state.
QUEUE_TITLES = {
    ReviewState.PENDING: _("Ändringar som väntar på granskning"),
    ReviewState.APPROVED: _("Godkända ändringar"),
    ReviewState.REJECTED: _("Avvisade ändringar"),
    ALL: _("Alla föreslagna ändringar"),
}


class StateFilter(admin.SimpleListFilter):
    """The changes that wait, unless the publisher asks for the decided ones."""

    title = _("läge")
    parameter_name = "lage"

    def lookups(self, request, model_admin):
        return [*ReviewState.choices, (ALL, _("Alla"))]

    def chosen(self):
        return self.value() if self.value() in QUEUE_TITLES else ReviewState.PENDING

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.chosen() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        chosen = self.chosen()
        return queryset if chosen == ALL else queryset.filter(state=chosen)


class RecordTypeFilter(admin.SimpleListFilter):
    """The kinds of record that have changes, by their Swedish names."""

    title = _("typ av post")
    parameter_name = "typ"

    def lookups(self, request, model_admin):
        types = ContentType.objects.filter(pk__in=PendingChange.objects.values("content_type"))
        return sorted(
            ((str(t.pk), capfirst_name(t.model_class())) for t in types), key=lambda c: c[1]
        )

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(content_type_id=self.value())
        return queryset


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The queue and, for each change, its diff page with the two buttons."""

    list_display = ["record_name", "record_type", "summary", "proposed_by", "decision"]
    list_display_links = ["record_name"]
    list_filter = [StateFilter, RecordTypeFilter]
    list_select_related = ["content_type", "author", "reviewer"]
    search_fields = ["summary", "author__username", "author__first_name", "author__last_name"]
    change_form_template = "admin/pending_change.html"

    @admin.display(description=_("post"))
    def record_name(self, obj):
        return str(obj)

    @admin.display(description=_("typ av post"))
    def record_type(self, obj):
        return capfirst_name(obj.content_type.model_class())

    @admin.display(description=_("föreslagen"), ordering="created_at")
    def proposed_by(self, obj):
        return format_html("{}<br>{}", display_user(obj.author), _when(obj.created_at))

    @admin.display(description=_("granskad"), ordering="reviewed_at")
    def decision(self, obj):
        if obj.reviewer is None:
            return obj.get_state_display()
        return format_html(
            "{}<br>{}<br>{}",
            obj.get_state_display(),
            display_user(obj.reviewer),
            _when(obj.reviewed_at),
        )

    def get_list_display(self, request):
        """In the queue of waiting changes, every row waits: no column says so."""
        if request.GET.get(StateFilter.parameter_name) in (
            ReviewState.APPROVED,
            ReviewState.REJECTED,
            ALL,
        ):
            return self.list_display
        return [name for name in self.list_display if name != "decision"]

    def changelist_view(self, request, extra_context=None):
        chosen = request.GET.get(StateFilter.parameter_name)
        title = QUEUE_TITLES.get(chosen, QUEUE_TITLES[ReviewState.PENDING])
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # approved and rejected changes are the review's history

    def has_change_permission(self, request, obj=None):
        return False  # only approved or rejected, with the buttons on the diff page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None or not self.has_view_permission(request, change):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        record = change.record
        may_review = change.state == ReviewState.PENDING and can_publish(
            request.user, change.content_type.model_class()
        )
        if request.method == "POST" and may_review:
            return self._decide(request, change)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Ändring av ”%(record)s”") % {"record": change},
            "opts": self.opts,
            "change": change,
            "record": record,
            "record_url": reverse_admin(record, "change") if record else None,
            "sections": diff(current_state(record, change.proposed), change.proposed)
            if record and change.state == ReviewState.PENDING
            else None,
            "may_review": may_review,
            "stale": change.is_stale,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.change_form_template, context)

    def _decide(self, request, change):
        try:
            if "_approve" in request.POST:
                approve(change, request.user)
                done = gettext("Ändringen av ”%(record)s” är godkänd och publicerad.")
            elif "_reject" in request.POST:
                reject(change, request.user, request.POST.get("review_note", "")[:2000])
                done = gettext("Ändringen av ”%(record)s” är avvisad; den finns kvar i historiken.")
            else:
                return HttpResponseRedirect(request.path)
        except (PermissionDenied, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, done % {"record": change}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:publishing_pendingchange_changelist"))


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def capfirst_name(model):
    return str(model._meta.verbose_name).capitalize() if model else "—"
