"""The admin every curated model shares: the publishing buttons and list
actions, history with revert (including the rows edited inline), and stable
links when a published record moves."""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericInlineModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from taggit.forms import TagWidget
from taggit.models import Tag

from .models import Status
from .permalinks import addresses, record_move
from .workflow import TRANSITION_LABELS, allowed_transitions, can_publish, transition


class TagListWidget(TagWidget):
    """The tag field with the existing topics offered as the curator types."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "list": "topics-datalist"}
        html = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">', ((t,) for t in Tag.objects.values_list("name", flat=True))
        )
        return format_html('{}<datalist id="topics-datalist">{}</datalist>', html, options)


class CuratedAdmin(SimpleHistoryAdmin):
    """Admin for a model with a publication status.

    The status is never edited directly: buttons and list actions move a record
    through the workflow, as far as the user's role allows.
    """

    save_on_top = True
    list_filter = ["status"]
    change_form_template = "admin/curated_change_form.html"
    actions = ["send_to_review", "return_to_draft", "publish", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "status",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagListWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # -- deleting: withdraw instead ---------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED:
            return False  # withdraw it instead; it stays in the history
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not can_publish(request.user, self.model):
            actions.pop("publish", None)
            actions.pop("withdraw", None)
        return actions

    # -- the workflow ------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["transitions"] = [
                (target, TRANSITION_LABELS[target])
                for target in allowed_transitions(request.user, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        moved = None
        if change and obj.pk:
            before = type(obj).objects.get(pk=obj.pk)
            if before.status == Status.PUBLISHED:
                moved = addresses(before)
        super().save_model(request, obj, form, change)
        if moved:
            record_move(moved, addresses(obj))

    def response_change(self, request, obj):
        if self._is_revert(request):
            self._restore_related(request, obj)
        if "_transition" in request.POST:
            self._apply(request, obj, request.POST["_transition"])
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST:
            self._apply(request, obj, request.POST["_transition"])
        return super().response_add(request, obj, post_url_continue)

    def _apply(self, request, obj, target):
        try:
            transition(obj, target, request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("”%(obj)s” har nu status %(status)s.")
                % {"obj": obj, "status": obj.get_status_display().lower()},
                messages.SUCCESS,
            )

    def _move_selected(self, request, queryset, target):
        done, refused = 0, []
        for obj in queryset:
            try:
                transition(obj, target, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                detail = "; ".join(getattr(error, "messages", [str(error)]))
                refused.append(f"{obj}: {detail}")
        if done:
            self.message_user(
                request,
                gettext("%(count)d poster fick ny status.") % {"count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Skicka till granskning"))
    def send_to_review(self, request, queryset):
        self._move_selected(request, queryset, Status.REVIEW)

    @admin.action(description=_("Återför till utkast"))
    def return_to_draft(self, request, queryset):
        self._move_selected(request, queryset, Status.DRAFT)

    @admin.action(description=_("Publicera"))
    def publish(self, request, queryset):
        self._move_selected(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Dra tillbaka"))
    def withdraw(self, request, queryset):
        self._move_selected(request, queryset, Status.WITHDRAWN)

    # -- revert: the record and what was edited with it ------------------------------

    def _is_revert(self, request):
        match = request.resolver_match
        return bool(match and match.url_name.endswith("_simple_history"))

    def _restore_related(self, request, obj):
        match = request.resolver_match  # simple_history's URL: <object_id>/history/<version>/
        version = obj.history.get(history_id=unquote(match.args[1]))
        # The chosen version held until the next one was saved; inline rows are
        # saved just after their record, so take them as they were then.
        following = (
            obj.history.filter(history_date__gt=version.history_date)
            .order_by("history_date")
            .first()
        )
        when = following.history_date - timedelta(microseconds=1)
        for inline in self.get_inline_instances(request, obj):
            restore_rows(inline.model, _rows_of(inline, obj), when)
        for name in getattr(obj, "_history_m2m_fields", []):
            through = getattr(version, name).all()
            target = obj._meta.get_field(name).related_model._meta.model_name
            getattr(obj, name).set([getattr(row, f"{target}_id") for row in through])


def _rows_of(inline, obj):
    """The lookup that finds the rows an inline edits with ``obj``."""
    if isinstance(inline, GenericInlineModelAdmin):
        content_type = ContentType.objects.get_for_model(obj)
        return {inline.ct_field: content_type, inline.ct_fk_field: obj.pk}
    return {_get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name).name: obj}


def restore_rows(model, lookup, when):
    """Make the rows matching ``lookup`` what they were at ``when``."""
    past = {row.pk: row for row in model.history.as_of(when).filter(**lookup)}
    for current in model.objects.filter(**lookup):
        if current.pk not in past:
            current.delete()
    for row in past.values():
        row.save()
