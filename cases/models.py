"""Swedish cases, the organisations in them and their roles, and places."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy, pgettext_lazy
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from insights.models import InsightArea
from instruments.models import Audience, Instrument, SourcedModel
from publishing.models import (
    CuratedQuerySet,
    Status,
    TaggedRecord,
    choice_constraint,
    year_constraint,
)
from search.fields import Searchable, search_indexes, search_text_field, search_vector_field

from .deal_terms import DealTerm
from .milestones import Milestone, month_constraint
from .organisations import Organisation, OrganisationKind, Sector
from .places import County, Municipality
from .suggestions import Suggestion

# Defined in modules of their own, registered with the app here.
__all__ = [
    "County",
    "DealTerm",
    "Milestone",
    "Municipality",
    "Organisation",
    "OrganisationKind",
    "Sector",
    "Suggestion",
]


class PolicyArea(models.Model):
    """A welfare area a case works in (”Barn och unga”, ”Folkhälsa” …)."""

    name = models.CharField(_("namn"), max_length=80, unique=True)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("verksamhetsområde")
        verbose_name_plural = _("verksamhetsområden")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:list") + f"?omrade={self.slug}"


class Stage(models.TextChoices):
    IDEA = "idea", _("Idé eller förstudie")
    PLANNING = "planning", _("Planering")
    IMPLEMENTATION = "implementation", _("Genomförande")
    COMPLETED = "completed", _("Avslutad")
    DISCONTINUED = "discontinued", _("Avbruten")


def _non_negative(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}), name=name
    )


class CaseQuerySet(CuratedQuerySet):
    def for_cards(self):
        """With what a case card in a list shows: instruments and places."""
        return self.prefetch_related(*Case.card_prefetches())


class Case(SourcedModel):
    """A Swedish example of an alternative financing or collaboration form."""

    Stage = Stage

    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=120, unique=True)
    lead = models.TextField(_("ingress"), help_text=_("Två meningar: vem, vad, varför."))
    body = models.TextField(_("brödtext"), blank=True, help_text=_("Markdown."))
    instruments = models.ManyToManyField(
        Instrument,
        verbose_name=_("instrument"),
        related_name="cases",
        help_text=_("Formerna kan kombineras; välj alla som används."),
    )
    stage = models.CharField(_("skede"), max_length=20, choices=Stage.choices)
    stage_note = models.CharField(
        _("skedet gäller"),
        max_length=200,
        blank=True,
        help_text=_(
            "När och enligt vilken källa skedet gäller, till exempel ”enligt källan från 2017”. "
            "Lämna tomt när skedet är bekräftat."
        ),
    )
    start_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(_("startmånad"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("slutår"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("slutmånad"), null=True, blank=True)
    policy_areas = models.ManyToManyField(
        PolicyArea, verbose_name=_("verksamhetsområden"), related_name="cases", blank=True
    )
    target_group = models.TextField(_("målgrupp för insatsen"), blank=True)
    people_reached = models.PositiveIntegerField(
        _("antal deltagare"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om det inte är känt. Okänt är inte noll."),
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("kommuner"), related_name="cases", blank=True
    )
    counties = models.ManyToManyField(
        County, verbose_name=_("län"), related_name="cases", blank=True
    )
    investment_sek = models.BigIntegerField(
        _("investerat belopp (kr)"),
        null=True,
        blank=True,
        help_text=_("Externt eller internt kapital som finansierar insatsen. Tomt om okänt."),
    )
    max_outcome_payment_sek = models.BigIntegerField(
        _("högsta utfallsbetalning (kr)"), null=True, blank=True
    )
    total_cost_sek = models.BigIntegerField(_("total kostnad (kr)"), null=True, blank=True)
    amounts_note = models.TextField(
        _("kommentar till beloppen"), blank=True, help_text=_("Vad beloppen omfattar, och källan.")
    )
    results = models.TextField(_("resultat"), blank=True, help_text=_("Markdown."))
    lessons = models.TextField(_("lärdomar"), blank=True, help_text=_("Markdown."))
    figures_conflict_note = models.TextField(
        _("källorna går isär"),
        blank=True,
        help_text=_("Skriv här när källorna anger olika siffror eller bedömningar."),
    )
    insight_areas = models.ManyToManyField(
        InsightArea, verbose_name=_("insiktsområden"), related_name="cases", blank=True
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("målgrupper"), related_name="cases", blank=True
    )
    last_verified = models.DateField(_("senast kontrollerad"), null=True, blank=True)
    tags = TaggableManager(_("ämnen"), blank=True, through=TaggedRecord)
    search_vector = search_vector_field(
        a=["title"],
        b=["lead", "target_group"],
        c=["body", "results", "lessons", "amounts_note", "figures_conflict_note"],
    )
    search_text = search_text_field("title")
    search_result = Searchable(
        pgettext_lazy("result type", "Exempel"),
        "exempel",
        "title",
        "lead",
        boost=1.1,
        order=2,
        counted=npgettext_lazy(
            "result type", "Exempel (%(count)s)", "Exempel (%(count)s)", "count"
        ),
        related=(
            "tags__name",
            "policy_areas__name",
            "participations__organisation__name",
            "participations__description",
            "outcome_metrics__name",
            "outcome_metrics__target",
            "outcome_metrics__result",
            "milestones__text",
            "deal_terms__text",
        ),
    )

    # Kept in the history of every version (django-simple-history).
    _history_m2m_fields = [
        "instruments",
        "policy_areas",
        "municipalities",
        "counties",
        "insight_areas",
        "audiences",
    ]
    required_for_publishing = {
        **SourcedModel.required_for_publishing,
        "instruments": _("Välj minst ett instrument innan exemplet publiceras."),
        "participations": _("Lägg till minst en aktör med roll innan exemplet publiceras."),
    }

    objects = CaseQuerySet.as_manager()

    class Meta(SourcedModel.Meta):
        verbose_name = _("exempel")
        verbose_name_plural = _("exempel")
        ordering = ["-start_year", "title"]
        indexes = [
            *search_indexes("case"),
            # "Newest first", the order of the start page, lists and feeds.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(status=Status.PUBLISHED),
                name="case_newest_published",
            ),
            # The sitemap's and the feeds' "last changed": MAX(updated_at) of
            # the published cases, read from the index's end.
            models.Index(
                F("updated_at").desc(),
                condition=Q(status=Status.PUBLISHED),
                name="case_changed_published",
            ),
        ]
        constraints = [
            *SourcedModel.Meta.constraints,
            choice_constraint("stage", Stage, "case_stage_valid"),
            year_constraint("start_year", "case_start_year_plausible"),
            year_constraint("end_year", "case_end_year_plausible"),
            month_constraint("start_month", "case_start_month_valid"),
            month_constraint("end_month", "case_end_month_valid"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gt=F("start_year"))
                | (
                    Q(end_year=F("start_year"))
                    & (
                        Q(start_month__isnull=True)
                        | Q(end_month__isnull=True)
                        | Q(end_month__gte=F("start_month"))
                    )
                ),
                name="case_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True) | Q(start_year__isnull=False),
                name="case_start_month_needs_year",
            ),
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_year__isnull=False),
                name="case_end_month_needs_year",
            ),
            _non_negative("investment_sek", "case_investment_non_negative"),
            _non_negative("max_outcome_payment_sek", "case_max_payment_non_negative"),
            _non_negative("total_cost_sek", "case_total_cost_non_negative"),
        ]

    @staticmethod
    def card_prefetches():
        return [
            models.Prefetch("instruments", queryset=Instrument.objects.published()),
            "municipalities",
            "counties",
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start_month and not self.start_year:
            errors["start_month"] = _("Ange startår när du anger startmånad.")
        if self.end_month and not self.end_year:
            errors["end_month"] = _("Ange slutår när du anger slutmånad.")
        if self.start_year and self.end_year:
            start = (self.start_year, self.start_month or 1)
            end = (self.end_year, self.end_month or 12)
            if end < start:
                errors["end_year"] = _("Slutet kan inte ligga före starten.")
        for field in ("investment_sek", "max_outcome_payment_sek", "total_cost_sek"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("Ett belopp kan inte vara negativt.")
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    """Roles as in the INDIGO data standard, plus issuer, adviser and partner."""

    OUTCOME_PAYER = "outcome_payer", _("Utfallsbetalare (beställare)")
    INVESTOR = "investor", _("Investerare")
    SERVICE_PROVIDER = "service_provider", _("Utförare")
    INTERMEDIARY = "intermediary", _("Intermediär eller projektorganisation")
    EVALUATOR = "evaluator", _("Utvärderare eller validerare")
    ISSUER = "issuer", _("Emittent")
    ADVISER = "adviser", _("Rådgivare eller arrangör")
    PARTNER = "partner", _("Samarbetspartner")


class ParticipationQuerySet(models.QuerySet):
    def with_public_organisation(self):
        return self.filter(organisation__status=Status.PUBLISHED).select_related("organisation")

    def public(self):
        """The roles shown to everyone: of a published organisation in a published case."""
        return self.with_public_organisation().filter(case__status=Status.PUBLISHED)


class Participation(models.Model):
    """An organisation's role in a case."""

    Role = Role

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("aktör"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    description = models.CharField(
        _("vad aktören gör"), max_length=300, blank=True, help_text=_("Med egna ord, kort.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("medverkan")
        verbose_name_plural = _("medverkande aktörer")
        ordering = ["case", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation", "role"], name="participation_unique_role"
            ),
            choice_constraint("role", Role, "participation_role_valid"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()}"


class OutcomeMetric(models.Model):
    """What a case measures, its target and the result when known."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcome_metrics")
    name = models.CharField(_("utfallsmått"), max_length=200)
    target = models.CharField(_("mål"), max_length=300, blank=True)
    result = models.TextField(_("resultat"), blank=True, help_text=_("Tomt om det inte är känt."))
    pays_out = models.BooleanField(
        _("utlöser betalning"),
        null=True,
        blank=True,
        help_text=_(
            "Ja: utfallet avgör vad som betalas. Nej: måttet följs bara upp. "
            "Tomt om källorna inte säger det."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfallsmått")
        verbose_name_plural = _("utfallsmått")
        ordering = ["case", "order", "pk"]

    def __str__(self):
        return self.name
