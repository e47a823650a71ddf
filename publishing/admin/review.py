"""The publisher's queue: changes to published records that wait for review,
each with a diff against the record as it is now, to approve or reject."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..diff import diff
from ..models import PendingChange, ReviewState
from ..review import approve, current_state, reject
from ..workflow import can_publish
from .curated import reverse_admin


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The queue and, for each change, its diff page with the two buttons."""

    list_display = ["__str__", "record_type", "author", "created_at", "state", "reviewer"]
    list_filter = ["state", "content_type"]
    list_select_related = ["content_type", "author", "reviewer"]
    search_fields = ["summary", "author__username", "author__first_name", "author__last_name"]
    change_form_template = "admin/pending_change.html"

    @admin.display(description=_("typ av post"))
    def record_type(self, obj):
        return capfirst_name(obj.content_type.model_class())

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


def capfirst_name(model):
    return str(model._meta.verbose_name).capitalize() if model else "—"
