from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from publishing.admin import ChildAdmin, CuratedAdmin

from .models import (
    Actor,
    Audience,
    Citation,
    Definition,
    Instrument,
    LegalNote,
    Publication,
    Step,
    Subform,
    Synonym,
    Term,
)


class CitationForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("DELETE") and not cleaned.get("publication") and not cleaned.get("url"):
            raise ValidationError(_("Ange en publikation eller en webbadress för källan."))
        return cleaned


class CitationInline(GenericTabularInline):
    model = Citation
    form = CitationForm
    extra = 0
    fields = ["publication", "locator", "url", "note", "order"]
    autocomplete_fields = ["publication"]
    verbose_name = _("källa")
    verbose_name_plural = _("källor")


class SourcedAdmin(CuratedAdmin):
    """The admin of a record that cites its sources: the sources come last."""

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), CitationInline]


class ActorInline(admin.TabularInline):
    model = Actor
    extra = 0
    fields = ["name", "order"]
    verbose_name_plural = _("aktörer i diagrammet (spara innan du väljer dem i stegen)")


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["order", "actor", "action", "recipient", "flow", "source", "target", "description"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("source", "target"):  # this instrument's actors only
            instrument = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Actor.objects.filter(instrument_id=instrument or None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SubformInline(admin.StackedInline):
    model = Subform
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Instrument)
class InstrumentAdmin(SourcedAdmin):
    list_display = ["name", "short_name", "kind", "report_section", "order", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "short_name", "lead", "terms__synonyms__text"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["confused_with", "combinable_with"]
    inlines = [ActorInline, StepInline, SubformInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "short_name", "kind", "report_section", "order"]}),
        (_("Text"), {"fields": ["lead", "body"]}),
        (
            _("Pengar, risk och regler"),
            {"fields": ["who_finances", "risk_bearer", "procurement_notes"]},
        ),
        (
            _("Samband"),
            {"fields": ["not_to_confuse_note", "confused_with", "combinable_with", "tags"]},
        ),
        (_("Publicering"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]


class SynonymInline(admin.TabularInline):
    model = Synonym
    extra = 1
    fields = ["text", "language", "note", "search_aid"]


class DefinitionInline(admin.StackedInline):
    model = Definition
    extra = 0
    autocomplete_fields = ["publication"]


@admin.register(Term)
class TermAdmin(SourcedAdmin):
    list_display = ["term", "instrument", "synonym_list", "report_section", "status"]
    list_filter = ["status", "instrument"]
    list_select_related = ["instrument"]
    search_fields = ["term", "definition", "synonyms__text"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["instrument", "related"]
    inlines = [SynonymInline, DefinitionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("synonyms")

    @admin.display(description=_("synonymer"))
    def synonym_list(self, obj):
        return ", ".join(s.text for s in obj.synonyms.all())


@admin.register(Synonym)
class SynonymAdmin(ChildAdmin):
    list_display = ["text", "term", "language", "search_aid"]
    list_filter = ["language", "search_aid"]
    list_select_related = ["term"]
    search_fields = ["text", "term__term"]
    autocomplete_fields = ["term"]


@admin.register(Audience)
class AudienceAdmin(SourcedAdmin):
    list_display = ["name", "order", "status"]
    search_fields = ["name", "lead"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["instruments"]


@admin.register(Publication)
class PublicationAdmin(CuratedAdmin):
    list_display = ["title", "kind", "publisher", "year", "in_reading_list", "status"]
    list_filter = ["status", "kind", "in_reading_list"]
    search_fields = ["title", "authors", "publisher", "isbn", "url"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(LegalNote)
class LegalNoteAdmin(SourcedAdmin):
    list_display = ["title", "report_section", "status"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["instruments"]


@admin.register(Step)
class StepAdmin(ChildAdmin):
    list_display = ["instrument", "order", "actor", "action", "recipient", "flow"]
    list_filter = ["instrument", "flow"]
    list_select_related = ["instrument"]
    search_fields = ["actor", "action", "recipient", "description"]


@admin.register(Subform)
class SubformAdmin(ChildAdmin):
    list_display = ["title", "instrument", "report_section"]
    list_select_related = ["instrument"]
    search_fields = ["title", "body"]


@admin.register(Definition)
class DefinitionAdmin(ChildAdmin):
    list_display = ["term", "source", "publication", "locator"]
    list_select_related = ["term", "publication"]
    search_fields = ["text", "source", "term__term"]
    autocomplete_fields = ["term", "publication"]


@admin.register(Citation)
class CitationAdmin(ChildAdmin):
    list_display = ["__str__", "content_type", "object_id", "locator"]
    list_filter = ["content_type"]
    list_select_related = ["publication", "content_type"]
    search_fields = ["publication__title", "url", "locator", "note"]
    autocomplete_fields = ["publication"]
