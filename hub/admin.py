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
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag

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

    @admin.action(description=_("Slå ihop valda ämnen"), permissions=["change"])
    def merge_topics(self, request, queryset):
        return self.render_tag_form(request, queryset)


admin.site.unregister(Tag)
admin.site.register(Tag, SwedishTagAdmin)
