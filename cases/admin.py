from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from instruments.admin import SourcedAdmin
from publishing.admin import ChildAdmin

from .deals import DealTermForm
from .models import (
    Case,
    County,
    DealTerm,
    Milestone,
    Municipality,
    Organisation,
    OutcomeMetric,
    Participation,
    PolicyArea,
    Suggestion,
)
from .services import draft_case_from_suggestion


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "description", "order"]


class DealTermInline(admin.TabularInline):
    """Pengar och risk: one row per value and source."""

    model = DealTerm
    form = DealTermForm
    extra = 0
    autocomplete_fields = ["organisation", "publication"]
    fields = DealTermForm.Meta.fields


class OutcomeMetricInline(admin.TabularInline):
    model = OutcomeMetric
    extra = 0
    fields = ["name", "target", "result", "pays_out", "order"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["year", "month", "day", "when_text", "text"]


@admin.register(Case)
class CaseAdmin(SourcedAdmin):
    list_display = ["title", "stage", "start_year", "end_year", "status", "updated_at"]
    list_filter = ["status", "stage", "instruments", "policy_areas", "counties"]
    search_fields = ["title", "lead", "body", "participations__organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "instruments",
        "municipalities",
        "counties",
        "insight_areas",
        "audiences",
        "policy_areas",
    ]
    inlines = [ParticipationInline, DealTermInline, OutcomeMetricInline, MilestoneInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "instruments", "stage", "stage_note"]}),
        (
            _("Tid och plats"),
            {
                "fields": [
                    ("start_year", "start_month"),
                    ("end_year", "end_month"),
                    "municipalities",
                    "counties",
                ]
            },
        ),
        (
            _("Insatsen"),
            {"fields": ["policy_areas", "target_group", "people_reached"]},
        ),
        (
            _("Belopp"),
            {
                "fields": [
                    "investment_sek",
                    "max_outcome_payment_sek",
                    "total_cost_sek",
                    "amounts_note",
                ]
            },
        ),
        (
            _("Resultat och lärdomar"),
            {"fields": ["results", "lessons", "figures_conflict_note"]},
        ),
        (
            _("Samband"),
            {"fields": ["insight_areas", "audiences", "tags", "last_verified"]},
        ),
        (_("Publicering"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(SourcedAdmin):
    list_display = ["name", "sector", "kind", "municipality", "county", "status"]
    list_filter = ["status", "sector", "kind", "county"]
    list_select_related = ["municipality", "county"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "county"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "official_name", "county"]
    list_filter = ["county"]
    list_select_related = ["county"]
    search_fields = ["code", "name", "official_name"]


@admin.register(PolicyArea)
class PolicyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Participation)
class ParticipationAdmin(ChildAdmin):
    list_display = ["organisation", "role", "case"]
    list_filter = ["role", "organisation__sector"]
    list_select_related = ["organisation", "case"]
    search_fields = ["organisation__name", "case__title", "description"]
    autocomplete_fields = ["organisation", "case"]


@admin.register(OutcomeMetric)
class OutcomeMetricAdmin(ChildAdmin):
    list_display = ["name", "case", "target"]
    list_select_related = ["case"]
    search_fields = ["name", "target", "result", "case__title"]


@admin.register(DealTerm)
class DealTermAdmin(ChildAdmin):
    list_display = ["kind", "value", "qualifier", "case", "publication", "disputed"]
    list_filter = ["kind", "disputed"]
    list_select_related = ["case", "publication"]
    search_fields = ["text", "case__title", "publication__title"]
    autocomplete_fields = ["case", "organisation", "publication"]


@admin.register(Milestone)
class MilestoneAdmin(ChildAdmin):
    list_display = ["when", "text", "case"]
    list_select_related = ["case"]
    search_fields = ["text", "case__title"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The moderation queue of visitors' tips. Everything a visitor wrote is
    shown as plain text (escaped); nothing here is ever public."""

    list_display = ["title", "place", "instrument", "submitted_at", "state", "case"]
    list_filter = ["state", "instrument"]
    list_select_related = ["instrument", "case"]
    search_fields = ["title", "organisations", "place", "description", "contact_email"]
    readonly_fields = [
        "title",
        "organisations",
        "instrument",
        "place",
        "description",
        "source_links",
        "contact_email",
        "submitted_at",
        "case",
    ]
    fields = [*readonly_fields, "state"]
    actions = ["make_draft_cases", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Skapa utkast till exempel"))
    def make_draft_cases(self, request, queryset):
        created = [
            draft_case_from_suggestion(suggestion, request.user)
            for suggestion in queryset.filter(state=Suggestion.State.NEW)
        ]
        if not created:
            self.message_user(
                request, gettext_now("Inga nya tips att göra utkast av."), messages.WARNING
            )
            return None
        self.message_user(
            request,
            gettext_now("%(count)d utkast skapade. Komplettera och skicka till granskning.")
            % {"count": len(created)},
            messages.SUCCESS,
        )
        if len(created) == 1:
            return HttpResponseRedirect(reverse("admin:cases_case_change", args=[created[0].pk]))
        return None

    @admin.action(description=_("Avvisa"))
    def reject(self, request, queryset):
        queryset.filter(state=Suggestion.State.NEW).update(state=Suggestion.State.REJECTED)
