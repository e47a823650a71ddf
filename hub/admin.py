"""The curators' admin as they see it: the hub's name instead of Django's,
and Swedish names for the sections that come from installed packages
(topics from django-taggit, locked-out logins from django-axes), which ship
no Swedish of their own.

The names are set on the running apps and models only: migrations read the
models' declared options (``_meta.original_attrs``), so nothing here asks for
a migration in a package.
"""

from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from publishing.models import TaggedRecord

admin.site.site_header = _("Kunskapshubben – redaktion")
admin.site.site_title = _("Kunskapshubben – redaktion")
admin.site.index_title = _("Redaktionens startsida")

# app label → (the section's name, {model name → (singular, plural)})
SWEDISH_NAMES = {
    "taggit": (
        _("Ämnen"),
        {
            "tag": (_("ämne"), _("ämnen")),
            "taggeditem": (_("ämne på en post"), _("ämnen på poster")),
        },
    ),
    "axes": (
        _("Inloggningsspärrar"),
        {
            "accessattempt": (
                _("misslyckat inloggningsförsök"),
                _("misslyckade inloggningsförsök"),
            ),
            "accessfailurelog": (_("misslyckad inloggning"), _("misslyckade inloggningar")),
            "accesslog": (_("inloggning"), _("inloggningar")),
            "accessattemptexpiration": (_("spärrtid"), _("spärrtider")),
        },
    ),
}


def name_in_swedish():
    for label, (section, models) in SWEDISH_NAMES.items():
        if not apps.is_installed(label):
            continue
        config = apps.get_app_config(label)
        config.verbose_name = section
        for model_name, (singular, plural) in models.items():
            try:
                opts = config.get_model(model_name)._meta
            except LookupError:
                continue
            opts.verbose_name, opts.verbose_name_plural = singular, plural


name_in_swedish()


class SwedishTagAdmin(TagAdmin):
    """Topics: curators look them up; merging them is the publisher's."""

    actions = ["merge_topics"]
    inlines = []  # taggit's inline lists its own rows; the records' topics are TaggedRecords

    @admin.action(description=_("Slå ihop valda ämnen"), permissions=["change"])
    def merge_topics(self, request, queryset):
        return self.render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        """taggit's merge (its form and steps), for the rows the records'
        topics are kept in (``TaggedRecord``, which taggit's own view does
        not know), each saved so that history and the caches hear of it."""
        form = MergeTagsForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return super().merge_tags_view(request)
        merged = [i for i in request.session.pop("selected_tag_ids", "").split(",") if i.isdigit()]
        new_tag, _created = Tag.objects.get_or_create(name=form.cleaned_data["new_tag_name"])
        with transaction.atomic():
            for row in TaggedRecord.objects.filter(tag_id__in=merged).exclude(tag=new_tag):
                kept = TaggedRecord.objects.filter(
                    tag=new_tag, content_type_id=row.content_type_id, object_id=row.object_id
                )
                if kept.exists():
                    row.delete()
                else:
                    row.tag = new_tag
                    row.save()
        self.message_user(request, _("Ämnena är sammanslagna."), level="success")
        return redirect("..")


admin.site.unregister(Tag)
admin.site.register(Tag, SwedishTagAdmin)
