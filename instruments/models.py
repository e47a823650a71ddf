"""The five instruments and the shared vocabulary around them.

Glossary terms with their synonyms, the report's audiences, publications and
the citations that tie every record to its sources.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy, pgettext_lazy
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from publishing.models import CuratedModel, TaggedRecord, choice_constraint
from search.fields import (
    Searchable,
    SearchVocabulary,
    search_indexes,
    search_text_field,
    search_vector_field,
)

from .sources import Citation, Publication, PublicationKind, SourcedModel, citations_prefetch

__all__ = ["Citation", "Publication", "PublicationKind", "SourcedModel", "citations_prefetch"]


class Audience(SourcedModel):
    """One of the report's target groups (målgrupper)."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    lead = models.TextField(
        _("ingress"), blank=True, help_text=_("Vad som är viktigt för just den här målgruppen.")
    )
    body = models.TextField(_("brödtext"), blank=True, help_text=_("Markdown."))
    instruments = models.ManyToManyField(
        "Instrument",
        verbose_name=_("instrument som är viktiga för målgruppen"),
        related_name="audiences",
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta(CuratedModel.Meta):
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hub:audience", args=[self.slug])


class InstrumentKind(models.TextChoices):
    FINANCING = "financing", _("Finansieringsform")
    COLLABORATION = "collaboration", _("Samverkansform")
    BOTH = "both", _("Finansierings- och samverkansform")


class Instrument(SourcedModel):
    """One of the report's five alternative financing and collaboration forms."""

    Kind = InstrumentKind

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    short_name = models.CharField(
        _("kort namn"), max_length=60, blank=True, help_text=_("Till exempel ”SIB” eller ”IOP”.")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    lead = models.TextField(_("ingress"), help_text=_("Två meningar om vad formen är."))
    body = models.TextField(_("brödtext"), blank=True, help_text=_("Markdown."))
    who_finances = models.TextField(_("vem finansierar"), blank=True)
    risk_bearer = models.TextField(_("vem bär den ekonomiska risken"), blank=True)
    procurement_notes = models.TextField(
        _("upphandling och juridik"),
        blank=True,
        help_text=_("LOU, statsstöd, kommunallagen: vad som kan bli aktuellt."),
    )
    not_to_confuse_note = models.TextField(
        _("inte att förväxla med"), blank=True, help_text=_("Vad formen ofta blandas ihop med.")
    )
    confused_with = models.ManyToManyField(
        "self", verbose_name=_("förväxlas med"), blank=True, symmetrical=True
    )
    combinable_with = models.ManyToManyField(
        "self", verbose_name=_("kan kombineras med"), blank=True, symmetrical=True
    )
    report_section = models.CharField(_("avsnitt i rapporten"), max_length=10, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    tags = TaggableManager(_("ämnen"), blank=True, through=TaggedRecord)
    search_vector = search_vector_field(
        a=["name"],
        b=["short_name", "lead"],
        c=["body", "who_finances", "risk_bearer", "procurement_notes", "not_to_confuse_note"],
    )
    search_text = search_text_field("name", "short_name", "lead")
    search_result = Searchable(
        pgettext_lazy("result type", "Instrument"),
        "instrument",
        "name",
        "lead",
        boost=1.3,
        order=1,
        counted=npgettext_lazy(
            "result type", "Instrument (%(count)s)", "Instrument (%(count)s)", "count"
        ),
        related=("tags__name", "subforms__title", "subforms__body"),
    )

    _history_m2m_fields = ["confused_with", "combinable_with"]

    class Meta(CuratedModel.Meta):
        verbose_name = _("instrument")
        verbose_name_plural = _("instrument")
        ordering = ["order", "name"]
        constraints = [
            *CuratedModel.Meta.constraints,
            choice_constraint("kind", InstrumentKind, "instrument_kind_valid"),
        ]
        indexes = search_indexes("instrument")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("instruments:detail", args=[self.slug])

    @property
    def main_term(self):
        """The glossary entry that carries this instrument's own name (and synonyms)."""
        return next((t for t in self.terms.all() if t.term == self.name), None)

    @property
    def other_terms(self):
        """Other glossary entries that name a variant of this instrument."""
        return [t for t in self.terms.all() if t.term != self.name]


class Actor(models.Model):
    """A party in an instrument's diagram: a column that steps go from and to."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(
        _("namn i diagrammet"), max_length=40, help_text=_("Kort, till exempel ”Investerare”.")
    )
    order = models.PositiveSmallIntegerField(
        _("ordning"), default=0, help_text=_("Kolumnens plats i diagrammet, från vänster.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktör i diagrammet")
        verbose_name_plural = _("aktörer i diagrammet")
        ordering = ["instrument", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "name"], name="actor_unique_name"),
        ]

    def __str__(self):
        return self.name


class StepFlow(models.TextChoices):
    MONEY = "money", _("Pengar")
    SERVICE = "service", _("Tjänst eller insats")
    OUTCOME = "outcome", _("Utfall och data")
    VALIDATION = "validation", _("Validering")
    AGREEMENT = "agreement", _("Avtal eller samordning")


class Step(models.Model):
    """One step of how an instrument works: actor → action → recipient."""

    Flow = StepFlow

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("steg nummer"))
    actor = models.CharField(_("aktör"), max_length=120, help_text=_("Vem gör något."))
    action = models.CharField(_("gör vad"), max_length=200)
    recipient = models.CharField(_("till vem"), max_length=120, blank=True)
    flow = models.CharField(_("vad som flödar"), max_length=20, choices=Flow.choices)
    description = models.TextField(_("förklaring"), blank=True)
    # The arrow in the diagram; the texts above are its words.
    source = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pil från"),
        help_text=_("Aktören i diagrammet som steget utgår från."),
    )
    target = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pil till"),
        help_text=_("Aktören som pilen pekar på; tomt om steget stannar hos aktören."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("så fungerar det (steg)")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "order"], name="step_unique_order"),
            choice_constraint("flow", StepFlow, "step_flow_valid"),
        ]

    def __str__(self):
        return f"{self.order}. {self.actor} {self.action}"

    def clean(self):
        for field in ("source", "target"):
            actor = getattr(self, field)
            if actor is not None and actor.instrument_id != self.instrument_id:
                raise ValidationError({field: _("Välj en aktör som hör till samma instrument.")})


class Subform(models.Model):
    """A variant the report describes inside an instrument (5.4.1, 5.4.2)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="subforms")
    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("ankare"), max_length=80)
    report_section = models.CharField(_("avsnitt i rapporten"), max_length=10, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("underform")
        verbose_name_plural = _("underformer")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "slug"], name="subform_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.instrument.get_absolute_url()}#{self.slug}"


class LegalNote(SourcedModel):
    """A legal comment that applies across instruments (report section 5.6)."""

    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    lead = models.TextField(_("ingress"))
    body = models.TextField(_("brödtext"), blank=True, help_text=_("Markdown."))
    report_section = models.CharField(_("avsnitt i rapporten"), max_length=10, blank=True)
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("gäller"), related_name="legal_notes", blank=True
    )

    class Meta(CuratedModel.Meta):
        verbose_name = _("juridisk kommentar")
        verbose_name_plural = _("juridiska kommentarer")
        ordering = ["report_section", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("instruments:list") + f"#{self.slug}"


class Term(SourcedModel):
    """A glossary entry. Its synonyms are rows of their own so search can expand them."""

    term = models.CharField(_("begrepp"), max_length=160, unique=True)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=120, unique=True)
    definition = models.TextField(
        _("förklaring"), help_text=_("Hubbens egen förklaring på enkel svenska.")
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("namnger instrumentet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terms",
        help_text=_("Om begreppet är namnet på ett av instrumenten."),
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("närliggande begrepp"), blank=True, symmetrical=True
    )
    report_section = models.CharField(_("avsnitt i rapporten"), max_length=10, blank=True)
    search_vector = search_vector_field(a=["term"], b=["definition"])
    search_text = search_text_field("term", "definition")
    search_result = Searchable(
        pgettext_lazy("result type", "Begrepp"),
        "begrepp",
        "term",
        "definition",
        boost=0.9,
        order=5,
        counted=npgettext_lazy(
            "result type", "Begrepp (%(count)s)", "Begrepp (%(count)s)", "count"
        ),
        merge_into="instrument",
    )
    search_vocabulary = SearchVocabulary("term", "synonyms__text", names_also="instrument")

    class Meta(CuratedModel.Meta):
        verbose_name = _("begrepp")
        verbose_name_plural = _("begrepp")
        ordering = ["term"]
        indexes = search_indexes("term")

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("instruments:glossary") + f"#{self.slug}"


class Language(models.TextChoices):
    SWEDISH = "sv", _("svenska")
    ENGLISH = "en", _("engelska")


class Synonym(models.Model):
    """Another word for a term: an abbreviation, an English name, a prefix variant."""

    Language = Language

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="synonyms")
    text = models.CharField(_("synonym"), max_length=160)
    language = models.CharField(
        _("språk"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    search_aid = models.BooleanField(
        _("hubbens sökord"),
        default=False,
        help_text=_(
            "Markera när ordet inte kommer från rapporten eller en citerad källa, utan är "
            "hubbens eget sökord för att sökningen ska hitta rätt."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        ordering = ["term", "text"]
        constraints = [
            models.UniqueConstraint(Lower("text"), "term", name="synonym_unique_per_term"),
            choice_constraint("language", Language, "synonym_language_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="synonym_not_empty"),
        ]

    def __str__(self):
        return self.text


class Definition(models.Model):
    """A source's own definition of a term, quoted word for word."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="definitions")
    source = models.CharField(_("vem definierar"), max_length=160)
    text = models.TextField(_("definition (ordagrant)"))
    publication = models.ForeignKey(
        Publication, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="definitions"
    )
    locator = models.CharField(_("var i källan"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("definition")
        verbose_name_plural = _("definitioner")
        ordering = ["term", "order"]

    def __str__(self):
        return f"{self.term}: {self.source}"
