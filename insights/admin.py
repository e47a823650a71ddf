from django.contrib import admin

from instruments.admin import SourcedAdmin
from publishing.admin import ChildAdmin

from .models import (
    Activity,
    ActivityChallenge,
    ActivityQuestion,
    Dialogue,
    InsightArea,
    KeyFigure,
    Quote,
    Recommendation,
    SubTheme,
)


class SubThemeInline(admin.StackedInline):
    model = SubTheme
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


class QuoteInline(admin.StackedInline):
    """Quotes are edited here, but published through their own page."""

    model = Quote
    extra = 0
    fields = ["text", "role", "section", "sub_theme", "order", "status"]
    readonly_fields = ["status"]
    show_change_link = True


@admin.register(InsightArea)
class InsightAreaAdmin(SourcedAdmin):
    list_display = ["number", "title", "status"]
    search_fields = ["number", "title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["instruments", "audiences"]
    inlines = [SubThemeInline, QuoteInline]


@admin.register(Quote)
class QuoteAdmin(SourcedAdmin):
    list_display = ["__str__", "role", "section", "insight_area", "activity", "status"]
    list_filter = ["status", "role", "insight_area", "activity"]
    list_select_related = ["insight_area", "activity"]
    search_fields = ["text"]
    autocomplete_fields = ["insight_area", "activity", "term", "instruments"]


class ChallengeInline(admin.TabularInline):
    model = ActivityChallenge
    extra = 0
    autocomplete_fields = ["insight_area"]


class QuestionInline(admin.TabularInline):
    model = ActivityQuestion
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SourcedAdmin):
    list_display = ["number", "title", "status"]
    search_fields = ["number", "title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ChallengeInline, QuestionInline, QuoteInline]


@admin.register(Recommendation)
class RecommendationAdmin(SourcedAdmin):
    list_display = ["number", "text", "status"]
    search_fields = ["text"]
    filter_horizontal = ["activities"]


@admin.register(KeyFigure)
class KeyFigureAdmin(SourcedAdmin):
    list_display = ["value", "label", "section", "status"]
    search_fields = ["value", "label"]
    autocomplete_fields = ["insight_area", "activity", "instrument"]


@admin.register(Dialogue)
class DialogueAdmin(SourcedAdmin):
    list_display = ["date", "audiences_text", "description", "status"]
    list_filter = ["status", "date"]
    search_fields = ["audiences_text", "description"]
    date_hierarchy = "date"


@admin.register(SubTheme)
class SubThemeAdmin(ChildAdmin):
    list_display = ["title", "insight_area", "order"]
    list_select_related = ["insight_area"]
    search_fields = ["title", "body"]


@admin.register(ActivityChallenge)
class ActivityChallengeAdmin(ChildAdmin):
    list_display = ["text", "activity", "insight_area"]
    list_filter = ["activity", "insight_area"]
    list_select_related = ["activity", "insight_area"]
    search_fields = ["text"]


@admin.register(ActivityQuestion)
class ActivityQuestionAdmin(ChildAdmin):
    list_display = ["text", "activity"]
    list_filter = ["activity"]
    list_select_related = ["activity"]
    search_fields = ["text"]
