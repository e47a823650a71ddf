"""The admin every curated model shares: the publishing buttons and list
actions, history with revert (including the rows edited inline), changes
that wait for review, and stable links when a published record moves."""

import json
from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericInlineModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import _get_foreign_key
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from taggit.forms import TagWidget
from taggit.models import Tag

from ..forms import MARKDOWN_HELP, TAG_HELP, AmountField, AmountInput, CommaTagField, CuratedForm
from ..models import PendingChange, ReviewState, Status
from ..permalinks import addresses, record_move
from ..review import pending_for, restore_rows, state, touches_published_rows
from ..workflow import (
    PUBLISH_WITH_LINKS,
    TRANSITION_LABELS,
    allowed_transitions,
    can_publish,
    describe_links,
    is_publisher,
    publish_linked,
    transition,
    unpublished_links,
)


def reverse_admin(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


class TagListWidget(TagWidget):
    """The tag field with the existing topics offered as the curator types,
    shown as a plain list with commas (no quotes around names with spaces)."""

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = ", ".join(sorted(getattr(tag, "name", tag) for tag in value))
        return super().format_value(value)

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
    through the workflow, as far as the user's role allows. A save never changes
    the status (a restore of an old version included). A curator's change to a
    published record waits for the publisher (publishing.review), and a form
    built on an older version of the record is refused (publishing.forms).
    """

    form = CuratedForm
    save_on_top = True
    list_filter = ["status"]
    change_form_template = "admin/curated_change_form.html"
    object_history_template = "admin/curated_object_history.html"
    object_history_form_template = "admin/curated_history_form.html"
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
            kwargs.update(widget=TagListWidget, form_class=CommaTagField, help_text=TAG_HELP)
        elif db_field.name.endswith("_sek"):  # amounts in kronor
            kwargs.update(form_class=AmountField, widget=AmountInput)
        elif _is_markdown_help(db_field.help_text):
            kwargs["help_text"] = MARKDOWN_HELP
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def row_lookups(self, obj):
        """(model, lookup) of each group of rows edited on ``obj``'s form."""
        return [(inline.model, _rows_of(inline, obj)) for inline in self.get_inlines(None, obj)]

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

    # -- the form ----------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add and self.has_change_permission(request):
            context["transitions"] = [(Status.REVIEW, _("Spara och skicka till granskning"))]
        if obj is not None and obj.pk:
            record = self.model.objects.get(pk=obj.pk)  # a restore shows an old copy
            context["transitions"] = [
                (target, TRANSITION_LABELS[target])
                for target in allowed_transitions(request.user, record)
            ]
            context["pending_changes"] = pending_for(record).filter(state=ReviewState.PENDING)
            context["needs_review"] = record.is_published and not can_publish(
                request.user, self.model
            )
            context["unpublished_links"] = unpublished_links(record, self.row_lookups(record))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        _valid_id(self.model, object_id)
        record = self.get_object(request, unquote(object_id))
        if record is not None:
            extra_context = {**(extra_context or {}), "reviews": pending_for(record)}
        return super().history_view(request, object_id, extra_context)

    @method_decorator(transaction.atomic)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _valid_id(self.model, object_id)
        _valid_id(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- saving ------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        before = type(obj).objects.get(pk=obj.pk)
        # The status is the workflow's: a restored old version keeps today's.
        obj.status, obj.published_at = before.status, before.published_at
        if not can_publish(request.user, self.model):
            # Saved for real only once it is known not to touch what is public.
            request._review = {"savepoint": transaction.savepoint(), "before": before}
        moved = addresses(before) if before.is_published else None
        super().save_model(request, obj, form, change)
        if moved:
            record_move(moved, addresses(obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if hasattr(request, "_review"):
            request._review["rows"] = touches_published_rows(formsets)

    def log_change(self, request, obj, message):
        review = getattr(request, "_review", None)
        if self._is_revert(request):
            touched = self._restore_related(request, obj)
            if review is not None:
                review["rows"] = touched
        if review is not None:
            del request._review
            if review["before"].is_published or review.get("rows"):
                proposed = state(obj, self.row_lookups(obj))
                transaction.savepoint_rollback(review["savepoint"])
                request._pending = PendingChange.objects.create(
                    record=review["before"],
                    base_version=review["before"].version,
                    proposed=proposed,
                    summary=LogEntry(change_message=json.dumps(message)).get_change_message(),
                    author=request.user,
                )
                message = gettext("Föreslog en ändring som väntar på granskning: %(what)s") % {
                    "what": request._pending.summary
                }
            else:
                transaction.savepoint_commit(review["savepoint"])
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        pending = getattr(request, "_pending", None)
        if pending is not None and IS_POPUP_VAR not in request.POST:
            self.message_user(
                request,
                gettext(
                    "Din ändring av ”%(obj)s” väntar nu på granskning av ansvarig utgivare. "
                    "Webbplatsen visar den publicerade versionen tills ändringen godkänns."
                )
                % {"obj": pending},
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse_admin(obj, "change"))
        if "_transition" in request.POST:
            self._apply(request, obj, request.POST["_transition"])
            return HttpResponseRedirect(reverse_admin(obj, "change"))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST:
            self._apply(request, obj, request.POST["_transition"])
        return super().response_add(request, obj, post_url_continue)

    # -- the workflow ------------------------------------------------------------------

    def _apply(self, request, obj, target):
        obj = self.model.objects.get(pk=obj.pk)
        with_links = target == PUBLISH_WITH_LINKS
        if with_links:
            target = Status.PUBLISHED
        try:
            with transaction.atomic():
                transition(obj, target, request.user)
                if with_links:
                    for linked in unpublished_links(obj, self.row_lookups(obj)):
                        publish_linked(linked, request.user)
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
            self._warn_unpublished_links(request, obj)

    def _warn_unpublished_links(self, request, obj):
        if obj.status not in (Status.REVIEW, Status.PUBLISHED):
            return
        links = unpublished_links(obj, self.row_lookups(obj))
        if links:
            self.message_user(
                request,
                gettext(
                    "”%(obj)s” länkar till poster som inte är publicerade och inte syns "
                    "på webbplatsen: %(links)s."
                )
                % {"obj": obj, "links": describe_links(links)},
                messages.WARNING,
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
            else:
                self._warn_unpublished_links(request, obj)
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
        touched = False
        for model, lookup in self.row_lookups(obj):
            touched |= restore_rows(model, lookup, when)
        for name in getattr(obj, "_history_m2m_fields", []):
            through = getattr(version, name).all()
            target = obj._meta.get_field(name).related_model._meta.model_name
            getattr(obj, name).set([getattr(row, f"{target}_id") for row in through])
        return touched


def _is_markdown_help(text):
    """Whether a model field's help text is the bare "Markdown." note."""
    with translation.override(None):
        return str(text) == "Markdown."


def _valid_id(model, value):
    """simple_history's views put the id in the address straight into a query."""
    try:
        model._meta.pk.to_python(unquote(value))
    except ValidationError:
        raise Http404 from None


def _rows_of(inline, obj):
    """The lookup that finds the rows an inline edits with ``obj`` (plain values)."""
    if issubclass(inline, GenericInlineModelAdmin):
        content_type = ContentType.objects.get_for_model(obj)
        return {inline.ct_field: content_type.pk, inline.ct_fk_field: obj.pk}
    return {_get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name).name: obj.pk}


class ChildAdmin(admin.ModelAdmin):
    """The list of rows that are edited on their record's form (steps,
    participations, sources …): there a curator's change to a published record
    waits for review. Changing them here is for the publisher."""

    def has_add_permission(self, request):
        return is_publisher(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_publisher(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_publisher(request.user) and super().has_delete_permission(request, obj)
